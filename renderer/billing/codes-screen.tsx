import { useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { can } from '../../shared/auth/permissions';
import type { CodeRow, FeeRow, PayerType } from '../../shared/billing/billing.contract';
import { previewCodeImport, type CodeImportPreview, type CodeKind, type PreviewStatus } from '../../shared/billing/code-import';
import { PAYER_TYPES } from '../../shared/db/schema-v1';
import { parseDollars } from '../../shared/format/money';
import type { AppError } from '../../shared/ipc/result';
import { formatCents, formatDate } from '../patients/format';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { fieldErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { Loaded, Notice } from '../ui/states';

/** `billingCode.list` returns at most this many rows; a shorter list is the clinic's whole list. */
const CODE_LIST_LIMIT = 500;

const KIND_OPTIONS = [
  { value: 'procedure', label: 'Procedure codes (CPT/HCPCS)' },
  { value: 'diagnosis', label: 'Diagnosis codes (ICD-10-CM)' },
] as const;

export const PAYER_TYPE_LABELS: Record<PayerType, string> = {
  patient: 'Patient (self-pay)', insurance: 'Insurance', attorney: 'Attorney (LOP)', medpay: 'MedPay', pip: 'PIP', workers_comp: "Workers' comp", other: 'Other',
};

const STATUS_TEXT: Record<PreviewStatus, string> = { add: 'Adds', update: 'Updates the description', unchanged: 'No change', error: 'Not imported' };
const STATUS_CHIP: Record<PreviewStatus, string> = { add: 'chip--positive', update: 'chip--role', unchanged: 'chip--neutral', error: 'chip--refused' };

const SYSTEM_LABEL: Record<CodeRow['system'], string> = { cpt: 'CPT', hcpcs: 'HCPCS', icd10: 'ICD-10-CM' };

/**
 * Codes and fees: the clinic's procedure and diagnosis codes (`billingCode.list`), entered one at a
 * time or imported from a CSV the clinic chooses, with a preview of every line before anything is
 * written (`billingCode.import`); and the fee schedule (`feeSchedule.list`, `feeSchedule.save`).
 */
export function CodesScreen() {
  const { session } = useSession();
  const mayWrite = can(session, 'invoice.write');
  const [kind, setKind] = useState<CodeKind>('procedure');
  const [search, setSearch] = useState('');
  const [codes, reloadCodes] = useChannel('billingCode.list', { kind, ...(search.trim() ? { search: search.trim() } : {}) });
  const [done, setDone] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Codes and fees"
        subtitle="Your clinic's procedure and diagnosis codes and its fee schedule. Medora ships no CPT descriptions: enter your own wording, or import a file you are licensed to use."
      />
      {done && <Notice tone="success">{done}</Notice>}
      <div className="codes-layout">
        <Card title="Codes">
          <form className="toolbar codes-toolbar" onSubmit={(event) => event.preventDefault()} aria-label="Choose which codes to show">
            <SelectField label="Kind" value={kind} onValueChange={(value) => setKind(value as CodeKind)} options={KIND_OPTIONS} fieldClassName="codes-toolbar__kind" />
            <TextField label="Code starts with" value={search} onValueChange={setSearch} maxLength={40} fieldClassName="codes-toolbar__search" />
          </form>
          <Loaded state={codes} onRetry={reloadCodes} loadingLabel="Loading codes…" empty={<p className="muted">{search ? 'No code starts with that.' : 'No codes yet. Add one or import a CSV file.'}</p>}>
            {(rows) => (
              <div className="table-wrap codes-table" role="region" aria-label={`${kind === 'procedure' ? 'Procedure' : 'Diagnosis'} codes`} tabIndex={0}>
                <table className="table table--dense">
                  <thead>
                    <tr>
                      <th scope="col">Code</th>
                      <th scope="col">System</th>
                      <th scope="col">Description</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => (
                      <tr key={row.id}>
                        <th scope="row">{row.code}</th>
                        <td>{SYSTEM_LABEL[row.system]}</td>
                        <td>{row.description ?? <span className="muted">—</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {rows.length >= CODE_LIST_LIMIT && <p className="table-caption">The first {CODE_LIST_LIMIT} codes; type the start of a code to find others.</p>}
              </div>
            )}
          </Loaded>
          {mayWrite && <AddCodeForm kind={kind} onAdded={(message) => { setDone(message); reloadCodes(); }} />}
        </Card>
        {mayWrite && <CodeImportCard onImported={(message) => { setDone(message); reloadCodes(); }} />}
      </div>
      <FeeScheduleCard mayWrite={mayWrite} onSaved={setDone} />
    </>
  );
}

function AddCodeForm({ kind, onAdded }: { kind: CodeKind; onAdded: (message: string) => void }) {
  const [code, setCode] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const list = kind === 'procedure' ? 'procedures' : 'diagnoses';

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(null);
    const row = { code, description: description.trim() || null };
    const result = await api.invoke('billingCode.import', kind === 'procedure' ? { procedures: [row] } : { diagnoses: [row] });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onAdded(`${code.trim().toUpperCase()} is ${result.value.added > 0 ? 'added' : 'updated'}.`);
    setCode('');
    setDescription('');
  }

  return (
    <form className="codes-add" onSubmit={(event) => void save(event)} aria-label={`Add or edit a ${kind} code`}>
      <h3 className="codes-add__title">Add or edit one code</h3>
      {error && !errors[`${list}.0.code`] && !errors[`${list}.0.description`] && <Notice tone="error">{error.message}</Notice>}
      <div className="codes-add__fields">
        <TextField label="Code" value={code} onValueChange={setCode} required maxLength={10} error={errors[`${list}.0.code`]} fieldClassName="codes-add__code" />
        <TextField label="Description (your wording)" value={description} onValueChange={setDescription} maxLength={500} error={errors[`${list}.0.description`]} fieldClassName="codes-add__description" />
        <button type="submit" className="button" disabled={isSaving}>{isSaving ? 'Saving…' : 'Save code'}</button>
      </div>
    </form>
  );
}

/** Reads the chosen file (or pasted text), previews every line, and imports the good ones. */
function CodeImportCard({ onImported }: { onImported: (message: string) => void }) {
  const [kind, setKind] = useState<CodeKind>('procedure');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const [existing] = useChannel('billingCode.list', { kind });
  const known = existing.status === 'ready' && existing.value.length < CODE_LIST_LIMIT
    ? new Map(existing.value.map((row) => [row.code, row.description] as const)) : null;
  const preview: CodeImportPreview | null = useMemo(
    () => (text.trim() === '' || existing.status === 'loading' ? null : previewCodeImport(text, kind, known)),
    // `known` is rebuilt from `existing` on each render; the list itself is what matters.
    [text, kind, existing],
  );

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setError(null);
    if (!file) return;
    if (file.size > 2_000_000) {
      setError({ code: 'invalid_input', message: 'That file is larger than 2 MB; split it into smaller files.' });
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  }

  function clear() {
    setText('');
    setFileName(null);
    if (fileRef.current) fileRef.current.value = '';
  }

  async function runImport(event: FormEvent) {
    event.preventDefault();
    if (!preview || preview.importable.length === 0) return;
    setSaving(true);
    setError(null);
    const rows = preview.importable;
    const result = await api.invoke('billingCode.import', kind === 'procedure' ? { procedures: [...rows] } : { diagnoses: [...rows] });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const skipped = preview.errorCount > 0 ? ` ${preview.errorCount} ${preview.errorCount === 1 ? 'line was' : 'lines were'} not imported.` : '';
    onImported(`Imported ${rows.length} ${kind} ${rows.length === 1 ? 'code' : 'codes'}: ${result.value.added} added, ${result.value.updated} updated.${skipped}`);
    clear();
  }

  return (
    <Card title="Import codes from a CSV file">
      <form className="codes-import" onSubmit={(event) => void runImport(event)} aria-label="Import codes">
        <p className="muted codes-import__help">
          One code a line: <code>code,description</code>. A first line naming <code>code</code> is skipped; put a description that holds a comma in double quotes.
        </p>
        {error && <Notice tone="error">{error.message}</Notice>}
        <SelectField label="The file holds" value={kind} onValueChange={(value) => setKind(value as CodeKind)} options={KIND_OPTIONS} />
        <div className="field">
          <label className="field__label" htmlFor="codes-import-file">CSV file</label>
          <input id="codes-import-file" ref={fileRef} type="file" className="input codes-import__file" accept=".csv,.txt,text/csv,text/plain" onChange={(event) => void readFile(event)} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="codes-import-text">Or paste the lines</label>
          <textarea id="codes-import-text" className="input codes-import__text" rows={4} value={text} spellCheck={false} onChange={(event) => { setFileName(null); setText(event.target.value); }} />
        </div>
        {preview && <ImportPreview preview={preview} fileName={fileName} />}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={!preview || preview.importable.length === 0 || isSaving}>
            {isSaving ? 'Importing…' : preview && preview.importable.length > 0 ? `Import ${preview.importable.length} ${preview.importable.length === 1 ? 'code' : 'codes'}` : 'Import'}
          </button>
          {text && <button type="button" className="button" onClick={clear}>Clear</button>}
        </div>
      </form>
    </Card>
  );
}

function ImportPreview({ preview, fileName }: { preview: CodeImportPreview; fileName: string | null }) {
  const good = preview.rows.length - preview.errorCount;
  return (
    <div className="codes-preview">
      <p className="codes-preview__summary" role="status">
        {fileName ? `${fileName}: ` : ''}
        {good} {good === 1 ? 'line' : 'lines'} ready, {preview.importable.length} to import
        {preview.errorCount > 0 && <>, <strong className="codes-preview__bad">{preview.errorCount} with a problem (not imported)</strong></>}.
      </p>
      <div className="table-wrap codes-preview__table" role="region" aria-label="Import preview" tabIndex={0}>
        <table className="table table--dense">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Code</th>
              <th scope="col">Description</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.line} className={row.status === 'error' ? 'codes-preview__row--error' : undefined}>
                <th scope="row" className="cell--number">{row.line}</th>
                <td>{row.code || '—'}</td>
                <td>{row.description ?? '—'}</td>
                <td>
                  <span className={`chip ${STATUS_CHIP[row.status]}`}>{STATUS_TEXT[row.status]}</span>
                  {row.problem && <span className="codes-preview__problem"> {row.problem}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function payerLabel(payerType: PayerType | null): string {
  return payerType ? PAYER_TYPE_LABELS[payerType] : 'Any payer';
}

function FeeScheduleCard({ mayWrite, onSaved }: { mayWrite: boolean; onSaved: (message: string) => void }) {
  const [codeFilter, setCodeFilter] = useState('');
  const filter = codeFilter.trim();
  const [fees, reload] = useChannel('feeSchedule.list', /^[0-9A-Za-z]{5}$/.test(filter) ? { procedureCode: filter } : {});
  const [facilities] = useChannel('facility.list', {});
  const facilityName = (id: string | null) => {
    if (id === null) return 'Any facility';
    return facilities.status === 'ready' ? (facilities.value.find((facility) => facility.id === id)?.name ?? 'Unknown facility') : '…';
  };
  const visible = (rows: readonly FeeRow[]) => (filter && !/^[0-9A-Za-z]{5}$/.test(filter) ? rows.filter((row) => row.procedureCode.startsWith(filter.toUpperCase())) : rows);

  return (
    <Card title="Fee schedule">
      <p className="muted fees-help">
        The fee of a line is the most specific fee in effect on the date of service: payer type and facility, then payer type, then facility, then the clinic-wide fee. A later
        effective date starts a new fee; the earlier one still prices older services.
      </p>
      <form className="toolbar" onSubmit={(event) => event.preventDefault()} aria-label="Filter the fee schedule">
        <TextField label="Code starts with" value={codeFilter} onValueChange={setCodeFilter} maxLength={10} fieldClassName="codes-toolbar__search" />
      </form>
      <Loaded state={fees} onRetry={reload} loadingLabel="Loading the fee schedule…" empty={<p className="muted">No fees yet.</p>}>
        {(rows) => (
          <div className="table-wrap fees-table" role="region" aria-label="Fees" tabIndex={0}>
            <table className="table table--dense">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Modifier</th>
                  <th scope="col">Payer type</th>
                  <th scope="col">Facility</th>
                  <th scope="col">Effective from</th>
                  <th scope="col" className="cell--number">Fee</th>
                </tr>
              </thead>
              <tbody>
                {visible(rows).map((row) => (
                  <tr key={row.id}>
                    <th scope="row">{row.procedureCode}</th>
                    <td>{row.modifier ?? '—'}</td>
                    <td>{payerLabel(row.payerType)}</td>
                    <td>{facilityName(row.facilityId)}</td>
                    <td>{formatDate(row.effectiveFrom)}</td>
                    <td className="cell--number">{formatCents(row.feeCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
      {mayWrite && (
        <FeeForm
          facilities={facilities.status === 'ready' ? facilities.value.map((facility) => ({ id: facility.id, name: facility.name })) : []}
          onSaved={(message) => { onSaved(message); reload(); }}
        />
      )}
    </Card>
  );
}

function FeeForm({ facilities, onSaved }: { facilities: readonly { id: string; name: string }[]; onSaved: (message: string) => void }) {
  const [code, setCode] = useState('');
  const [modifier, setModifier] = useState('');
  const [payerType, setPayerType] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const [fee, setFee] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [feeProblem, setFeeProblem] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const at = (field: string) => errors[`entries.0.${field}`];

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const parsedFee = parseDollars(fee);
    setFeeProblem(parsedFee.ok ? null : 'Enter the fee in dollars, such as 120 or 120.50');
    if (!parsedFee.ok) return;
    const feeCents = parsedFee.cents;
    setSaving(true);
    const result = await api.invoke('feeSchedule.save', {
      entries: [{
        procedureCode: code, modifier: modifier.trim() ? modifier : null, payerType: payerType ? (payerType as PayerType) : null,
        facilityId: facilityId || null, feeCents, effectiveFrom,
      }],
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onSaved(`The fee for ${code.trim().toUpperCase()} is ${formatCents(feeCents)} from ${formatDate(effectiveFrom)}.`);
    setCode('');
    setModifier('');
    setFee('');
  }

  const placed = ['procedureCode', 'modifier', 'payerType', 'facilityId', 'feeCents', 'effectiveFrom'];
  const unplaced = error && !placed.some((field) => at(field));
  return (
    <form className="fees-form" onSubmit={(event) => void save(event)} aria-label="Set a fee">
      <h3 className="codes-add__title">Set a fee</h3>
      {unplaced && <Notice tone="error">{error.message}</Notice>}
      <div className="fees-form__fields">
        <TextField label="Code" value={code} onValueChange={setCode} required maxLength={10} error={at('procedureCode')} />
        <TextField label="Modifier (optional)" value={modifier} onValueChange={setModifier} maxLength={2} error={at('modifier')} />
        <SelectField label="Payer type" value={payerType} onValueChange={setPayerType} options={[{ value: '', label: 'Any payer' }, ...PAYER_TYPES.map((value) => ({ value, label: PAYER_TYPE_LABELS[value] }))]} error={at('payerType')} />
        <SelectField label="Facility" value={facilityId} onValueChange={setFacilityId} options={[{ value: '', label: 'Any facility' }, ...facilities.map((facility) => ({ value: facility.id, label: facility.name }))]} error={at('facilityId')} />
        <TextField label="Fee ($)" value={fee} onValueChange={setFee} required inputMode="decimal" error={feeProblem ?? at('feeCents')} />
        <TextField label="Effective from" type="date" value={effectiveFrom} onValueChange={setEffectiveFrom} required error={at('effectiveFrom')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>{isSaving ? 'Saving…' : 'Save fee'}</button>
      </div>
    </form>
  );
}
