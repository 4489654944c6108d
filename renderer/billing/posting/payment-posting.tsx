import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { can } from '../../../shared/auth/permissions';
import type { AccountLedger, OpenLine, PayerType } from '../../../shared/billing/billing.contract';
import { PAYER_TYPES, PAYMENT_METHODS } from '../../../shared/db/schema-v1';
import type { AppError } from '../../../shared/ipc/result';
import { formatCents, formatDate } from '../../patients/format';
import { api } from '../../platform/api';
import { useChannel } from '../../platform/use-channel';
import { useSession } from '../../session/session-context';
import { Dialog } from '../../ui/dialog';
import { fieldErrors } from '../../ui/field-errors';
import { SelectField, TextField } from '../../ui/fields';
import { useFocusOnError } from '../../ui/focus-error';
import { FormErrorSummary } from '../../ui/form-error-summary';
import { Card } from '../../ui/page';
import { ErrorState, LoadingState, Notice } from '../../ui/states';
import { invoiceLabel, METHOD_LABELS, PAYER_LABELS, StatusChip, type PaymentMethod } from '../billing-words';
import { fieldMessage } from '../invoices/line-draft';
import { PersonPicker } from '../person-picker';
import { localDate } from '../../../shared/time/facility-time';
import { applyRestToLine, collapseInvoice, expandInvoice, lineKey, proposeAllocation, summarizeAllocation, type AllocationDraft, type OpenInvoice } from './allocation';
import { parseDollars } from '../../../shared/format/money';

/**
 * Payment posting, keyboard first: find the account, then source, check/EFT number, amount, date and
 * method, then the allocation across the account's open invoices — proposed oldest first as the amount
 * is typed, editable, with what is left shown as unapplied credit — and Enter posts (`payment.post`).
 * The account's unapplied credit can be applied later (`payment.apply`) or refunded (`payment.refund`).
 *
 * Front-desk staff (`payment.collect` without `payment.post`) take a patient's own payment at one of
 * their facilities; the other sources, refunds and credit moves are not offered to them.
 */

export interface PostingAccount {
  readonly patientId: string;
  readonly name: string;
}

const OPEN_STATUSES = new Set(['finalized', 'sent', 'partially_paid']);

type PostingLine = OpenLine & { label: string };
type PostingInvoice = Omit<OpenInvoice, 'lines'> & { label: string; status: AccountLedger['invoices'][number]['status']; lines: readonly PostingLine[] };

/** "97110-GP-59" */
export function lineCode(line: { procedureCode: string; modifiers: readonly string[] }): string {
  return [line.procedureCode, ...line.modifiers].join('-');
}

export function openInvoicesOf(account: AccountLedger): PostingInvoice[] {
  return account.invoices
    .filter((invoice) => OPEN_STATUSES.has(invoice.status) && invoice.balanceCents > 0)
    .sort((a, b) => (a.invoiceDate === b.invoiceDate ? a.id.localeCompare(b.id) : a.invoiceDate < b.invoiceDate ? -1 : 1))
    .map((invoice) => ({
      invoiceId: invoice.id, date: invoice.invoiceDate, openCents: invoice.balanceCents, label: invoiceLabel(invoice), status: invoice.status,
      lines: account.openLines.filter((line) => line.invoiceId === invoice.id).map((line) => ({ ...line, label: `${lineCode(line)} on ${formatDate(line.serviceDate)}` })),
    }));
}

export function PaymentPosting({ account, onAccount, onOpenInvoice }: { account: PostingAccount | null; onAccount: (account: PostingAccount | null) => void; onOpenInvoice: (invoiceId: string) => void }) {
  const [ledger, reload] = useChannel('ledger.account', account ? { patientId: account.patientId } : null);
  // While the account is read again after a posting, the form stays (with its confirmation) on the last read.
  const [shown, setShown] = useState<AccountLedger | null>(null);
  useEffect(() => {
    if (ledger.status === 'ready') setShown(ledger.value);
  }, [ledger]);
  const current = ledger.status === 'ready' ? ledger.value : shown !== null && shown.patientId === account?.patientId ? shown : null;
  return (
    <div className="payment-posting">
      <Card title="Account">
        {account ? (
          <p className="payment-posting__account">
            <strong>{account.name}</strong>
            {current && (
              <span className="muted"> · open balance {formatCents(current.invoicesBalanceCents)} · unapplied credit {formatCents(current.unappliedCreditCents)}</span>
            )}{' '}
            <button type="button" className="button button--link" onClick={() => onAccount(null)}>Change account</button>
          </p>
        ) : (
          <PersonPicker
            label="Find the account" hint="Patient name or MRN. Accounts with open invoices come first." autoFocus
            search={async (query) => {
              const result = await api.invoke('billing.accounts', { query, limit: 12 });
              return result.ok ? result.value.map((row) => ({ id: row.patientId, label: row.name, detail: `MRN ${row.mrn} · ${formatCents(row.balanceCents)} open on ${row.openInvoices} invoice${row.openInvoices === 1 ? '' : 's'}` })) : [];
            }}
            onPick={(option) => onAccount({ patientId: option.id, name: option.label })}
          />
        )}
      </Card>
      {account && !current && ledger.status === 'loading' && <LoadingState label="Loading the account…" />}
      {account && ledger.status === 'error' && <ErrorState error={ledger.error} onRetry={reload} />}
      {account && current && <PostingForm key={account.patientId} ledger={current} onPosted={reload} onOpenInvoice={onOpenInvoice} />}
    </div>
  );
}

function PostingForm({ ledger, onPosted, onOpenInvoice }: { ledger: AccountLedger; onPosted: () => void; onOpenInvoice: (invoiceId: string) => void }) {
  const { session } = useSession();
  const mayPostAny = can(session, 'payment.post');
  const [facilities] = useChannel('facility.list', {});
  const facilityList = facilities.status === 'ready' ? facilities.value.filter((facility) => mayPostAny || session?.facilityIds.includes(facility.id)) : [];

  const [payerType, setPayerType] = useState<PayerType>('patient');
  const [payerName, setPayerName] = useState('');
  const [method, setMethod] = useState<PaymentMethod>(mayPostAny ? 'check' : 'card');
  const [reference, setReference] = useState('');
  const [amount, setAmount] = useState('');
  const [facilityId, setFacilityId] = useState('');
  const zone = facilityList.find((facility) => facility.id === facilityId)?.timeZone ?? facilityList[0]?.timeZone ?? 'America/New_York';
  const [receivedOn, setReceivedOn] = useState('');
  const [memo, setMemo] = useState('');
  const [draft, setDraft] = useState<AllocationDraft>({});
  // Invoices opened by their service lines (allocated line by line).
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // The draft key of each allocation last sent, so a refusal naming `allocations.<n>` marks its row.
  const [sentKeys, setSentKeys] = useState<readonly string[]>([]);
  const [isEdited, setEdited] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [amountError, setAmountError] = useState<string | undefined>();
  const [posted, setPosted] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);

  useEffect(() => {
    if (facilityId === '' && facilityList[0]) setFacilityId(facilityList[0].id);
  }, [facilityList.length]);
  useEffect(() => {
    if (receivedOn === '' && facilities.status === 'ready') setReceivedOn(localDate(Date.now(), zone));
  }, [facilities.status]);

  const invoices = useMemo(() => openInvoicesOf(ledger), [ledger]);
  const parsedAmount = parseDollars(amount);
  const amountCents = parsedAmount.ok ? parsedAmount.cents : 0;
  // The proposal follows the amount until the clerk edits a row; "Allocate oldest first" brings it back.
  useEffect(() => {
    if (!isEdited) setDraft(proposal());
  }, [amountCents, invoices, isEdited]);
  const summary = summarizeAllocation(amountCents, invoices, draft, expanded);
  const errors = fieldErrors(error);
  const serverRowErrors: Record<string, string> = {};
  sentKeys.forEach((key, index) => {
    const reason = errors[`allocations.${index}.amountCents`] ?? errors[`allocations.${index}.invoiceLineId`];
    if (reason && error) serverRowErrors[key] = error.message;
  });

  /** The oldest-first split, spread over the lines of the invoices that are open by line. */
  function proposal(): AllocationDraft {
    let next = proposeAllocation(amountCents, invoices);
    for (const invoice of invoices) if (expanded.has(invoice.invoiceId)) next = expandInvoice(next, invoice);
    return next;
  }

  function toggleLines(invoice: PostingInvoice) {
    const isOpen = expanded.has(invoice.invoiceId);
    setDraft((current) => (isOpen ? collapseInvoice(current, invoice) : expandInvoice(current, invoice)));
    setExpanded((current) => {
      const next = new Set(current);
      if (isOpen) next.delete(invoice.invoiceId);
      else next.add(invoice.invoiceId);
      return next;
    });
    setEdited(true);
  }

  function setRow(key: string, text: string) {
    setEdited(true);
    setDraft((current) => ({ ...current, [key]: text }));
    if (serverRowErrors[key]) setSentKeys([]);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPosted(null);
    setError(null);
    if (!parsedAmount.ok || parsedAmount.cents === 0) {
      const message = parsedAmount.ok ? 'Enter an amount' : parsedAmount.message;
      setAmountError(message);
      setError({ code: 'invalid_input', message, fields: [{ path: 'amountCents', message }] });
      return;
    }
    setAmountError(undefined);
    if (Object.keys(summary.errors).length > 0 || summary.overAllocated) {
      setError({ code: 'invalid_input', message: 'Some fields need attention.', fields: [{ path: 'allocations', message: summary.overAllocated ? 'The allocations add up to more than the payment' : 'Correct the marked amounts' }] });
      return;
    }
    setBusy(true);
    setSentKeys(summary.allocations.map((allocation) => (allocation.invoiceLineId ? lineKey(allocation.invoiceId, allocation.invoiceLineId) : allocation.invoiceId)));
    const result = await api.invoke('payment.post', {
      payerType, payerName: payerName.trim() || null, method, externalReference: reference.trim() || null, amountCents: parsedAmount.cents, receivedOn,
      patientId: ledger.patientId, caseId: null, facilityId: facilityId || null, memo: memo.trim() || null,
      allocations: summary.allocations.map((allocation) => ({ invoiceId: allocation.invoiceId, invoiceLineId: allocation.invoiceLineId ?? null, amountCents: allocation.amountCents })),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setPosted(`Posted ${formatCents(parsedAmount.cents)}${reference.trim() ? ` (${reference.trim().toUpperCase()})` : ''}: ${formatCents(result.value.allocatedCents)} applied, ${formatCents(result.value.unappliedCents)} left as unapplied credit.`);
    setAmount('');
    setReference('');
    setMemo('');
    setEdited(false);
    setExpanded(new Set());
    setSentKeys([]);
    onPosted();
  }

  const referenceError = errors.externalReference ? (errors.externalReference === 'duplicate_payment' && error ? error.message : fieldMessage(errors.externalReference)) : undefined;
  const payerOptions = (mayPostAny ? PAYER_TYPES : (['patient'] as const)).map((value) => ({ value, label: PAYER_LABELS[value] }));
  const credits = ledger.payments.filter((payment) => payment.unappliedCents > 0);

  return (
    <>
      <form ref={formRef} className="form payment-form" onSubmit={(event) => void submit(event)} aria-label="Post a payment" noValidate>
        {error && error.code === 'invalid_input' && <FormErrorSummary error={error} unplaced={errors.allocations ? [fieldMessage(errors.allocations)] : []} />}
        {error && error.code !== 'invalid_input' && <Notice tone="error">{error.message}</Notice>}
        {posted && <Notice tone="success">{posted}</Notice>}
        <Card title="Payment">
          <div className="form-grid payment-form__grid">
            <SelectField label="Source" value={payerType} onValueChange={(value) => setPayerType(value as PayerType)} options={payerOptions} error={errors.payerType} hint={mayPostAny ? undefined : 'At the desk: the patient’s own payment.'} />
            {payerType !== 'patient' && <TextField label="Payer name" value={payerName} onValueChange={setPayerName} placeholder="Aetna, Reyes & Park LLP…" error={errors.payerName} />}
            <SelectField label="Method" value={method} onValueChange={(value) => setMethod(value as PaymentMethod)} options={PAYMENT_METHODS.map((value) => ({ value, label: METHOD_LABELS[value] }))} error={errors.method} />
            <TextField label="Check / EFT number" value={reference} onValueChange={setReference} autoComplete="off" hint="With the source, it identifies the payment: the same number is never posted twice." error={referenceError} />
            <TextField label="Amount ($)" value={amount} onValueChange={(value) => { setAmount(value); setAmountError(undefined); }} inputMode="decimal" autoComplete="off" error={amountError ?? (errors.amountCents ? fieldMessage(errors.amountCents) : undefined)} />
            <TextField label="Received on" type="date" value={receivedOn} onValueChange={setReceivedOn} error={errors.receivedOn ? (errors.receivedOn === 'period_closed' && error ? error.message : fieldMessage(errors.receivedOn)) : undefined} />
            <SelectField label="Facility" value={facilityId} onValueChange={setFacilityId} options={facilityList.map((facility) => ({ value: facility.id, label: facility.name }))} error={errors.facilityId} />
            <TextField label="Memo (optional)" value={memo} onValueChange={setMemo} />
          </div>
        </Card>

        <Card
          title="Allocation"
          actions={<button type="button" className="button" onClick={() => { setEdited(false); setDraft(proposal()); }}>Allocate oldest first</button>}
        >
          {invoices.length === 0 ? (
            <p className="muted">No open invoices on this account: the whole payment stays as unapplied credit.</p>
          ) : (
            <div className="table-wrap" role="region" aria-label="Open invoices" tabIndex={0}>
              <table className="table table--dense payment-alloc">
                <thead>
                  <tr><th scope="col">Invoice or service line</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col" className="cell--number">Open</th><th scope="col" className="cell--number">Apply ($)</th></tr>
                </thead>
                {invoices.map((invoice) => {
                  const isOpen = expanded.has(invoice.invoiceId);
                  const rowError = summary.errors[invoice.invoiceId] ?? serverRowErrors[invoice.invoiceId];
                  const errorId = `alloc-${invoice.invoiceId}-error`;
                  const linesId = `alloc-${invoice.invoiceId}-lines`;
                  return (
                    <tbody key={invoice.invoiceId} className={isOpen ? 'payment-alloc__group payment-alloc__group--open' : 'payment-alloc__group'}>
                      <tr>
                        <th scope="row">
                          <button type="button" className="button button--link" onClick={() => onOpenInvoice(invoice.invoiceId)}>{invoice.label}</button>
                          {invoice.lines.length > 0 && (
                            <button
                              type="button" className="button button--quiet payment-alloc__toggle" aria-expanded={isOpen} aria-controls={isOpen ? linesId : undefined}
                              onClick={() => toggleLines(invoice)}
                            >
                              {isOpen ? 'Whole invoice' : `By line (${invoice.lines.length})`}<span className="visually-hidden"> for {invoice.label}</span>
                            </button>
                          )}
                        </th>
                        <td>{formatDate(invoice.date)}</td>
                        <td><StatusChip status={invoice.status} /></td>
                        <td className="cell--number">{formatCents(invoice.openCents)}</td>
                        <td className="cell--number">
                          {isOpen ? (
                            <span className="payment-alloc__sum" aria-label={`Applied to ${invoice.label}`}>{formatCents(summary.invoiceTotals[invoice.invoiceId] ?? 0)}</span>
                          ) : (
                            <>
                              <input
                                className="input payment-alloc__input" inputMode="decimal" autoComplete="off" aria-label={`Apply to ${invoice.label}`}
                                value={draft[invoice.invoiceId] ?? ''} aria-invalid={rowError ? true : undefined} aria-describedby={rowError ? errorId : undefined}
                                onChange={(event) => setRow(invoice.invoiceId, event.target.value)}
                              />
                              {rowError && <p className="field__error" id={errorId}>{rowError}</p>}
                            </>
                          )}
                        </td>
                      </tr>
                      {isOpen && invoice.lines.map((line, index) => {
                        const key = lineKey(invoice.invoiceId, line.lineId);
                        const lineError = summary.errors[key] ?? serverRowErrors[key];
                        const lineErrorId = `alloc-${line.lineId}-error`;
                        return (
                          <tr key={line.lineId} id={index === 0 ? linesId : undefined} className="payment-alloc__line">
                            <th scope="row" className="payment-alloc__line-name">
                              {lineCode(line)}
                              <span className="muted"> · charge {formatCents(line.chargeCents)}{line.lineCreditsCents + line.spreadCents > 0 ? `, paid or adjusted ${formatCents(line.lineCreditsCents + line.spreadCents)}` : ''}</span>
                            </th>
                            <td>{formatDate(line.serviceDate)}</td>
                            <td />
                            <td className="cell--number">{formatCents(line.openCents)}</td>
                            <td className="cell--number">
                              <span className="payment-alloc__line-entry">
                                <input
                                  className="input payment-alloc__input" inputMode="decimal" autoComplete="off" aria-label={`Apply to ${line.label}, ${invoice.label}`}
                                  value={draft[key] ?? ''} aria-invalid={lineError ? true : undefined} aria-describedby={lineError ? lineErrorId : undefined}
                                  onChange={(event) => setRow(key, event.target.value)}
                                />
                                <button
                                  type="button" className="button button--quiet"
                                  onClick={() => { setEdited(true); setDraft((current) => applyRestToLine(amountCents, invoices, current, expanded, invoice.invoiceId, line)); }}
                                >
                                  Rest here<span className="visually-hidden"> for {line.label}, {invoice.label}</span>
                                </button>
                              </span>
                              {lineError && <p className="field__error" id={lineErrorId}>{lineError}</p>}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  );
                })}
              </table>
            </div>
          )}
          <dl className="payment-totals" aria-live="polite">
            <div><dt>Payment</dt><dd>{formatCents(amountCents)}</dd></div>
            <div><dt>Applied</dt><dd>{formatCents(summary.allocatedCents)}</dd></div>
            <div className={summary.overAllocated ? 'payment-totals__over' : ''}>
              <dt>{summary.overAllocated ? 'Over-allocated' : 'Unapplied credit'}</dt>
              <dd>{formatCents(Math.abs(summary.unappliedCents))}</dd>
            </div>
          </dl>
        </Card>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={isBusy}>Post payment</button>
          <span className="muted">Enter posts from any field.</span>
        </div>
      </form>

      {mayPostAny && credits.length > 0 && <CreditsCard ledger={ledger} credits={credits} zone={zone} onDone={onPosted} />}
    </>
  );
}

type Credit = AccountLedger['payments'][number];

/** The account's unapplied credit: apply it to open invoices (oldest first) or refund it. */
function CreditsCard({ ledger, credits, zone, onDone }: { ledger: AccountLedger; credits: readonly Credit[]; zone: string; onDone: () => void }) {
  const [refunding, setRefunding] = useState<Credit | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const invoices = openInvoicesOf(ledger);

  async function apply(credit: Credit) {
    setError(null);
    setDone(null);
    const allocations = proposeAllocation(credit.unappliedCents, invoices);
    const summary = summarizeAllocation(credit.unappliedCents, invoices, allocations);
    const result = await api.invoke('payment.apply', { paymentId: credit.id, appliedOn: localDate(Date.now(), zone), allocations: summary.allocations.map((a) => ({ invoiceId: a.invoiceId, invoiceLineId: null, amountCents: a.amountCents })) });
    if (!result.ok) return setError(result.error);
    setDone(`Applied ${formatCents(result.value.allocatedCents)}; ${formatCents(result.value.unappliedCents)} left as credit.`);
    onDone();
  }

  return (
    <Card title="Unapplied credit">
      {error && <Notice tone="error">{error.message}</Notice>}
      {done && <Notice tone="success">{done}</Notice>}
      <div className="table-wrap" role="region" aria-label="Payments with unapplied credit" tabIndex={0}>
        <table className="table table--dense">
          <thead><tr><th scope="col">Received</th><th scope="col">Source</th><th scope="col">Reference</th><th scope="col" className="cell--number">Unapplied</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {credits.map((credit) => (
              <tr key={credit.id}>
                <th scope="row">{formatDate(credit.receivedOn)}</th>
                <td>{PAYER_LABELS[credit.payerType]} · {METHOD_LABELS[credit.method]}</td>
                <td>{credit.reference ?? '—'}</td>
                <td className="cell--number">{formatCents(credit.unappliedCents)}</td>
                <td className="cell--nowrap">
                  {invoices.length > 0 && <button type="button" className="button button--quiet" onClick={() => void apply(credit)}>Apply to open invoices</button>}
                  <button type="button" className="button button--quiet" onClick={() => setRefunding(credit)}>Refund…</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {refunding && <RefundDialog credit={refunding} today={localDate(Date.now(), zone)} onClose={() => setRefunding(null)} onDone={(message) => { setRefunding(null); setDone(message); onDone(); }} />}
    </Card>
  );
}

function RefundDialog({ credit, today, onClose, onDone }: { credit: Credit; today: string; onClose: () => void; onDone: (message: string) => void }) {
  const [amount, setAmount] = useState((credit.unappliedCents / 100).toFixed(2));
  const [method, setMethod] = useState<PaymentMethod>('check');
  const [reference, setReference] = useState('');
  const [refundedOn, setRefundedOn] = useState(today);
  const [memo, setMemo] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const errors = fieldErrors(error);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseDollars(amount);
    if (!parsed.ok) return setError({ code: 'invalid_input', message: parsed.message, fields: [{ path: 'amountCents', message: parsed.message }] });
    const result = await api.invoke('payment.refund', { paymentId: credit.id, amountCents: parsed.cents, refundedOn, method, externalReference: reference.trim() || null, memo: memo.trim() || null });
    if (result.ok) onDone(`Refunded ${formatCents(parsed.cents)}.`);
    else setError(result.error);
  }
  return (
    <Dialog open title="Refund unapplied credit" onClose={onClose}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        <p className="muted">{formatCents(credit.unappliedCents)} of this payment is not applied to any invoice. The refund is a new entry that points at the payment.</p>
        {error && error.code !== 'invalid_input' && <Notice tone="error">{error.message}</Notice>}
        <TextField label="Amount ($)" inputMode="decimal" value={amount} onValueChange={setAmount} error={errors.amountCents ? fieldMessage(errors.amountCents) : undefined} autoFocus />
        <SelectField label="Method" value={method} onValueChange={(value) => setMethod(value as PaymentMethod)} options={PAYMENT_METHODS.map((value) => ({ value, label: METHOD_LABELS[value] }))} />
        <TextField label="Refund check / EFT number" value={reference} onValueChange={setReference} error={errors.externalReference ? fieldMessage(errors.externalReference) : undefined} />
        <TextField label="Date" type="date" value={refundedOn} onValueChange={setRefundedOn} error={errors.refundedOn ? fieldMessage(errors.refundedOn) : undefined} />
        <TextField label="Memo (optional)" value={memo} onValueChange={setMemo} />
        <div className="dialog__footer">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button--primary">Refund</button>
        </div>
      </form>
    </Dialog>
  );
}
