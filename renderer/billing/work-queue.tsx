import { useState, type ReactNode } from 'react';
import { can } from '../../shared/auth/permissions';
import { WORK_QUEUE_LIMIT, type InvoiceSummary } from '../../shared/billing/billing.contract';
import { hrefFor, navigate } from '../app/route';
import { formatCents, formatDate } from '../patients/format';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { Card } from '../ui/page';
import { EmptyState, ErrorState, LoadingState } from '../ui/states';
import { invoiceLabel } from './billing-words';
import { CaptureChargesDialog, type UnbilledExam } from './invoices/capture-charges-dialog';
import { StatementRunPanel } from './documents/statement-run-panel';
import type { PostingAccount } from './posting/payment-posting';

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

/** The work queue (`billing.workQueue`) and the statement run: the billing office's first tab. */
export function WorkQueueView({ onPostFor }: { onPostFor: (account: PostingAccount) => void }) {
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
