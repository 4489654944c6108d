import { useState, type FormEvent } from 'react';
import { can } from '../../shared/auth/permissions';
import type { LopCaseCard, NegotiationEntry } from '../../shared/billing/billing.contract';
import { SETTLEMENT_SOURCES } from '../../shared/billing/billing-writes';
import { PAYMENT_METHODS } from '../../shared/db/schema-v1';
import { formatCents, parseDollars } from '../../shared/format/money';
import type { AppError } from '../../shared/ipc/result';
import { localDate } from '../../shared/time/facility-time';
import { dateInZone, timeInZone } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { fieldErrors } from '../ui/field-errors';
import { Checkbox, SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded, Notice } from '../ui/states';
import { WithClinicZone } from './clinic-zone';
import { PdfButton } from './pdf-button';
import { useSticky } from './use-sticky';
import {
  acceptedPayoff, lopColumns, NEGOTIATION_KIND_LABELS, SETTLEMENT_SOURCE_LABELS, settlementSummary,
} from './reports-model';

type Source = (typeof SETTLEMENT_SOURCES)[number];
type Method = (typeof PAYMENT_METHODS)[number];
const METHOD_LABELS: Record<Method, string> = { cash: 'Cash', check: 'Check', card: 'Card', eft: 'EFT', era: 'ERA', other: 'Other' };
/** Cards a column shows before "Show all" (largest balances first); the filter finds any case. */
const COLUMN_SHOWN = 25;
const STAGE_BADGES: Record<LopCaseCard['stage'], string> = { treating: 'Treating', negotiating: 'Negotiating', accepted: 'Accepted', settled: 'Settled' };

function when(at: number, timeZone: string): string {
  return `${dateInZone(at, timeZone)}, ${timeInZone(at, timeZone)}`;
}

function CaseCardButton({ card, isSelected, onSelect, timeZone }: { card: LopCaseCard; isSelected: boolean; onSelect: () => void; timeZone: string }) {
  return (
    <button
      type="button"
      className="lop-card"
      aria-pressed={isSelected}
      onClick={onSelect}
      aria-label={`Case ${card.caseNumber}, ${card.patientName}, balance ${formatCents(card.balanceCents)}${card.billingSuspended ? ', billing suspended' : ''}`}
    >
      <span className="lop-card__top">
        <span className="lop-card__case">{card.caseNumber}</span>
        <span className="lop-card__balance">{formatCents(card.balanceCents)}</span>
      </span>
      <span className="lop-card__patient">{card.patientName}</span>
      <span className="lop-card__attorney">{card.attorneyName ?? 'No attorney on file'}</span>
      <span className="lop-card__meta">
        {card.billingSuspended && <span className="lop-badge lop-badge--suspended">Billing suspended</span>}
        {card.lastEntry && (
          <span className="lop-card__last">
            {NEGOTIATION_KIND_LABELS[card.lastEntry.kind]} {formatCents(card.lastEntry.payoffCents)} · {dateInZone(card.lastEntry.at, timeZone)}
          </span>
        )}
      </span>
    </button>
  );
}

function NegotiationLog({ history, timeZone }: { history: readonly NegotiationEntry[]; timeZone: string }) {
  if (history.length === 0) return <p className="muted">No offers yet. The first offer or counter-offer starts the negotiation.</p>;
  return (
    <div className="table-wrap" role="region" aria-label="Negotiation log" tabIndex={0}>
      <table className="table table--dense lop-log">
        <thead>
          <tr>
            <th scope="col">Entry</th>
            <th scope="col">By</th>
            <th scope="col" className="cell--number">Payoff</th>
            <th scope="col" className="cell--number">Balance then</th>
            <th scope="col" className="cell--number">Reduction</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {history.map((entry) => (
            <tr key={entry.id}>
              <th scope="row">
                <span className={`lop-badge lop-badge--${entry.kind}`}>{NEGOTIATION_KIND_LABELS[entry.kind]}</span>
                {entry.note && <span className="cell__sub">{entry.note}</span>}
              </th>
              <td>{entry.party === 'clinic' ? 'Clinic' : 'Attorney'}</td>
              <td className="cell--number">{formatCents(entry.payoffCents)}</td>
              <td className="cell--number">{formatCents(entry.balanceCents)}</td>
              <td className="cell--number">{formatCents(entry.reductionCents)}</td>
              <td>
                {entry.recordedBy}
                <span className="cell__sub">{when(entry.recordedAt, timeZone)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NegotiationForm({ caseId, onRecorded }: { caseId: string; onRecorded: () => void }) {
  const [kind, setKind] = useState<NegotiationEntry['kind']>('offer');
  const [party, setParty] = useState<NegotiationEntry['party']>('attorney');
  const [payoff, setPayoff] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [payoffError, setPayoffError] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const amount = parseDollars(payoff);
    setPayoffError(amount.ok ? undefined : amount.message);
    setError(null);
    if (!amount.ok) return;
    setBusy(true);
    const result = await api.invoke('lop.negotiate', { caseId, kind, party, payoffCents: amount.cents, note: note.trim() || null });
    setBusy(false);
    if (!result.ok) {
      const fields = fieldErrors(result.error);
      setPayoffError(fields.payoffCents === 'exceeds_balance' ? 'The payoff is more than the case balance' : fields.payoffCents);
      // An error placed at the payoff field is said there; anything else above the form.
      setError(fields.payoffCents ? null : result.error);
      return;
    }
    setPayoff('');
    setNote('');
    onRecorded();
  }

  return (
    <form className="lop-form" onSubmit={(event) => void submit(event)} aria-label="Record a negotiation entry">
      <h3 className="lop-form__title">Record an entry</h3>
      {error && <Notice tone="error">{error.message}</Notice>}
      <div className="lop-form__row">
        <SelectField label="Entry" value={kind} onValueChange={(value) => setKind(value as NegotiationEntry['kind'])}
          options={(['offer', 'counter_offer', 'accepted', 'rejected'] as const).map((value) => ({ value, label: NEGOTIATION_KIND_LABELS[value] }))} />
        <SelectField label="By" value={party} onValueChange={(value) => setParty(value as NegotiationEntry['party'])}
          options={[{ value: 'attorney', label: 'Attorney' }, { value: 'clinic', label: 'Clinic' }]} />
        <TextField label="Payoff ($)" value={payoff} onValueChange={setPayoff} inputMode="decimal" error={payoffError} required />
      </div>
      <TextField label="Note" value={note} onValueChange={setNote} maxLength={1000} hint="Optional: terms, policy limits, who you spoke to." />
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={isBusy}>{isBusy ? 'Recording…' : 'Record entry'}</button>
      </div>
      <p className="field__hint">Entries are permanent: a change of mind is a new entry, never an edit.</p>
    </form>
  );
}

interface PartDraft {
  readonly amount: string;
  readonly method: Method;
  readonly reference: string;
  readonly payerName: string;
}

const EMPTY_PART: PartDraft = { amount: '', method: 'check', reference: '', payerName: '' };

function SettlementForm({ card, accepted, mayWriteOff, today, onPosted }: {
  card: LopCaseCard;
  accepted: number | null;
  mayWriteOff: boolean;
  today: string;
  onPosted: (message: string) => void;
}) {
  const [receivedOn, setReceivedOn] = useState(today);
  const [parts, setParts] = useState<Record<Source, PartDraft>>({ medpay: EMPTY_PART, pip: EMPTY_PART, insurance: EMPTY_PART, attorney: EMPTY_PART });
  const [writeOff, setWriteOff] = useState(mayWriteOff);
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);

  const parsed = SETTLEMENT_SOURCES.map((source) => ({ source, draft: parts[source], amount: parts[source].amount.trim() === '' ? null : parseDollars(parts[source].amount) }));
  const amounts = parsed.flatMap((part) => (part.amount?.ok ? [part.amount.cents] : []));
  const summary = settlementSummary(amounts, card.balanceCents, writeOff, accepted);
  const fields = fieldErrors(error);
  const update = (source: Source, change: Partial<PartDraft>) => setParts((current) => ({ ...current, [source]: { ...current[source], ...change } }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const given = parsed.filter((part) => part.amount !== null);
    if (given.some((part) => !part.amount?.ok) || given.length === 0) {
      setError({ code: 'invalid_input', message: given.length === 0 ? 'Enter the amount received from at least one source.' : 'Correct the amounts marked below.' });
      return;
    }
    setBusy(true);
    const result = await api.invoke('settlement.post', {
      caseId: card.caseId, receivedOn, writeOffReduction: writeOff,
      parts: given.map((part) => ({
        source: part.source, method: part.draft.method, amountCents: part.amount?.ok ? part.amount.cents : 0,
        externalReference: part.draft.reference.trim() || null, payerName: part.draft.payerName.trim() || null,
      })),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setParts({ medpay: EMPTY_PART, pip: EMPTY_PART, insurance: EMPTY_PART, attorney: EMPTY_PART });
    onPosted(`Settlement posted: ${formatCents(summary.receivedCents)} received${result.value.writtenOffCents > 0 ? `, ${formatCents(result.value.writtenOffCents)} written off as the accepted reduction` : ''}${result.value.unappliedCents > 0 ? `, ${formatCents(result.value.unappliedCents)} kept as credit` : ''}. Billing resumed.`);
  }

  const givenIndexes = new Map(parsed.filter((part) => part.amount !== null).map((part, index) => [part.source, index]));
  return (
    <form className="lop-form" onSubmit={(event) => void submit(event)} aria-label="Post the settlement">
      <h3 className="lop-form__title">Post the settlement</h3>
      {error && <Notice tone="error">{error.message}</Notice>}
      <TextField label="Received on" type="date" value={receivedOn} onValueChange={setReceivedOn} required error={fields.receivedOn} fieldClassName="lop-form__date" />
      <table className="table table--dense lop-parts">
        <caption className="visually-hidden">Money received by source</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Amount ($)</th>
            <th scope="col">Method</th>
            <th scope="col">Check / EFT no.</th>
            <th scope="col">Paid by</th>
          </tr>
        </thead>
        <tbody>
          {parsed.map(({ source, draft, amount }) => {
            const index = givenIndexes.get(source);
            const prefix = index === undefined ? null : `parts.${index}`;
            const amountError = amount && !amount.ok ? amount.message : prefix ? fields[`${prefix}.amountCents`] : undefined;
            const referenceError = prefix ? fields[`${prefix}.externalReference`] : undefined;
            const label = SETTLEMENT_SOURCE_LABELS[source];
            return (
              <tr key={source}>
                <th scope="row">{label}</th>
                <td><TextField label={<span className="visually-hidden">{label} amount</span>} value={draft.amount} onValueChange={(value) => update(source, { amount: value })} inputMode="decimal" error={amountError} /></td>
                <td>
                  <SelectField label={<span className="visually-hidden">{label} method</span>} value={draft.method} onValueChange={(value) => update(source, { method: value as Method })}
                    options={PAYMENT_METHODS.map((value) => ({ value, label: METHOD_LABELS[value] }))} />
                </td>
                <td><TextField label={<span className="visually-hidden">{label} check or EFT number</span>} value={draft.reference} onValueChange={(value) => update(source, { reference: value })} error={referenceError} maxLength={30} /></td>
                <td><TextField label={<span className="visually-hidden">{label} paid by</span>} value={draft.payerName} onValueChange={(value) => update(source, { payerName: value })} maxLength={200} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {mayWriteOff ? (
        <Checkbox label="Write off what is left open as the accepted reduction (LOP-REDUCTION)" checked={writeOff} onCheckedChange={setWriteOff} />
      ) : (
        <p className="field__hint">What is left open stays on the case: writing off the reduction needs write-off permission.</p>
      )}
      <dl className="lop-summary" aria-live="polite">
        <div><dt>Case balance</dt><dd>{formatCents(card.balanceCents)}</dd></div>
        <div><dt>Received</dt><dd>{formatCents(summary.receivedCents)}</dd></div>
        <div><dt>Written off</dt><dd>{formatCents(summary.writeOffCents)}</dd></div>
        <div><dt>Left open</dt><dd>{formatCents(summary.remainingCents - summary.writeOffCents)}</dd></div>
        {summary.creditCents > 0 && <div><dt>Kept as credit</dt><dd>{formatCents(summary.creditCents)}</dd></div>}
      </dl>
      {summary.differsFromPayoffCents !== null && amounts.length > 0 && (
        <Notice tone="info">
          The money entered is {formatCents(Math.abs(summary.differsFromPayoffCents))} {summary.differsFromPayoffCents > 0 ? 'more' : 'less'} than the accepted payoff of {formatCents(accepted ?? 0)}.
        </Notice>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={isBusy}>{isBusy ? 'Posting…' : 'Post settlement'}</button>
      </div>
    </form>
  );
}

function CaseDetail({ card, timeZone, onChanged }: { card: LopCaseCard; timeZone: string; onChanged: () => void }) {
  const { session } = useSession();
  const [historyRead, reloadHistory] = useChannel('lop.history', { caseId: card.caseId });
  const history = useSticky(historyRead);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const mayNegotiate = can(session, 'invoice.write');
  const mayPost = can(session, 'payment.post');

  async function toggleSuspended() {
    const result = await api.invoke('case.setBillingSuspended', { caseId: card.caseId, suspended: !card.billingSuspended });
    setMessage(result.ok ? { tone: 'success', text: card.billingSuspended ? 'Billing resumed.' : 'Billing suspended until settlement.' } : { tone: 'error', text: result.error.message });
    onChanged();
  }

  return (
    <Card
      title={`Case ${card.caseNumber} · ${card.patientName}`}
      className="lop-detail"
      actions={
        <>
          <PdfButton label="Bill-to-date PDF" fetch={() => api.invoke('billingDocument.billToDatePdf', { caseId: card.caseId })} />
          {mayNegotiate && (
            <button type="button" className="button" onClick={() => void toggleSuspended()}>
              {card.billingSuspended ? 'Resume billing' : 'Suspend billing'}
            </button>
          )}
        </>
      }
    >
      <p className="lop-detail__facts">
        <span className={`lop-badge lop-badge--stage-${card.stage}`}>{STAGE_BADGES[card.stage]}</span>
        <span>{card.attorneyName ?? 'No attorney on file'}</span>
        <span>Balance {formatCents(card.balanceCents)}</span>
        <span>{card.billingSuspended ? 'Billing suspended until settlement' : 'Billing active'}</span>
      </p>
      {message && <Notice tone={message.tone}>{message.text}</Notice>}
      <Loaded state={history} onRetry={reloadHistory} loadingLabel="Loading the negotiation…">
        {(entries) => (
          <>
            <section aria-labelledby="lop-log-title" className="lop-detail__log">
              <h3 className="lop-form__title" id="lop-log-title">Reduction negotiation</h3>
              <NegotiationLog history={entries} timeZone={timeZone} />
            </section>
            {card.balanceCents > 0 && (mayNegotiate || mayPost) && (
              <div className="lop-detail__grid">
                {mayNegotiate && (
                  <section>
                    <NegotiationForm caseId={card.caseId} onRecorded={() => { reloadHistory(); onChanged(); }} />
                  </section>
                )}
                {mayPost && (
                  <section>
                    <SettlementForm
                      key={card.caseId}
                      card={card}
                      accepted={acceptedPayoff(entries)}
                      mayWriteOff={can(session, 'adjustment.write_off')}
                      today={localDate(Date.now(), timeZone)}
                      onPosted={(text) => { setMessage({ tone: 'success', text }); reloadHistory(); onChanged(); }}
                    />
                  </section>
                )}
              </div>
            )}
          </>
        )}
      </Loaded>
    </Card>
  );
}

function Board({ timeZone }: { timeZone: string }) {
  const [boardRead, reload] = useChannel('lop.board', {});
  const board = useSticky(boardRead);
  const [filter, setFilter] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  return (
    <>
      <PageHeader title="LOP cases" subtitle="Letter-of-protection cases by stage: balances, suspended billing, the reduction negotiation and the settlement." />
      <Loaded state={board} onRetry={reload} loadingLabel="Loading LOP cases…" empty={<EmptyState title="No LOP cases">Cases with a letter of protection appear here.</EmptyState>}>
        {(cards) => {
          const selected = cards.find((card) => card.caseId === selectedId) ?? null;
          return (
            <>
              <div className="toolbar">
                <TextField label="Find a case" hint="Case number, patient or attorney" type="search" value={filter} onValueChange={setFilter} fieldClassName="lop-filter" />
              </div>
              <div className="lop-board">
                {lopColumns(cards, filter).map((column) => (
                  <section key={column.stage} className={`lop-column lop-column--${column.stage}`} aria-labelledby={`lop-column-${column.stage}`}>
                    <header className="lop-column__header">
                      <h2 className="lop-column__title" id={`lop-column-${column.stage}`}>
                        {column.label} <span className="lop-column__count">{column.cards.length}</span>
                      </h2>
                      <p className="lop-column__total">{formatCents(column.balanceCents)}</p>
                      <p className="lop-column__hint">{column.hint}</p>
                    </header>
                    <ul className="lop-column__cards">
                      {column.cards.slice(0, expanded.has(column.stage) ? undefined : COLUMN_SHOWN).map((card) => (
                        <li key={card.caseId}>
                          <CaseCardButton card={card} timeZone={timeZone} isSelected={card.caseId === selectedId} onSelect={() => setSelectedId(card.caseId)} />
                        </li>
                      ))}
                    </ul>
                    {column.cards.length === 0 && <p className="lop-column__empty">None</p>}
                    {column.cards.length > COLUMN_SHOWN && !expanded.has(column.stage) && (
                      <button type="button" className="button button--link lop-column__more" onClick={() => setExpanded((current) => new Set(current).add(column.stage))}>
                        Show all {column.cards.length} (or find a case above)
                      </button>
                    )}
                  </section>
                ))}
              </div>
              {selected && <CaseDetail key={selected.caseId} card={selected} timeZone={timeZone} onChanged={reload} />}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

/**
 * The LOP case board (`lop.board`): cases by stage with balance and suspended state; for the chosen case,
 * the negotiation log (`lop.history`, entries recorded with `lop.negotiate`, never edited), billing
 * suspension (`case.setBillingSuspended`), the settlement by source with the reduction written off in one
 * action (`settlement.post`) and the attorney's bill-to-date PDF. Actions a role lacks are not shown.
 */
export function LopBoard() {
  return <WithClinicZone>{(timeZone) => <Board timeZone={timeZone} />}</WithClinicZone>;
}
