import { useEffect, useMemo, useState } from 'react';
import type { AccountLedger } from '../../shared/billing/billing.contract';
import { formatCents } from '../../shared/format/money';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { formatDate } from '../patients/format';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded } from '../ui/states';
import { PdfButton } from './pdf-button';
import { useSticky } from './use-sticky';
import { casesOf, LEDGER_KIND_LABELS, ledgerView, type LedgerLine } from './reports-model';

/** Waits this long after the last keystroke before searching accounts. */
const SEARCH_DELAY_MS = 250;

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

function LedgerTable({ lines, label, showBalance }: { lines: readonly LedgerLine[]; label: string; showBalance: boolean }) {
  return (
    <div className="table-wrap ledger__table" role="region" aria-label={label} tabIndex={0}>
      <table className="table table--dense">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Kind</th>
            <th scope="col">Reference</th>
            <th scope="col">Description</th>
            <th scope="col" className="cell--number">Amount</th>
            {showBalance && <th scope="col" className="cell--number">Balance</th>}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id} className={`ledger__row ledger__row--${line.kind}`}>
              <td className="cell--nowrap">{formatDate(line.date)}</td>
              <td><span className={`ledger__kind ledger__kind--${line.kind}`}>{LEDGER_KIND_LABELS[line.kind]}</span></td>
              <th scope="row" className="cell--nowrap">{line.reference}</th>
              <td>
                {line.description}
                {line.appliedToLine && (
                  <span className="ledger__applied-line">
                    {' '}to line {[line.appliedToLine.procedureCode, ...line.appliedToLine.modifiers].join('-')} of {formatDate(line.appliedToLine.serviceDate)}
                  </span>
                )}
              </td>
              <td className={`cell--number ${line.amountCents < 0 ? 'ledger__credit' : ''}`}>{formatCents(line.amountCents)}</td>
              {showBalance && <td className="cell--number ledger__balance">{formatCents(line.balanceCents)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AccountLedgerCard({ ledger, caseId, onCaseChange, caseOptions }: {
  ledger: AccountLedger;
  caseId: string;
  onCaseChange: (caseId: string) => void;
  caseOptions: readonly { id: string; number: string }[];
}) {
  const view = useMemo(() => ledgerView(ledger.rows, ledger.invoices), [ledger]);
  const caseNumber = caseOptions.find((option) => option.id === caseId)?.number;
  return (
    <Card
      title={`${ledger.patientName}${caseNumber ? ` · case ${caseNumber}` : ''}`}
      className="ledger__card"
      actions={
        <>
          <PdfButton label="Statement PDF" fetch={() => api.invoke('billingDocument.statementPdf', { patientId: ledger.patientId })} />
          {caseId && <PdfButton label="Bill-to-date PDF" fetch={() => api.invoke('billingDocument.billToDatePdf', { caseId })} />}
        </>
      }
    >
      <div className="ledger__controls">
        <SelectField
          label="Case"
          value={caseId}
          onValueChange={onCaseChange}
          options={[{ value: '', label: 'All cases and visits' }, ...caseOptions.map((option) => ({ value: option.id, label: option.number }))]}
          fieldClassName="ledger__case"
        />
        <dl className="ledger__totals">
          <div>
            <dt>Billed balance</dt>
            <dd>{formatCents(ledger.invoicesBalanceCents)}</dd>
          </div>
          <div>
            <dt>Unapplied credit</dt>
            <dd>{formatCents(ledger.unappliedCreditCents)}</dd>
          </div>
          <div className="ledger__totals-main">
            <dt>Account balance</dt>
            <dd>{formatCents(view.balanceCents)}</dd>
          </div>
        </dl>
      </div>
      {view.lines.length === 0 ? (
        <EmptyState title="No billed entries">{caseId ? 'Nothing has been billed on this case yet.' : 'Nothing has been billed to this patient yet.'}</EmptyState>
      ) : (
        <>
          <p className="table-caption">
            {view.lines.length} {view.lines.length === 1 ? 'entry' : 'entries'}, oldest first. A charge raises the balance; payments, adjustments and credit lower it.
          </p>
          <LedgerTable lines={view.lines} label="Ledger entries" showBalance />
        </>
      )}
      {view.drafts.length > 0 && (
        <details className="ledger__drafts">
          <summary>Draft charges not yet billed ({view.drafts.length})</summary>
          <LedgerTable lines={view.drafts} label="Draft charges" showBalance={false} />
        </details>
      )}
    </Card>
  );
}

/**
 * A patient's (or one case's) ledger from `ledger.account`: find the account (`billing.accounts`, by name
 * or MRN), then every entry — date, kind, reference, amount — with the running balance, narrowed to a
 * case, and the statement (and, for a case, the attorney's bill-to-date) as a PDF.
 */
export function LedgerScreen() {
  const [search, setSearch] = useState('');
  const query = useDebounced(search);
  const [patientId, setPatientId] = useState<string | null>(null);
  const [caseId, setCaseId] = useState('');
  const [accountsRead, reloadAccounts] = useChannel('billing.accounts', { query, limit: 20 });
  const accounts = useSticky(accountsRead);
  const [ledgerRead, reloadLedger] = useChannel('ledger.account', patientId ? { patientId, ...(caseId ? { caseId } : {}) } : null);
  const ledger = useSticky(ledgerRead);
  // The case choices come from all of the patient's invoices, not only the chosen case's.
  const [invoices] = useChannel('invoice.list', patientId ? { patientId, limit: 500 } : null);
  const caseOptions = invoices.status === 'ready' ? casesOf(invoices.value) : [];

  function choose(id: string) {
    setPatientId(id);
    setCaseId('');
  }

  return (
    <>
      <PageHeader title="Patient ledger" subtitle="Every charge, payment, adjustment and credit of an account, with the running balance." />
      <div className="ledger">
        <Card title="Accounts" className="ledger__accounts">
          <TextField label="Find an account" hint="Last name, first name or MRN" value={search} onValueChange={setSearch} type="search" autoComplete="off" />
          <Loaded state={accounts} onRetry={reloadAccounts} loadingLabel="Searching…" empty={<p className="muted">No account matches.</p>}>
            {(rows) => (
              <ul className="ledger__account-list" aria-label="Matching accounts">
                {rows.map((row) => (
                  <li key={row.patientId}>
                    <button type="button" className="ledger__account" aria-pressed={row.patientId === patientId} onClick={() => choose(row.patientId)}>
                      <span className="ledger__account-name">{row.name}</span>
                      <span className="ledger__account-meta">
                        MRN {row.mrn} · {row.openInvoices} open
                      </span>
                      <span className="ledger__account-balance">{formatCents(row.balanceCents)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Loaded>
        </Card>
        <div className="ledger__main">
          {patientId === null ? (
            <Card>
              <EmptyState title="Choose an account">Find a patient on the left to see their ledger.</EmptyState>
            </Card>
          ) : (
            <Loaded state={ledger} onRetry={reloadLedger} loadingLabel="Loading the ledger…">
              {(value) => <AccountLedgerCard ledger={value} caseId={caseId} onCaseChange={setCaseId} caseOptions={caseOptions} />}
            </Loaded>
          )}
        </div>
      </div>
    </>
  );
}
