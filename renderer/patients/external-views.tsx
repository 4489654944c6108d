import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, LOP_STATUS_LABELS } from '../../shared/cases/case.contract';
import { REFERRAL_STATUS_LABELS } from '../../shared/referrals/referral.contract';
import { useChannel } from '../platform/use-channel';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded } from '../ui/states';
import { formatCents, formatDate } from './format';

/** An attorney's own cases: billing status and documents; no clinical notes, no schedule. */
export function AttorneyCasesScreen() {
  const [cases, reload] = useChannel('case.attorneyList', {});
  return (
    <>
      <PageHeader title="Your cases" subtitle="Clients of yours treated here: case status, letter of protection, bills and documents." />
      <Loaded state={cases} onRetry={reload} loadingLabel="Loading your cases…" empty={<EmptyState title="No cases name you as the attorney" />}>
        {(list) => list.map((entry) => (
          <Card key={entry.case.id} title={`${entry.patientName} — case ${entry.case.caseNumber}`}>
            <dl className="details">
              <div><dt>Type</dt><dd>{CASE_TYPE_LABELS[entry.case.caseType]}</dd></div>
              <div><dt>Status</dt><dd>{CASE_STATUS_LABELS[entry.case.status]}</dd></div>
              <div><dt>Date of injury</dt><dd>{formatDate(entry.case.dateOfInjury)}</dd></div>
              <div><dt>Letter of protection</dt><dd>{LOP_STATUS_LABELS[entry.case.lopStatus]}</dd></div>
              <div><dt>Balance</dt><dd>{formatCents(entry.balanceCents)}</dd></div>
            </dl>
            {entry.invoices.length === 0 ? <p className="muted">No bills yet.</p> : (
              <table className="table table--dense" aria-label={`Bills of case ${entry.case.caseNumber}`}>
                <thead><tr><th scope="col">Bill</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col" className="cell--number">Billed</th><th scope="col" className="cell--number">Paid</th></tr></thead>
                <tbody>{entry.invoices.map((i) => <tr key={i.id}><th scope="row">{i.number}</th><td>{formatDate(i.date)}</td><td>{i.status.replaceAll('_', ' ')}</td><td className="cell--number">{formatCents(i.totalCents)}</td><td className="cell--number">{formatCents(i.paidCents)}</td></tr>)}</tbody>
              </table>
            )}
            <h3 className="card__subtitle">Documents</h3>
            {entry.documents.length === 0 ? <p className="muted">No documents.</p> : (
              <ul className="plain-list">{entry.documents.map((d) => <li key={d.id}>{d.title} ({d.kind.replaceAll('_', ' ')})</li>)}</ul>
            )}
          </Card>
        ))}
      </Loaded>
    </>
  );
}

/** A referring doctor's referred patients: name, date of birth, and how the referral is going. Read-only. */
export function ReferredPatientsScreen() {
  const [patients, reload] = useChannel('referral.referredPatients', {});
  return (
    <>
      <PageHeader title="Your referred patients" subtitle="Patients you referred to us and where each referral stands." />
      <Card>
        <Loaded state={patients} onRetry={reload} empty={<EmptyState title="No referrals from you yet" />}>
          {(list) => (
            <table className="table" aria-label="Referred patients">
              <thead><tr><th scope="col">Patient</th><th scope="col">Date of birth</th><th scope="col">Referred</th><th scope="col">Reason</th><th scope="col">Status</th></tr></thead>
              <tbody>{list.map((p) => <tr key={`${p.patientId}-${p.referredOn}`}><th scope="row">{p.displayName}</th><td>{formatDate(p.dateOfBirth)}</td><td>{formatDate(p.referredOn)}</td><td>{p.reason ?? '—'}</td><td>{REFERRAL_STATUS_LABELS[p.status]}</td></tr>)}</tbody>
            </table>
          )}
        </Loaded>
      </Card>
    </>
  );
}
