import { useState, type ReactNode } from 'react';
import { can } from '../../shared/auth/permissions';
import { WORK_QUEUE_LIMIT, type InvoiceSummary } from '../../shared/billing/billing.contract';
import { hrefFor, navigate } from '../app/route';
import { formatCents, formatDate } from '../patients/format';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { invoiceLabel } from './billing-words';
import { CaptureChargesDialog, type UnbilledExam } from './invoices/capture-charges-dialog';
import { InvoiceEditor } from './invoices/invoice-editor';
import { InvoiceList } from './invoices/invoice-list';
import { StatementRunPanel } from './documents/statement-run-panel';
import { PaymentPosting, type PostingAccount } from './posting/payment-posting';
import { BILLING_VIEWS, BillingBackOffice, isBackOfficeView } from './billing-views';

/** How many rows of each queue the overview shows; the count in the card title is the whole queue. */
const SHOWN = 5;

function QueueCard<T>({ title, rows, empty, head, row }: {
  title: string;
  rows: readonly T[];
  empty: string;
  head: readonly string[];
  row: (item: T) => ReactNode;
}) {
  return (
    <Card title={`${title} (${rows.length >= WORK_QUEUE_LIMIT ? `${WORK_QUEUE_LIMIT}+` : rows.length})`}>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
          <table className="table table--dense">
            <thead>
              <tr>{head.map((label) => <th key={label} scope="col">{label}</th>)}</tr>
            </thead>
            <tbody>{rows.slice(0, SHOWN).map(row)}</tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

const invoiceHead = ['Invoice', 'Patient', 'Date', 'Balance'] as const;

function invoiceRow(invoice: InvoiceSummary) {
  return (
    <tr key={invoice.id}>
      <th scope="row"><a href={hrefFor('billing', 'invoices', invoice.id)}>{invoiceLabel(invoice)}</a></th>
      <td>{invoice.patientName}</td>
      <td>{formatDate(invoice.invoiceDate)}</td>
      <td className="cell--number">{formatCents(invoice.balanceCents)}</td>
    </tr>
  );
}

/** The billing views, addressed by the URL fragment: `#/billing`, `#/billing/invoices[/<id>|/new]`, `#/billing/payments`. */
type BillingView = { tab: 'queue' } | { tab: 'invoices'; invoiceId: string | null | undefined } | { tab: 'payments' };

function viewOf(path: readonly string[]): BillingView {
  if (path[0] === 'invoices') return { tab: 'invoices', invoiceId: path[1] === 'new' ? null : path[1] };
  if (path[0] === 'payments') return { tab: 'payments' };
  return { tab: 'queue' };
}

/**
 * The Billing section: the work queue (`billing.workQueue`) and statement run, the invoices with the
 * invoice editor, and payment posting. Each tab shows only for a role that can use it: front-desk staff
 * see invoices (read only) and "Take a payment"; the billing office sees everything.
 */
export function BillingScreen({ path = [] }: { path?: readonly string[] }) {
  const { session } = useSession();
  const isOffice = can(session, 'payment.post') || can(session, 'invoice.write');
  const backOffice = isBackOfficeView(path[0] ?? '') ? (path[0] as string) : null;
  const requested = viewOf(path);
  const view: BillingView = requested.tab === 'queue' && !isOffice ? { tab: 'payments' } : requested;
  const [account, setAccount] = useState<PostingAccount | null>(null);
  const tabs = [
    ...(isOffice ? [{ id: 'queue', label: 'Work queue', href: hrefFor('billing') }] : []),
    { id: 'invoices', label: 'Invoices', href: hrefFor('billing', 'invoices') },
    { id: 'payments', label: can(session, 'payment.post') ? 'Post payments' : 'Take a payment', href: hrefFor('billing', 'payments') },
    ...BILLING_VIEWS.filter((other) => other.render !== null && can(session, other.action)).map((other) => ({ id: other.id, label: other.label, href: hrefFor('billing', other.id) })),
  ];
  const current = backOffice ?? view.tab;
  const openInvoice = (invoiceId: string) => navigate('billing', 'invoices', invoiceId);
  return (
    <>
      {/* A back-office view brings its own page header. */}
      {!backOffice && (
        <PageHeader
          title="Billing"
          subtitle={isOffice ? 'What is waiting to be billed, sent or applied; invoices; payment posting and patient statements.' : 'Invoices and balances; take a patient’s payment.'}
          actions={can(session, 'invoice.write') ? <a className="button" href={hrefFor('billing', 'invoices', 'new')}>New invoice</a> : undefined}
        />
      )}
      <nav className="view-tabs" aria-label="Billing views">
        {tabs.map((tab) => (
          <a key={tab.id} className="view-tabs__tab" href={tab.href} aria-current={tab.id === current ? 'page' : undefined}>{tab.label}</a>
        ))}
      </nav>
      {backOffice && <BillingBackOffice view={backOffice} />}
      {!backOffice && view.tab === 'queue' && <WorkQueueView onPostFor={(next) => { setAccount(next); navigate('billing', 'payments'); }} />}
      {!backOffice && view.tab === 'invoices' && view.invoiceId === undefined && <InvoiceList />}
      {!backOffice && view.tab === 'invoices' && view.invoiceId !== undefined && (
        <InvoiceEditor key={view.invoiceId ?? 'new'} invoiceId={view.invoiceId} onOpen={openInvoice} onBack={() => history.back()} />
      )}
      {!backOffice && view.tab === 'payments' && <PaymentPosting account={account} onAccount={setAccount} onOpenInvoice={openInvoice} />}
    </>
  );
}

function WorkQueueView({ onPostFor }: { onPostFor: (account: PostingAccount) => void }) {
  const { session } = useSession();
  const [queue, reload] = useChannel('billing.workQueue', {});
  const [capturing, setCapturing] = useState<UnbilledExam | null>(null);
  const mayCapture = can(session, 'invoice.write');
  return (
    <>
      {queue.status === 'loading' && <LoadingState label="Loading the work queue…" />}
      {queue.status === 'error' && <ErrorState error={queue.error} onRetry={reload} />}
      {queue.status === 'ready' && (
        <div className="billing-queues">
          <QueueCard
            title="Completed exams without charges" rows={queue.value.unbilledExams} empty="Every completed exam has its charges."
            head={['Exam', 'Patient', 'Physician', 'Case']}
            row={(exam) => (
              <tr key={exam.appointmentId}>
                <th scope="row">
                  {mayCapture
                    ? <button type="button" className="button button--link" onClick={() => setCapturing(exam)} aria-label={`Capture charges: ${exam.examTypeName}, ${exam.patientName}`}>{exam.examTypeName}</button>
                    : exam.examTypeName}
                </th>
                <td>{exam.patientName}</td>
                <td>{exam.physicianName}</td>
                <td>{exam.caseNumber ?? '—'}</td>
              </tr>
            )}
          />
          <QueueCard title="Draft invoices" rows={queue.value.drafts} empty="No drafts." head={invoiceHead} row={invoiceRow} />
          <QueueCard title="Claims to send" rows={queue.value.claimsToSend} empty="No claims waiting." head={invoiceHead} row={invoiceRow} />
          <QueueCard
            title="Denied or rejected claims" rows={queue.value.denials} empty="No denials."
            head={['Invoice', 'Patient', 'Status', 'Reason']}
            row={(claim) => (
              <tr key={claim.id}>
                <th scope="row"><a href={hrefFor('billing', 'invoices', claim.invoiceId)}>{claim.invoiceNumber}</a></th>
                <td>{claim.patientName}</td>
                <td>{claim.status}</td>
                <td>{claim.statusReason ?? '—'}</td>
              </tr>
            )}
          />
          <QueueCard
            title="Unapplied payments" rows={queue.value.unappliedPayments} empty="Every payment is applied."
            head={['Received', 'Payer', 'Reference', 'Unapplied']}
            row={(payment) => (
              <tr key={payment.paymentId}>
                <th scope="row">
                  {payment.patientId
                    ? <button type="button" className="button button--link" onClick={() => onPostFor({ patientId: payment.patientId as string, name: payment.patientName ?? 'Account' })}>{formatDate(payment.receivedOn)}</button>
                    : formatDate(payment.receivedOn)}
                </th>
                <td>{payment.payerName ?? payment.patientName ?? payment.payerType}</td>
                <td>{payment.reference ?? '—'}</td>
                <td className="cell--number">{formatCents(payment.unappliedCents)}</td>
              </tr>
            )}
          />
        </div>
      )}
      {queue.status === 'ready' && Object.values(queue.value).every((rows) => rows.length === 0) && (
        <EmptyState title="Nothing is waiting">New completed exams, drafts and payments appear here.</EmptyState>
      )}
      <StatementRunPanel />
      {capturing && <CaptureChargesDialog exam={capturing} onClose={() => setCapturing(null)} onCaptured={(invoiceId) => { setCapturing(null); navigate('billing', 'invoices', invoiceId); }} />}
    </>
  );
}
