import type { ReactNode } from 'react';
import { WORK_QUEUE_LIMIT, type InvoiceSummary } from '../../shared/billing/billing.contract';
import { formatCents, formatDate } from '../patients/format';
import { useChannel } from '../platform/use-channel';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { StatementRunPanel } from './documents/statement-run-panel';
import { useRoute } from '../app/route';
import { AgingScreen } from './aging-screen';
import { BillingTabs, isBillingReportView } from './billing-tabs';
import { LedgerScreen } from './ledger-screen';
import { LopBoard } from './lop-board';

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
      <th scope="row">{invoice.invoiceNumber ?? invoice.provisionalNumber}</th>
      <td>{invoice.patientName}</td>
      <td>{formatDate(invoice.invoiceDate)}</td>
      <td className="cell--number">{formatCents(invoice.balanceCents)}</td>
    </tr>
  );
}

/** The Billing section: the tab row, then the work queue (`#/billing`) or a report (`#/billing/ledger`, `…/aging`, `…/lop`). */
export function BillingScreen() {
  const view = useRoute().path[0];
  const report = isBillingReportView(view) ? view : null;
  return (
    <>
      <BillingTabs current={report} />
      {report === 'ledger' && <LedgerScreen />}
      {report === 'aging' && <AgingScreen />}
      {report === 'lop' && <LopBoard />}
      {report === null && <WorkQueueScreen />}
    </>
  );
}

/**
 * The billing clerk's overview: the work queue (`billing.workQueue`: completed exams without charges,
 * drafts, claims to send, denials, unapplied payments) and the statement run.
 */
function WorkQueueScreen() {
  const [queue, reload] = useChannel('billing.workQueue', {});
  return (
    <>
      <PageHeader title="Billing" subtitle="What is waiting to be billed, sent or applied, and patient statements." />
      {queue.status === 'loading' && <LoadingState label="Loading the work queue…" />}
      {queue.status === 'error' && <ErrorState error={queue.error} onRetry={reload} />}
      {queue.status === 'ready' && (
        <div className="billing-queues">
          <QueueCard
            title="Completed exams without charges" rows={queue.value.unbilledExams} empty="Every completed exam has its charges."
            head={['Exam', 'Patient', 'Physician', 'Case']}
            row={(exam) => (
              <tr key={exam.appointmentId}>
                <th scope="row">{exam.examTypeName}</th>
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
                <th scope="row">{claim.invoiceNumber}</th>
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
                <th scope="row">{formatDate(payment.receivedOn)}</th>
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
    </>
  );
}
