import { can, type Role } from '../../shared/auth/permissions';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, LOP_STATUS_LABELS } from '../../shared/cases/case.contract';
import { POLICY_PRIORITY_LABELS, SUBSCRIBER_RELATIONSHIP_LABELS } from '../../shared/patients/patient.contract';
import { REFERRAL_STATUS_LABELS } from '../../shared/referrals/referral.contract';
import { dateInZone, timeInZone } from '../format/time';
import { useChannel } from '../platform/use-channel';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, ErrorState, LoadingState, Notice } from '../ui/states';
import { formatCents, formatDate } from './format';
import type { PatientView } from './patients-screen';


function consent(value: boolean) {
  return <span className={`chip ${value ? 'chip--positive' : 'chip--neutral'}`}>{value ? 'Consents' : 'Opted out'}</span>;
}

export function PatientChartView({ patientId, notice, roles, onNavigate }: { patientId: string; notice: string | null; roles: readonly Role[]; onNavigate: (view: PatientView) => void }) {
  const [chart, reload] = useChannel('patient.get', { id: patientId });
  const subject = { roles };
  if (chart.status === 'loading') return <LoadingState label="Loading the chart…" />;
  if (chart.status === 'error') return <ErrorState error={chart.error} onRetry={reload} />;
  const p = chart.value;
  return (
    <>
      <PageHeader
        title={p.displayName}
        subtitle={
          <>
            Legal name {p.legalName} · born {formatDate(p.dateOfBirth)} · MRN <code>{p.mrn}</code>
            {p.mrnIsProvisional && <span className="chip chip--neutral"> provisional until synced</span>}
          </>
        }
        actions={
          <div className="button-row">
            <button type="button" className="button" onClick={() => onNavigate({ screen: 'search' })}>Back to search</button>
            {can(subject, 'patient.write') && <button type="button" className="button button--primary" onClick={() => onNavigate({ screen: 'edit', patientId })}>Edit patient</button>}
            {can(subject, 'patient.merge') && <button type="button" className="button" onClick={() => onNavigate({ screen: 'merge', patientId })}>Merge a duplicate…</button>}
          </div>
        }
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <div className="grid grid--two">
        <Card title="Demographics and contact">
          <dl className="details">
            <div><dt>Sex</dt><dd>{p.sex}</dd></div>
            <div><dt>Phone</dt><dd>{p.phone ?? '—'}</dd></div>
            <div><dt>Email</dt><dd>{p.email ?? '—'}</dd></div>
            <div><dt>Address</dt><dd>{[p.addressLine1, p.addressLine2, p.city, p.state, p.postalCode].filter(Boolean).join(', ') || '—'}</dd></div>
            <div><dt>Preferred language</dt><dd>{p.preferredLanguage ?? '—'}</dd></div>
            <div><dt>Text messages</dt><dd>{consent(p.smsConsent)}</dd></div>
            <div><dt>Email</dt><dd>{consent(p.emailConsent)}</dd></div>
            <div><dt>Phone calls</dt><dd>{consent(p.phoneConsent)}</dd></div>
            <div><dt>Emergency contact</dt><dd>{p.emergencyContactName ? `${p.emergencyContactName}, ${p.emergencyContactPhone ?? 'no phone'}` : '—'}</dd></div>
          </dl>
          {p.notes && (
            <>
              <h3 className="card__subtitle">Staff notes</h3>
              <p>{p.notes}</p>
            </>
          )}
        </Card>
        <Card title="Insurance">
          {p.insurances.length === 0 ? (
            <EmptyState title="No insurance on file" />
          ) : (
            <div className="table-wrap" role="region" aria-label="Insurance policies, scrollable" tabIndex={0}>
            <table className="table table--dense" aria-label="Insurance policies">
              <thead><tr><th scope="col">Priority</th><th scope="col">Payer</th><th scope="col">Member / group</th><th scope="col">Subscriber</th><th scope="col">Card</th></tr></thead>
              <tbody>
                {p.insurances.map((policy) => (
                  <tr key={policy.id}>
                    <th scope="row">{POLICY_PRIORITY_LABELS[policy.priority] ?? `#${policy.priority}`}</th>
                    <td>{policy.payerName}{policy.payerId ? ` (${policy.payerId})` : ''}</td>
                    <td>{policy.memberId}{policy.groupNumber ? ` / ${policy.groupNumber}` : ''}</td>
                    <td>{policy.subscriberName} ({SUBSCRIBER_RELATIONSHIP_LABELS[policy.subscriberRelationship]})</td>
                    <td>{policy.cardFrontDocumentId ? 'On file' : 'None'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </Card>
      </div>
      <Card
        title="Cases"
        actions={can(subject, 'case.write') ? <button type="button" className="button" onClick={() => onNavigate({ screen: 'case', patientId, caseId: null })}>New case</button> : undefined}
      >
        {p.cases.length === 0 ? (
          <EmptyState title="No cases" />
        ) : (
          <div className="table-wrap" role="region" aria-label="Cases, scrollable" tabIndex={0}>
          <table className="table" aria-label="Cases">
            <thead><tr><th scope="col">Case</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Injury</th><th scope="col">Attorney</th><th scope="col">LOP</th><th scope="col">Policy limit</th><th scope="col">Warning</th></tr></thead>
            <tbody>
              {p.cases.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {can(subject, 'case.write') ? (
                      <button type="button" className="button button--link" onClick={() => onNavigate({ screen: 'case', patientId, caseId: c.id })}>{c.caseNumber}</button>
                    ) : c.caseNumber}
                  </th>
                  <td>{CASE_TYPE_LABELS[c.caseType]}</td>
                  <td>{CASE_STATUS_LABELS[c.status]}</td>
                  <td>{formatDate(c.dateOfInjury)}{c.accidentState ? `, ${c.accidentState}` : ''}</td>
                  <td>{c.attorneyName ? `${c.attorneyName} (${c.firmName ?? ''})` : '—'}</td>
                  <td>{LOP_STATUS_LABELS[c.lopStatus]}</td>
                  <td>{formatCents(c.policyLimitCents)}</td>
                  <td>{c.treatmentGap ? <span className="chip chip--refused">{c.treatmentGap.message}</span> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
      </Card>
      <div className="grid grid--two">
        <Card
          title="Referrals"
          actions={can(subject, 'referral.write') ? <button type="button" className="button" onClick={() => onNavigate({ screen: 'referral', patientId, referralId: null })}>New referral</button> : undefined}
        >
          {p.referrals.length === 0 ? (
            <EmptyState title="No referrals" />
          ) : (
            <ul className="plain-list">
              {p.referrals.map((r) => (
                <li key={r.id}>
                  {can(subject, 'referral.write') ? (
                    <button type="button" className="button button--link" onClick={() => onNavigate({ screen: 'referral', patientId, referralId: r.id })}>{r.referringDoctorName}</button>
                  ) : r.referringDoctorName}
                  {' '}· {formatDate(r.referredOn)} · {REFERRAL_STATUS_LABELS[r.status]}{r.reason ? ` · ${r.reason}` : ''} · {r.appointmentIds.length} appointment{r.appointmentIds.length === 1 ? '' : 's'}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Appointments">
          {p.appointments.length === 0 ? (
            <EmptyState title="No appointments you can see" />
          ) : (
            <ul className="plain-list">
              {p.appointments.slice(0, 12).map((a) => (
                <li key={a.id}>{dateInZone(a.startsAt, a.timeZone)} {timeInZone(a.startsAt, a.timeZone)} · {a.examTypeName} · {a.physicianName} · {a.status.replaceAll('_', ' ')}</li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
