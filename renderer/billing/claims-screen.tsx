import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { BillingFile } from '../../shared/billing/billing-documents.contract';
import type { ClaimSettings, ClaimView } from '../../shared/billing/billing.contract';
import { CLAIM_STATUSES } from '../../shared/db/schema-v1';
import type { AppError } from '../../shared/ipc/result';
import { localDate } from '../../shared/time/facility-time';
import { dateInZone } from '../format/time';
import { formatCents, formatDate } from '../patients/format';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { Dialog } from '../ui/dialog';
import { offerDownload } from '../ui/download';
import { fieldErrors } from '../ui/field-errors';
import { Checkbox, SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { Loaded, Notice } from '../ui/states';

type ClaimStatus = ClaimView['status'];

/** Claims shown at first and added by "Show more"; `claim.list` answers at most MAX_LIST. */
const PAGE = 50;
const MAX_LIST = 500;
type Answer = 'accepted' | 'rejected' | 'paid' | 'denied';

const STATUS_LABEL: Record<ClaimStatus, string> = { draft: 'Draft', submitted: 'Submitted', accepted: 'Accepted', rejected: 'Rejected', paid: 'Paid', denied: 'Denied' };
const STATUS_CHIP: Record<ClaimStatus, string> = { draft: 'chip--neutral', submitted: 'chip--scheduled', accepted: 'chip--confirmed', rejected: 'chip--refused', paid: 'chip--positive', denied: 'chip--refused' };
/** The payer answers a claim may still receive (the same transitions `claim.setStatus` checks). */
const NEXT: Record<ClaimStatus, readonly Answer[]> = { draft: [], submitted: ['accepted', 'rejected', 'denied', 'paid'], accepted: ['paid', 'denied'], rejected: [], denied: [], paid: [] };

function offerFile(file: BillingFile): void {
  const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
  offerDownload(file.fileName, new Blob([bytes], { type: file.mimeType }));
}

/**
 * Claims: insurance invoices ready to claim, submitted in batches (`claim.ready`, `claim.submit`) with
 * their 837P file; claims by status and payer (`claim.list`) with the payer's answer
 * (`claim.setStatus`), resubmission as a corrected claim (`claim.resubmit`) and the CMS-1500 form.
 */
export function ClaimsScreen() {
  const [clinic] = useChannel('clinic.get', {});
  const zone = clinic.status === 'ready' ? clinic.value.defaultTimeZone : 'UTC';
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string; claimIds?: readonly string[] } | null>(null);
  const [claimsVersion, setClaimsVersion] = useState(0);
  const [busy, setBusy] = useState(false);

  async function download837(claimIds: readonly string[]) {
    setBusy(true);
    const result = await api.invoke('billingDocument.claim837p', { claimIds: [...claimIds] });
    setBusy(false);
    if (!result.ok) {
      setNotice({ tone: 'error', text: result.error.message, claimIds });
      return;
    }
    offerFile(result.value);
    const warnings = result.value.warnings.length > 0 ? ` Check: ${result.value.warnings.join(' ')}` : '';
    setNotice({ tone: 'success', text: `837P file ${result.value.fileName} with ${result.value.claimCount} ${result.value.claimCount === 1 ? 'claim' : 'claims'} is ready.${warnings}` });
  }

  async function downloadForm(claimId: string) {
    setBusy(true);
    const result = await api.invoke('billingDocument.cms1500Pdf', { claimId });
    setBusy(false);
    if (!result.ok) setNotice({ tone: 'error', text: result.error.message });
    else offerFile(result.value);
  }

  return (
    <>
      <PageHeader title="Claims" subtitle="Submit insurance claims in batches, record what each payer answered, and resubmit corrected claims." />
      {notice && (
        <Notice tone={notice.tone}>
          {notice.text}
          {notice.tone === 'success' && notice.claimIds && notice.claimIds.length > 0 && (
            <> <button type="button" className="button button--link" disabled={busy} onClick={() => void download837(notice.claimIds ?? [])}>Download 837P file</button></>
          )}
        </Notice>
      )}
      <ClaimSettingsCard />
      <ReadyCard
        onSubmitted={(batchId, claimIds) => {
          setNotice({ tone: 'success', text: `Batch ${batchId} submitted: ${claimIds.length} ${claimIds.length === 1 ? 'claim' : 'claims'}.`, claimIds });
          setClaimsVersion((version) => version + 1);
        }}
      />
      <ClaimsCard
        key={claimsVersion}
        zone={zone}
        busy={busy}
        onDownload837={(claimId) => void download837([claimId])}
        onDownloadForm={(claimId) => void downloadForm(claimId)}
        onNotice={(text, claimIds) => setNotice({ tone: 'success', text, ...(claimIds ? { claimIds } : {}) })}
      />
    </>
  );
}

interface SettingsForm {
  readonly receiverId: string;
  readonly receiverName: string;
  readonly usage: 'P' | 'T';
  readonly submitterId: string;
  readonly submitterName: string;
  readonly contactName: string;
  readonly contactPhone: string;
}

function toSettingsForm(settings: ClaimSettings): SettingsForm {
  return {
    receiverId: settings.receiverId ?? '', receiverName: settings.receiverName ?? '', usage: settings.usage ?? 'P', submitterId: settings.submitterId ?? '',
    submitterName: settings.submitterName ?? '', contactName: settings.contactName ?? '', contactPhone: settings.contactPhone ?? '',
  };
}

/**
 * The clinic's 837P envelope (`claimSettings.get`/`claimSettings.save`): a clinic setting, synced, so
 * every workstation writes the same ISA/GS sender and receiver and 1000A/1000B. Empty optional fields
 * fall back to the clinic's tax ID, legal name and phone.
 */
function ClaimSettingsCard() {
  const [settings, reload] = useChannel('claimSettings.get', {});
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState(false);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const current = form ?? (settings.status === 'ready' ? toSettingsForm(settings.value) : null);
  const set = (key: keyof SettingsForm, value: string) => {
    if (!current) return;
    setSaved(false);
    setForm({ ...current, [key]: value });
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!current) return;
    setSaving(true);
    setError(null);
    const optional = (value: string) => (value.trim() ? value : null);
    const result = await api.invoke('claimSettings.save', {
      receiverId: current.receiverId, receiverName: current.receiverName, usage: current.usage, submitterId: optional(current.submitterId),
      submitterName: optional(current.submitterName), contactName: optional(current.contactName), contactPhone: optional(current.contactPhone),
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setForm(null);
    setSaved(true);
    reload();
  }

  return (
    <Card title="Claim file settings">
      <Loaded state={settings} onRetry={reload} loadingLabel="Loading claim file settings…">
        {(value) => current && (
          <form className="form claims-settings" onSubmit={(event) => void save(event)} aria-label="Claim file settings" noValidate>
            <p className="card__intro">The clinic's envelope for 837P files; every workstation uses the same. Empty fields use the clinic's tax ID, legal name and phone.</p>
            {error && Object.keys(errors).length === 0 && <Notice tone="error">{error.message}</Notice>}
            {saved && <Notice tone="success">Claim file settings saved for every workstation of the clinic.</Notice>}
            <div className="form-grid">
              <TextField label="Clearinghouse id" value={current.receiverId} onValueChange={(v) => set('receiverId', v.toUpperCase())} maxLength={15} required error={errors.receiverId} hint="The clearinghouse's receiver id (ISA08, GS03, 1000B)." />
              <TextField label="Clearinghouse name" value={current.receiverName} onValueChange={(v) => set('receiverName', v)} maxLength={60} required error={errors.receiverName} />
              <SelectField label="File use" value={current.usage} onValueChange={(v) => set('usage', v === 'T' ? 'T' : 'P')} options={[{ value: 'P', label: 'Production' }, { value: 'T', label: 'Test' }]} error={errors.usage} />
              <TextField label="Submitter id" value={current.submitterId} onValueChange={(v) => set('submitterId', v.toUpperCase())} maxLength={15} error={errors.submitterId} hint={`The id the clearinghouse gave the clinic (ISA06, GS02, 1000A). Empty: ${value.fallback.submitterId || 'the tax ID'}.`} />
              <TextField label="Submitter name" value={current.submitterName} onValueChange={(v) => set('submitterName', v)} maxLength={60} error={errors.submitterName} hint={`Empty: ${value.fallback.submitterName.replace(/\.$/, '')}.`} />
              <TextField label="Contact name" value={current.contactName} onValueChange={(v) => set('contactName', v)} maxLength={60} error={errors.contactName} hint={`Who the clearinghouse calls about a file. Empty: ${value.fallback.contactName}.`} />
              <TextField label="Contact phone" type="tel" value={current.contactPhone} onValueChange={(v) => set('contactPhone', v)} maxLength={20} error={errors.contactPhone} hint={value.fallback.contactPhone ? `Empty: ${value.fallback.contactPhone}.` : 'Ten digits.'} />
            </div>
            <div className="form-actions">
              <button type="submit" className="button button--primary" disabled={isSaving || form === null}>{isSaving ? 'Saving…' : 'Save claim file settings'}</button>
            </div>
          </form>
        )}
      </Loaded>
    </Card>
  );
}

function ReadyCard({ onSubmitted }: { onSubmitted: (batchId: string, claimIds: readonly string[]) => void }) {
  const [payer, setPayer] = useState('');
  const [ready, reload] = useChannel('claim.ready', { limit: 500 });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const payers = useMemo(() => (ready.status === 'ready' ? [...new Set(ready.value.map((row) => row.payerName))].sort() : []), [ready]);
  const rows = ready.status === 'ready' ? ready.value.filter((row) => !payer || row.payerName === payer) : [];
  const chosen = rows.filter((row) => selected.has(row.invoiceId));
  const allChosen = rows.length > 0 && chosen.length === rows.length;

  function toggle(invoiceId: string, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(invoiceId);
    else next.delete(invoiceId);
    setSelected(next);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen.length === 0) return;
    setSaving(true);
    setError(null);
    const result = await api.invoke('claim.submit', { invoiceIds: chosen.map((row) => row.invoiceId) });
    setSaving(false);
    if (!result.ok) {
      const invoiceId = result.error.fields?.[0]?.message;
      const invoice = rows.find((row) => row.invoiceId === invoiceId);
      setError({ ...result.error, message: invoice ? `${invoice.invoiceNumber} (${invoice.patientName}): ${result.error.message}` : result.error.message });
      return;
    }
    setSelected(new Set());
    reload();
    onSubmitted(result.value.batchId, result.value.claimIds);
  }

  return (
    <Card title={`Ready to claim${ready.status === 'ready' ? ` (${ready.value.length >= 500 ? '500+' : ready.value.length})` : ''}`}>
      <form onSubmit={(event) => void submit(event)} aria-label="Submit a batch of claims">
        {error && <Notice tone="error">{error.message}</Notice>}
        <div className="toolbar">
          <SelectField label="Payer" value={payer} onValueChange={(value) => { setPayer(value); setSelected(new Set()); }} options={[{ value: '', label: 'All payers' }, ...payers.map((name) => ({ value: name, label: name }))]} />
          {rows.length > 0 && <Checkbox label={`Select all ${rows.length}`} checked={allChosen} onCheckedChange={(on) => setSelected(on ? new Set(rows.map((row) => row.invoiceId)) : new Set())} />}
          <button type="submit" className="button button--primary claims-submit" disabled={chosen.length === 0 || isSaving}>
            {isSaving ? 'Submitting…' : `Submit batch of ${chosen.length} ${chosen.length === 1 ? 'claim' : 'claims'}`}
          </button>
        </div>
        <Loaded state={ready} onRetry={reload} loadingLabel="Loading invoices ready to claim…" empty={<p className="muted">Every finalized insurance invoice has its claim.</p>}>
          {() => rows.length === 0 ? <p className="muted">No invoice of {payer} is waiting for a claim.</p> : (
            <div className="table-wrap claims-table" role="region" aria-label="Invoices ready to claim" tabIndex={0}>
              <table className="table table--dense">
                <thead>
                  <tr>
                    <th scope="col"><span className="visually-hidden">Include</span></th>
                    <th scope="col">Invoice</th>
                    <th scope="col">Patient</th>
                    <th scope="col">Payer</th>
                    <th scope="col">Invoice date</th>
                    <th scope="col" className="cell--number">Charges</th>
                    <th scope="col" className="cell--number">Balance</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.invoiceId}>
                      <td>
                        <input type="checkbox" className="check__box" aria-label={`Include ${row.invoiceNumber}, ${row.patientName}`} checked={selected.has(row.invoiceId)} onChange={(event) => toggle(row.invoiceId, event.target.checked)} />
                      </td>
                      <th scope="row">{row.invoiceNumber}</th>
                      <td>{row.patientName}</td>
                      <td>{row.payerName}{row.responsibility !== 'primary' && <> <span className="chip chip--neutral">{row.responsibility === 'secondary' ? 'Secondary' : 'Tertiary'}</span></>}</td>
                      <td>{formatDate(row.invoiceDate)}</td>
                      <td className="cell--number">{formatCents(row.chargesCents)}</td>
                      <td className="cell--number">{formatCents(row.balanceCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </form>
    </Card>
  );
}

function ClaimsCard({ zone, busy, onDownload837, onDownloadForm, onNotice }: {
  zone: string;
  busy: boolean;
  onDownload837: (claimId: string) => void;
  onDownloadForm: (claimId: string) => void;
  onNotice: (text: string, claimIds?: readonly string[]) => void;
}) {
  const [status, setStatus] = useState('');
  const [payer, setPayer] = useState('');
  const [payersSeen, setPayersSeen] = useState<readonly string[]>([]);
  const [limit, setLimit] = useState(PAGE);
  const [claims, reload] = useChannel('claim.list', { limit, ...(status ? { status: status as ClaimStatus } : {}), ...(payer ? { payerName: payer } : {}) });
  const [answering, setAnswering] = useState<ClaimView | null>(null);
  const [correcting, setCorrecting] = useState<ClaimView | null>(null);

  // The payer filter offers every payer seen so far (the list itself is already filtered by payer).
  useEffect(() => {
    if (claims.status !== 'ready') return;
    setPayersSeen((seen) => {
      const names = new Set([...seen, ...claims.value.map((claim) => claim.payerName)]);
      return names.size === seen.length ? seen : [...names].sort();
    });
  }, [claims]);

  const replaced = new Set(claims.status === 'ready' ? claims.value.flatMap((claim) => (claim.replacesClaimId ? [claim.replacesClaimId] : [])) : []);
  const when = (instant: number | null) => (instant === null ? '—' : dateInZone(instant, zone));

  return (
    <Card title="Claims">
      <form className="toolbar" onSubmit={(event) => event.preventDefault()} aria-label="Filter claims">
        <SelectField label="Status" value={status} onValueChange={(value) => { setStatus(value); setLimit(PAGE); }} options={[{ value: '', label: 'All statuses' }, ...CLAIM_STATUSES.map((value) => ({ value, label: STATUS_LABEL[value] }))]} />
        <SelectField label="Payer" value={payer} onValueChange={(value) => { setPayer(value); setLimit(PAGE); }} options={[{ value: '', label: 'All payers' }, ...payersSeen.map((name) => ({ value: name, label: name }))]} />
      </form>
      <Loaded state={claims} onRetry={reload} loadingLabel="Loading claims…" empty={<p className="muted">No claims match.</p>}>
        {(rows) => (
          <div className="table-wrap claims-table" role="region" aria-label="Claims list" tabIndex={0}>
            <table className="table table--dense">
              <thead>
                <tr>
                  <th scope="col">Claim</th>
                  <th scope="col">Invoice</th>
                  <th scope="col">Patient</th>
                  <th scope="col">Payer</th>
                  <th scope="col">Batch</th>
                  <th scope="col">Status</th>
                  <th scope="col">Submitted</th>
                  <th scope="col">Payer's date</th>
                  <th scope="col">Recorded</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((claim) => (
                  <tr key={claim.id}>
                    <th scope="row" className="cell--nowrap">{claim.controlNumber}{claim.replacesClaimId && <span className="claims-corrected"> corrected</span>}</th>
                    <td className="cell--nowrap">{claim.invoiceNumber}</td>
                    <td>{claim.patientName}</td>
                    <td>{claim.payerName}</td>
                    <td className="cell--nowrap">{claim.batchId ?? '—'}</td>
                    <td><span className={`chip ${STATUS_CHIP[claim.status]}`}>{STATUS_LABEL[claim.status]}</span></td>
                    <td className="cell--nowrap">{when(claim.submittedAt)}</td>
                    <td className="cell--nowrap">{claim.statusDate ? formatDate(claim.statusDate) : '—'}</td>
                    <td className="cell--nowrap">{claim.status === 'submitted' ? '—' : when(claim.statusChangedAt)}</td>
                    <td className="claims-reason">{claim.statusReason ?? '—'}</td>
                    <td>
                      <div className="claims-actions">
                        {NEXT[claim.status].length > 0 && (
                          <button type="button" className="button button--quiet" aria-label={`Record the payer's answer to claim ${claim.controlNumber}`} onClick={() => setAnswering(claim)}>Answer…</button>
                        )}
                        {(claim.status === 'rejected' || claim.status === 'denied') && !replaced.has(claim.id) && (
                          <button type="button" className="button button--quiet" aria-label={`Resubmit claim ${claim.controlNumber} as a corrected claim`} onClick={() => setCorrecting(claim)}>Resubmit…</button>
                        )}
                        <button type="button" className="button button--quiet" disabled={busy} aria-label={`CMS-1500 PDF of claim ${claim.controlNumber}`} onClick={() => onDownloadForm(claim.id)}>CMS-1500</button>
                        <button type="button" className="button button--quiet" disabled={busy} aria-label={`837P file of claim ${claim.controlNumber}`} onClick={() => onDownload837(claim.id)}>837P</button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length >= limit && (
              <p className="table-caption">
                The newest {limit} claims.{' '}
                {limit < MAX_LIST ? <button type="button" className="button button--link" onClick={() => setLimit(Math.min(MAX_LIST, limit + PAGE))}>Show {PAGE} more</button> : 'Choose a status or payer to narrow the list.'}
              </p>
            )}
          </div>
        )}
      </Loaded>
      <Dialog open={answering !== null} title={answering ? `Payer's answer to claim ${answering.controlNumber}` : 'Payer answer'} onClose={() => setAnswering(null)}>
        {answering && (
          <AnswerForm
            claim={answering}
            onCancel={() => setAnswering(null)}
            onDone={(answer) => {
              setAnswering(null);
              onNotice(`Claim ${answering.controlNumber} is ${STATUS_LABEL[answer].toLowerCase()}.`);
              reload();
            }}
          />
        )}
      </Dialog>
      <Dialog open={correcting !== null} title={correcting ? `Resubmit claim ${correcting.controlNumber}` : 'Resubmit'} onClose={() => setCorrecting(null)}>
        {correcting && (
          <ResubmitForm
            claim={correcting}
            onCancel={() => setCorrecting(null)}
            onDone={(newClaimId) => {
              setCorrecting(null);
              onNotice(`Corrected claim for ${correcting.invoiceNumber} submitted; it replaces claim ${correcting.controlNumber}.`, [newClaimId]);
              reload();
            }}
          />
        )}
      </Dialog>
    </Card>
  );
}

function AnswerForm({ claim, onCancel, onDone }: { claim: ClaimView; onCancel: () => void; onDone: (answer: Answer) => void }) {
  const options = NEXT[claim.status];
  // "Today" is the invoice facility's; the mutator refuses a later date in the same zone.
  const today = localDate(Date.now(), claim.timeZone);
  const [answer, setAnswer] = useState<Answer>(options[0] ?? 'accepted');
  const [statusDate, setStatusDate] = useState(today);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const needsReason = answer === 'rejected' || answer === 'denied';

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const result = await api.invoke('claim.setStatus', { claimId: claim.id, status: answer, statusDate, reason: reason.trim() || null });
    setSaving(false);
    if (!result.ok) setError(result.error);
    else onDone(answer);
  }

  return (
    <form className="form" onSubmit={(event) => void save(event)} noValidate>
      <p>{claim.patientName}, invoice {claim.invoiceNumber}, {claim.payerName}. Enter the date the payer gave; the time you record it is kept as well.</p>
      {error && !errors.reason && !errors.statusDate && <Notice tone="error">{error.message}</Notice>}
      <SelectField label="Answer" value={answer} onValueChange={(value) => setAnswer(value as Answer)} options={options.map((value) => ({ value, label: STATUS_LABEL[value] }))} />
      <TextField
        label="Payer's date"
        type="date"
        value={statusDate}
        onValueChange={setStatusDate}
        max={today}
        required
        hint={`The adjudication or response date on the payer's answer; ${formatDate(today)} or earlier.`}
        error={errors.statusDate}
      />
      <TextField
        label={needsReason ? 'Reason from the payer' : 'Note (optional)'}
        value={reason}
        onValueChange={setReason}
        maxLength={500}
        hint={needsReason ? 'As the payer gave it, e.g. "CO-16 missing referring provider NPI".' : undefined}
        error={errors.reason}
      />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>{isSaving ? 'Saving…' : 'Save answer'}</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

function ResubmitForm({ claim, onCancel, onDone }: { claim: ClaimView; onCancel: () => void; onDone: (newClaimId: string) => void }) {
  const [correction, setCorrection] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const result = await api.invoke('claim.resubmit', { claimId: claim.id, correction });
    setSaving(false);
    if (!result.ok) setError(result.error);
    else onDone(result.value);
  }

  return (
    <form className="form" onSubmit={(event) => void save(event)}>
      <p>
        {STATUS_LABEL[claim.status]}: {claim.statusReason ?? 'no reason recorded'}. The corrected claim names this one as the claim it replaces; download its 837P file
        once it is submitted.
      </p>
      {error && !errors.correction && <Notice tone="error">{error.message}</Notice>}
      <TextField label="What was corrected" value={correction} onValueChange={setCorrection} required maxLength={500} error={errors.correction} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>{isSaving ? 'Submitting…' : 'Submit corrected claim'}</button>
        <button type="button" className="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
