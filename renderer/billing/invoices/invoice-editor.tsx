import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { can } from '../../../shared/auth/permissions';
import { ADJUSTMENT_REASONS, type InvoiceDetail, type PayerType } from '../../../shared/billing/billing.contract';
import { PAYER_TYPES } from '../../../shared/db/schema-v1';
import type { Facility } from '../../../shared/admin/facility.contract';
import type { SchedulePhysician } from '../../../shared/scheduling/schedule-setup.contract';
import type { AppError } from '../../../shared/ipc/result';
import { formatCents, formatDate } from '../../patients/format';
import { api } from '../../platform/api';
import { useChannel } from '../../platform/use-channel';
import { useSession } from '../../session/session-context';
import { Dialog } from '../../ui/dialog';
import { offerDownload } from '../../ui/download';
import { fieldErrors } from '../../ui/field-errors';
import { SelectField, TextField } from '../../ui/fields';
import { useFocusOnError } from '../../ui/focus-error';
import { FormErrorSummary } from '../../ui/form-error-summary';
import { Card } from '../../ui/page';
import { ErrorState, LoadingState, Notice } from '../../ui/states';
import { invoiceLabel, PAYER_LABELS, StatusChip } from '../billing-words';
import { parseDollars } from '../../../shared/format/money';
import { localDate } from '../../../shared/time/facility-time';
import { blankLine, draftAmountCents, errorAt, fieldMessage, lineDraftOf, toLineInputs, type LineDraft } from './line-draft';
import { NewInvoiceHeader, type NewInvoiceTarget } from './new-invoice-header';

/**
 * The invoice editor: one invoice's header, lines and totals, and its status flow (draft → finalized →
 * sent; void with a reason). A draft's lines are edited in place and saved with `invoice.saveDraft`; a new
 * invoice is made with `invoice.create`. Field errors from the channel (`lines.<n>.<field>`) are shown at
 * the field. What the role may not do (void, write off) is not offered; the channels check again.
 */

const PAYER_OPTIONS = PAYER_TYPES.map((value) => ({ value, label: PAYER_LABELS[value] }));

let lineKeys = 0;
const nextKey = () => `new-${++lineKeys}`;

function invoiceDocumentName(invoice: InvoiceDetail) {
  return invoiceLabel(invoice);
}

/** One editable cell of the lines table: a labelled input with its error under it. */
function LineInputCell({ label, value, onChange, error, className, type = 'text', inputMode, placeholder, width }: {
  label: string; value: string; onChange: (value: string) => void; error?: string | undefined; className?: string; type?: string;
  inputMode?: 'decimal' | 'numeric' | 'text'; placeholder?: string; width?: string;
}) {
  const id = useId();
  return (
    <td className={['invoice-lines__cell', className ?? ''].filter(Boolean).join(' ')}>
      <input
        id={id} className="input invoice-lines__input" type={type} value={value} aria-label={label} inputMode={inputMode} placeholder={placeholder}
        style={width ? { width } : undefined} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error && <p className="field__error" id={`${id}-error`}>{error}</p>}
    </td>
  );
}

function LineSelectCell({ label, value, onChange, options, error }: { label: string; value: string; onChange: (value: string) => void; options: readonly { value: string; label: string }[]; error?: string | undefined }) {
  const id = useId();
  return (
    <td className="invoice-lines__cell">
      <select id={id} className="input select invoice-lines__input" value={value} aria-label={label} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} onChange={(event) => onChange(event.target.value)}>
        {!options.some((option) => option.value === value) && <option value={value}>—</option>}
        {options.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
      </select>
      {error && <p className="field__error" id={`${id}-error`}>{error}</p>}
    </td>
  );
}

export interface InvoiceEditorProps {
  /** null: a new invoice. */
  readonly invoiceId: string | null;
  readonly onOpen: (invoiceId: string) => void;
  readonly onBack: () => void;
}

export function InvoiceEditor({ invoiceId, onOpen, onBack }: InvoiceEditorProps) {
  const [invoice, reload] = useChannel('invoice.get', invoiceId ? { id: invoiceId } : null);
  const [facilities] = useChannel('facility.list', {});
  const [physicians] = useChannel('physician.scheduleList', {});
  // After a save the invoice is read again; the last read stays on screen meanwhile, and the confirmation above it.
  const [shown, setShown] = useState<InvoiceDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (invoice.status === 'ready') setShown(invoice.value);
  }, [invoice]);
  const facilityList = facilities.status === 'ready' ? facilities.value : [];
  const physicianList = physicians.status === 'ready' ? physicians.value : [];
  if (invoiceId === null) {
    return <InvoiceForm key="new" invoice={null} facilities={facilityList} physicians={physicianList} onOpen={onOpen} onBack={onBack} reload={reload} notice={notice} setNotice={setNotice} />;
  }
  const current = invoice.status === 'ready' ? invoice.value : shown?.id === invoiceId ? shown : null;
  if (invoice.status === 'error') return <ErrorState error={invoice.error} onRetry={reload} />;
  if (!current) return <LoadingState label="Loading the invoice…" />;
  return (
    <InvoiceForm
      key={`${current.id}:${current.status}:${current.lines.map((line) => line.id).join()}`}
      invoice={current} facilities={facilityList} physicians={physicianList} onOpen={onOpen} onBack={onBack} reload={reload} notice={notice} setNotice={setNotice}
    />
  );
}

function InvoiceForm({ invoice, facilities, physicians, onOpen, onBack, reload, notice, setNotice }: {
  invoice: InvoiceDetail | null; facilities: readonly Facility[]; physicians: readonly SchedulePhysician[];
  onOpen: (id: string) => void; onBack: () => void; reload: () => void; notice: string | null; setNotice: (notice: string | null) => void;
}) {
  const { session } = useSession();
  const mayWrite = can(session, 'invoice.write');
  const mayVoid = can(session, 'invoice.void');
  const mayWriteOff = can(session, 'adjustment.write_off');
  const isDraft = invoice === null || invoice.status === 'draft';
  const editable = isDraft && mayWrite;
  const zoneOf = (facilityId: string | undefined) => facilities.find((facility) => facility.id === facilityId)?.timeZone ?? 'America/New_York';
  const today = localDate(Date.now(), zoneOf(invoice?.facilityId ?? session?.facilityIds[0]));

  const [target, setTarget] = useState<NewInvoiceTarget | null>(null);
  const [payerType, setPayerType] = useState<PayerType>(invoice?.payerType ?? 'patient');
  const [invoiceDate, setInvoiceDate] = useState(invoice?.invoiceDate ?? today);
  const [lines, setLines] = useState<LineDraft[]>(() => invoice?.lines.map(lineDraftOf) ?? []);
  const [isDirty, setDirty] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [isBusy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<'void' | 'adjust' | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  const facilityOptions = useMemo(() => facilities.map((facility) => ({ value: facility.id, label: facility.name })), [facilities]);
  const physicianOptions = useMemo(() => physicians.map((physician) => ({ value: physician.id, label: `Dr. ${physician.firstName} ${physician.lastName}` })), [physicians]);

  // A new invoice starts with one line at the chosen facility, once the patient is chosen.
  useEffect(() => {
    if (invoice !== null || target === null) return;
    setPayerType(target.payerType);
    setLines((current) => current.length > 0 ? current : [blankLine(nextKey(), { serviceDate: today, facilityId: target.facilityId, renderingPhysicianId: physicians.find((p) => p.facilityIds.includes(target.facilityId))?.id ?? physicians[0]?.id ?? '' })]);
  }, [target]);

  const errors = { ...fieldErrors(error), ...localErrors };
  const messageAt = (path: string) => {
    const message = errorAt(errors, path);
    return message === undefined ? undefined : fieldMessage(message);
  };

  function updateLine(index: number, patch: Partial<LineDraft>) {
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...patch } : line)));
    setDirty(true);
  }

  function addLine() {
    const last = lines.at(-1);
    setLines((current) => [...current, blankLine(nextKey(), {
      serviceDate: last?.serviceDate ?? today, facilityId: last?.facilityId ?? target?.facilityId ?? invoice?.facilityId ?? '',
      renderingPhysicianId: last?.renderingPhysicianId ?? physicians[0]?.id ?? '', diagnosisCodes: last?.diagnosisCodes ?? '',
    })]);
    setDirty(true);
    // The new line's code field takes the focus so the next line is typed straight in.
    setTimeout(() => formRef.current?.querySelector<HTMLInputElement>(`[aria-label="Line ${lines.length + 1} procedure code"]`)?.focus(), 0);
  }

  function removeLine(index: number) {
    setLines((current) => current.filter((_, i) => i !== index));
    setDirty(true);
  }

  /** Saves the draft (or creates the invoice); resolves to the invoice id, or null when refused. */
  async function save(): Promise<string | null> {
    setError(null);
    setNotice(null);
    const parsed = toLineInputs(lines);
    if (!parsed.ok) {
      setLocalErrors(parsed.errors);
      setError({ code: 'invalid_input', message: 'Some fields need attention.', fields: Object.entries(parsed.errors).map(([path, message]) => ({ path, message })) });
      return null;
    }
    setLocalErrors({});
    if (invoice === null) {
      if (!target) {
        setError({ code: 'invalid_input', message: 'Choose the patient first.', fields: [{ path: 'patientId', message: 'Choose the patient' }] });
        return null;
      }
      const result = await api.invoke('invoice.create', {
        patientId: target.patientId, caseId: target.caseId, facilityId: target.facilityId, payerType, insurancePolicyId: null, invoiceDate, lines: parsed.lines,
      });
      if (!result.ok) {
        setError(result.error);
        return null;
      }
      onOpen(result.value);
      return result.value;
    }
    const result = await api.invoke('invoice.saveDraft', { invoiceId: invoice.id, payerType, insurancePolicyId: invoice.insurancePolicyId, invoiceDate, lines: parsed.lines });
    if (!result.ok) {
      setError(result.error);
      return null;
    }
    setDirty(false);
    return invoice.id;
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    try {
      await action();
    } finally {
      setBusy(false);
    }
  }

  const onSave = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const id = await save();
      if (id && invoice) {
        setNotice('Draft saved.');
        reload();
      }
    });
  };

  const finalize = () => run(async () => {
    if (!invoice) return;
    if (isDirty && (await save()) === null) return;
    const result = await api.invoke('invoice.finalize', { invoiceId: invoice.id, dueDate: null });
    if (!result.ok) return setError(result.error);
    setNotice('Finalized: the charges are on the ledger and the invoice can be sent and paid.');
    reload();
  });

  const markSent = () => run(async () => {
    if (!invoice) return;
    const result = await api.invoke('invoice.markSent', { invoiceIds: [invoice.id] });
    if (!result.ok) return setError(result.error);
    setNotice('Marked sent.');
    reload();
  });

  const downloadPdf = () => run(async () => {
    if (!invoice) return;
    const result = await api.invoke('billingDocument.invoicePdf', { invoiceId: invoice.id });
    if (!result.ok) return setError(result.error);
    const bytes = Uint8Array.from(atob(result.value.base64), (char) => char.charCodeAt(0));
    offerDownload(result.value.fileName, new Blob([bytes], { type: result.value.mimeType }));
  });

  const typedTotal = lines.reduce<{ cents: number; unpriced: number }>((sum, line) => {
    const amount = draftAmountCents(line);
    return amount === null ? { ...sum, unpriced: sum.unpriced + 1 } : { ...sum, cents: sum.cents + amount };
  }, { cents: 0, unpriced: 0 });
  const isOpenForPosting = invoice !== null && ['finalized', 'sent', 'partially_paid'].includes(invoice.status);

  return (
    <div className="invoice-editor">
      <div className="invoice-editor__top">
        <button type="button" className="button button--quiet" onClick={onBack}>← Back</button>
        <h2 className="invoice-editor__title">
          {invoice ? `Invoice ${invoiceDocumentName(invoice)}` : 'New invoice'}
          {invoice && <StatusChip status={invoice.status} />}
          {invoice?.syncState === 'pending' && <span className="chip chip--neutral">Not yet confirmed by the server</span>}
        </h2>
      </div>

      {invoice && (
        <Card className="invoice-editor__summary">
          <dl className="invoice-facts">
            <div><dt>Invoice number</dt><dd>{invoice.invoiceNumber ?? <span className="muted">Assigned by the server when this workstation syncs</span>}</dd></div>
            <div><dt>Provisional number</dt><dd>{invoice.provisionalNumber}</dd></div>
            <div><dt>Patient</dt><dd>{invoice.patientName}</dd></div>
            <div><dt>Case</dt><dd>{invoice.caseNumber ?? '—'}</dd></div>
            <div><dt>Facility</dt><dd>{facilities.find((facility) => facility.id === invoice.facilityId)?.name ?? '—'}</dd></div>
            <div><dt>Charges</dt><dd className="invoice-facts__money">{formatCents(invoice.chargesCents)}</dd></div>
            <div><dt>Balance</dt><dd className="invoice-facts__money invoice-facts__money--strong">{formatCents(invoice.status === 'draft' ? invoice.chargesCents : invoice.balanceCents)}</dd></div>
            {invoice.dueDate && <div><dt>Due</dt><dd>{formatDate(invoice.dueDate)}</dd></div>}
          </dl>
          {invoice.billingSuspended && <Notice tone="info">Billing of this case is suspended until settlement: send bills to the attorney only.</Notice>}
          {invoice.status === 'void' && <Notice tone="info">Voided{invoice.voidReason ? `: ${invoice.voidReason}` : ''}.</Notice>}
        </Card>
      )}

      <form ref={formRef} className="form" onSubmit={onSave} aria-label={invoice ? `Invoice ${invoiceDocumentName(invoice)}` : 'New invoice'} noValidate>
        <FormErrorSummary error={error?.code === 'invalid_input' ? error : null} />
        {error && error.code !== 'invalid_input' && <Notice tone="error">{error.message}</Notice>}
        {notice && <Notice tone="success">{notice}</Notice>}

        {invoice === null && <NewInvoiceHeader value={target} onChange={(next) => { setTarget(next); setDirty(true); }} facilities={facilities} error={messageAt('patientId')} />}

        <Card title="Header">
          <div className="form-grid">
            <SelectField label="Payer" value={payerType} onValueChange={(value) => { setPayerType(value as PayerType); setDirty(true); }} options={PAYER_OPTIONS} disabled={!editable} error={messageAt('payerType')} />
            <TextField label="Invoice date" type="date" value={invoiceDate} onValueChange={(value) => { setInvoiceDate(value); setDirty(true); }} disabled={!editable} error={messageAt('invoiceDate')} />
          </div>
        </Card>

        <Card title="Lines" actions={editable ? <button type="button" className="button" onClick={addLine} disabled={invoice === null && target === null}>Add line</button> : undefined}>
          {lines.length === 0 ? (
            <p className="muted">{invoice === null ? 'Choose the patient, then add the lines.' : 'No lines.'}</p>
          ) : (
            <div className="table-wrap" role="region" aria-label="Invoice lines" tabIndex={0}>
              <table className="table table--dense invoice-lines">
                <thead>
                  <tr>
                    <th scope="col">#</th><th scope="col">Code</th><th scope="col">Modifiers</th><th scope="col">Diagnoses (A, B …)</th>
                    <th scope="col" className="cell--number">Units</th><th scope="col" className="cell--number">Fee</th><th scope="col" className="cell--number">Amount</th>
                    <th scope="col">Date of service</th><th scope="col">Facility</th><th scope="col">Rendering physician</th>{editable && <th scope="col"><span className="visually-hidden">Remove</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line, index) => {
                    const n = index + 1;
                    const saved = invoice?.lines.find((row) => row.id === line.id);
                    const amount = draftAmountCents(line) ?? (saved && !isDirty ? saved.amountCents : null);
                    if (!editable) {
                      return (
                        <tr key={line.key}>
                          <td>{n}</td><th scope="row">{line.procedureCode}</th><td>{line.modifiers || '—'}</td><td>{line.diagnosisCodes}</td>
                          <td className="cell--number">{line.units}</td><td className="cell--number">{saved ? formatCents(saved.unitFeeCents) : '—'}</td>
                          <td className="cell--number">{saved ? formatCents(saved.amountCents) : '—'}</td><td>{formatDate(line.serviceDate)}</td>
                          <td>{facilityOptions.find((o) => o.value === line.facilityId)?.label ?? '—'}</td><td>{saved?.renderingPhysicianName ?? '—'}</td>
                        </tr>
                      );
                    }
                    const at = (field: string) => messageAt(`lines.${index}.${field}`);
                    return (
                      <tr key={line.key}>
                        <td>{n}</td>
                        <LineInputCell label={`Line ${n} procedure code`} value={line.procedureCode} onChange={(value) => updateLine(index, { procedureCode: value })} error={at('procedureCode')} placeholder="72148" width="5.5rem" />
                        <LineInputCell label={`Line ${n} modifiers`} value={line.modifiers} onChange={(value) => updateLine(index, { modifiers: value })} error={at('modifiers')} placeholder="26 LT" width="4.5rem" />
                        <LineInputCell label={`Line ${n} diagnosis codes`} value={line.diagnosisCodes} onChange={(value) => updateLine(index, { diagnosisCodes: value })} error={at('diagnosisCodes')} placeholder="M54.50, S13.4XXA" width="9.5rem" />
                        <LineInputCell label={`Line ${n} units`} value={line.units} onChange={(value) => updateLine(index, { units: value })} error={at('units')} inputMode="numeric" className="cell--number" width="3.5rem" />
                        <LineInputCell label={`Line ${n} fee in dollars`} value={line.fee} onChange={(value) => updateLine(index, { fee: value })} error={at('unitFeeCents')} inputMode="decimal" className="cell--number" placeholder="schedule" width="5.5rem" />
                        <td className="cell--number invoice-lines__amount">{amount === null ? <span className="muted">from schedule</span> : formatCents(amount)}</td>
                        <LineInputCell label={`Line ${n} date of service`} type="date" value={line.serviceDate} onChange={(value) => updateLine(index, { serviceDate: value })} error={at('serviceDate')} />
                        <LineSelectCell label={`Line ${n} facility`} value={line.facilityId} onChange={(value) => updateLine(index, { facilityId: value })} options={facilityOptions} error={at('facilityId')} />
                        <LineSelectCell label={`Line ${n} rendering physician`} value={line.renderingPhysicianId} onChange={(value) => updateLine(index, { renderingPhysicianId: value })} options={physicianOptions} error={at('renderingPhysicianId')} />
                        <td>
                          <button type="button" className="button button--quiet" aria-label={`Remove line ${n}`} onClick={() => removeLine(index)} disabled={lines.length === 1}>✕</button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={6} className="cell--number">Total</th>
                    <td className="cell--number invoice-lines__total">
                      {isDirty || invoice === null
                        ? <>{formatCents(typedTotal.cents)}{typedTotal.unpriced > 0 && <span className="cell__sub"> + {typedTotal.unpriced} from schedule</span>}</>
                        : formatCents(invoice.chargesCents)}
                    </td>
                    <td colSpan={editable ? 4 : 3} />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          {editable && <p className="muted invoice-lines__hint">Leave the fee empty to use the fee schedule. Diagnoses in pointer order: the first is A, the second B.</p>}
        </Card>

        <div className="button-row invoice-editor__actions">
          {editable && <button type="submit" className="button" disabled={isBusy}>{invoice ? 'Save draft' : 'Create draft'}</button>}
          {editable && invoice && <button type="button" className="button button--primary" onClick={() => void finalize()} disabled={isBusy}>Finalize</button>}
          {mayWrite && invoice?.status === 'finalized' && <button type="button" className="button button--primary" onClick={() => void markSent()} disabled={isBusy}>Mark sent</button>}
          {invoice && invoice.status !== 'draft' && <button type="button" className="button" onClick={() => void downloadPdf()} disabled={isBusy}>Download PDF</button>}
          {mayWriteOff && isOpenForPosting && invoice.balanceCents > 0 && <button type="button" className="button" onClick={() => setDialog('adjust')}>Adjust or write off…</button>}
          {mayVoid && invoice && invoice.status !== 'void' && <button type="button" className="button button--danger" onClick={() => setDialog('void')}>Void…</button>}
        </div>
      </form>

      {invoice && invoice.status !== 'draft' && invoice.ledger.length > 0 && (
        <Card title="Activity">
          <div className="table-wrap" role="region" aria-label="Invoice activity" tabIndex={0}>
            <table className="table table--dense">
              <thead><tr><th scope="col">Date</th><th scope="col">Entry</th><th scope="col" className="cell--number">Amount</th><th scope="col" className="cell--number">Balance</th></tr></thead>
              <tbody>
                {invoice.ledger.map((row) => (
                  <tr key={row.id}>
                    <td>{formatDate(row.date)}</td><th scope="row">{row.description}</th>
                    <td className="cell--number">{formatCents(row.amountCents)}</td><td className="cell--number">{formatCents(row.balanceCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}

      {invoice && <VoidDialog open={dialog === 'void'} invoice={invoice} today={today} onClose={() => setDialog(null)} onDone={() => { setDialog(null); setNotice('Voided.'); reload(); }} />}
      {invoice && <AdjustDialog open={dialog === 'adjust'} invoice={invoice} today={today} onClose={() => setDialog(null)} onDone={() => { setDialog(null); setNotice('Adjustment posted.'); reload(); }} />}
    </div>
  );
}

function VoidDialog({ open, invoice, today, onClose, onDone }: { open: boolean; invoice: InvoiceDetail; today: string; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [voidedOn, setVoidedOn] = useState(today);
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.invoke('invoice.void', { invoiceId: invoice.id, reason, voidedOn });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  }
  return (
    <Dialog open={open} title={`Void invoice ${invoiceLabel(invoice)}?`} onClose={onClose} role="alertdialog">
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p>The invoice stays on record, marked void, and its open charges are reversed. This cannot be undone; bill again with a new invoice.</p>
        {error && error.code !== 'invalid_input' && <Notice tone="error">{error.message}</Notice>}
        <TextField label="Reason" value={reason} onValueChange={setReason} error={errors.reason ? fieldMessage(errors.reason) : undefined} autoFocus />
        <TextField label="Void date" type="date" value={voidedOn} onValueChange={setVoidedOn} error={errors.voidedOn ? fieldMessage(errors.voidedOn) : undefined} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>Keep the invoice</button>
          <button type="submit" className="button button--danger" disabled={isBusy}>Void invoice</button>
        </div>
      </form>
    </Dialog>
  );
}

const ADJUSTMENT_KIND_OPTIONS = [
  { value: 'write_off', label: 'Write-off' }, { value: 'contractual', label: 'Contractual adjustment' }, { value: 'reduction', label: 'Reduction' }, { value: 'correction', label: 'Correction' },
] as const;

function AdjustDialog({ open, invoice, today, onClose, onDone }: { open: boolean; invoice: InvoiceDetail; today: string; onClose: () => void; onDone: () => void }) {
  const [kind, setKind] = useState<(typeof ADJUSTMENT_KIND_OPTIONS)[number]['value']>('write_off');
  const [reasonCode, setReasonCode] = useState<string>(ADJUSTMENT_REASONS[0].code);
  // '' is the invoice as a whole; a line id posts the adjustment to that service line (a remittance's CAS per line).
  const [lineId, setLineId] = useState('');
  const [amount, setAmount] = useState('');
  const [postedOn, setPostedOn] = useState(today);
  const [memo, setMemo] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const errors = { ...fieldErrors(error) };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseDollars(amount);
    if (!parsed.ok) return setError({ code: 'invalid_input', message: parsed.message, fields: [{ path: 'amountCents', message: parsed.message }] });
    setBusy(true);
    const result = await api.invoke('adjustment.post', { invoiceId: invoice.id, invoiceLineId: lineId || null, kind, reasonCode, amountCents: parsed.cents, postedOn, memo: memo.trim() || null });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  }
  return (
    <Dialog open={open} title={`Adjust invoice ${invoiceLabel(invoice)}`} onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="muted">Open balance {formatCents(invoice.balanceCents)}. An adjustment is a new ledger entry; nothing posted before changes.</p>
        {error && error.code !== 'invalid_input' && <Notice tone="error">{error.message}</Notice>}
        <SelectField label="Kind" value={kind} onValueChange={(value) => setKind(value as typeof kind)} options={ADJUSTMENT_KIND_OPTIONS} />
        <SelectField
          label="Applies to" value={lineId} onValueChange={setLineId} error={errors.invoiceLineId}
          options={[{ value: '', label: 'The whole invoice' }, ...invoice.lines.map((line) => ({ value: line.id, label: `${[line.procedureCode, ...line.modifiers].join('-')} on ${formatDate(line.serviceDate)} (${formatCents(line.amountCents)})` }))]}
        />
        <SelectField label="Reason code" value={reasonCode} onValueChange={setReasonCode} options={ADJUSTMENT_REASONS.map((reason) => ({ value: reason.code, label: `${reason.code} — ${reason.label}` }))} error={errors.reasonCode} />
        <TextField label="Amount ($)" inputMode="decimal" value={amount} onValueChange={setAmount} error={errors.amountCents ? fieldMessage(errors.amountCents) : undefined} autoFocus />
        <TextField label="Date" type="date" value={postedOn} onValueChange={setPostedOn} error={errors.postedOn ? fieldMessage(errors.postedOn) : undefined} />
        <TextField label="Memo (optional)" value={memo} onValueChange={setMemo} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button--primary" disabled={isBusy}>Post adjustment</button>
        </div>
      </form>
    </Dialog>
  );
}
