import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { AGING_BASES, AGING_BUCKETS, AGING_GROUPINGS, type AgingBasis, type AgingBucketId, type AgingGrouping } from '../../shared/billing/aging';
import type { AgingReport } from '../../shared/billing/billing.contract';
import { formatCents } from '../../shared/format/money';
import { addDaysToDate, localDate } from '../../shared/time/facility-time';
import { useChannel } from '../platform/use-channel';
import { formatDate } from '../patients/format';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded } from '../ui/states';
import { AgingChart } from './aging-chart';
import { WithClinicZone } from './clinic-zone';
import {
  AGING_BASIS_LABELS, AGING_GROUP_LABELS, agingCellCents, agingGrid, formatDays, formatRate, moveInGrid, type AgingCell, type GridPosition,
} from './reports-model';

/** How many invoices a drill-down lists at most. */
const DRILL_LIMIT = 500;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Selection extends AgingCell {
  readonly group: string;
  readonly groupLabel: string;
  readonly position: GridPosition;
}

function bucketLabel(bucket: AgingBucketId | null): string {
  return bucket === null ? 'all ages' : `${AGING_BUCKETS.find((candidate) => candidate.id === bucket)?.label ?? bucket} days`;
}

/**
 * The aging table. With `onDrill`, each amount of a group is a button that drills down; arrows move between
 * them, Enter or a click opens one. Without it (the billing summary, which names no invoice) amounts are text.
 */
function AgingTable({ report, groupBy, selected, onDrill }: {
  report: AgingReport;
  groupBy: AgingGrouping;
  selected: Selection | null;
  onDrill: ((selection: Selection) => void) | null;
}) {
  const grid = agingGrid(report);
  const [active, setActive] = useState<GridPosition>({ row: 0, col: 0 });
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const cols = AGING_BUCKETS.length + 1;
  const current = { row: Math.min(active.row, Math.max(0, grid.length - 1)), col: Math.min(active.col, cols - 1) };

  function onKeyDown(event: KeyboardEvent<HTMLTableElement>) {
    const next = moveInGrid(current, event.key, grid.length, cols, event.ctrlKey || event.metaKey);
    if (!next) return;
    event.preventDefault();
    setActive(next);
    buttons.current.get(`${next.row}:${next.col}`)?.focus();
  }

  return (
    <div className="table-wrap aging__table-wrap">
      <table className="table table--dense aging__table" onKeyDown={onDrill ? onKeyDown : undefined} aria-describedby={onDrill ? 'aging-grid-help' : undefined}>
        <caption className="visually-hidden">Open balance by {AGING_GROUP_LABELS[groupBy].toLowerCase()} and age, as of {formatDate(report.asOf)}</caption>
        <thead>
          <tr>
            <th scope="col">{AGING_GROUP_LABELS[groupBy]}</th>
            {AGING_BUCKETS.map((bucket) => <th key={bucket.id} scope="col" className="cell--number">{bucket.label}</th>)}
            <th scope="col" className="cell--number">Total</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row, rowIndex) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {(grid[rowIndex] ?? []).map((cell, colIndex) => {
                const cents = agingCellCents(report, cell);
                const isActive = current.row === rowIndex && current.col === colIndex;
                const isSelected = selected?.group === cell.group && selected.bucket === cell.bucket;
                if (!onDrill) {
                  return (
                    <td key={cell.bucket ?? 'total'} className={`cell--number aging__cell${cell.bucket === null ? ' aging__cell--total' : ''}`}>
                      <span className={`aging__amount aging__amount--text${cents === 0 ? ' aging__amount--zero' : ''}`}>{cents === 0 ? '—' : formatCents(cents)}</span>
                    </td>
                  );
                }
                return (
                  <td key={cell.bucket ?? 'total'} className={`cell--number aging__cell${cell.bucket === null ? ' aging__cell--total' : ''}`}>
                    <button
                      type="button"
                      ref={(element) => {
                        if (element) buttons.current.set(`${rowIndex}:${colIndex}`, element);
                        else buttons.current.delete(`${rowIndex}:${colIndex}`);
                      }}
                      className={`aging__amount${cents === 0 ? ' aging__amount--zero' : ''}`}
                      tabIndex={isActive ? 0 : -1}
                      aria-pressed={isSelected}
                      aria-label={`${row.label}, ${bucketLabel(cell.bucket)}: ${formatCents(cents)}`}
                      onFocus={() => setActive({ row: rowIndex, col: colIndex })}
                      onClick={() => onDrill({ group: row.key, bucket: cell.bucket, groupLabel: row.label, position: { row: rowIndex, col: colIndex } })}
                    >
                      {cents === 0 ? '—' : formatCents(cents)}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {AGING_BUCKETS.map((bucket) => <td key={bucket.id} className="cell--number">{formatCents(report.totals[bucket.id])}</td>)}
            <td className="cell--number aging__grand-total">{formatCents(report.totalCents)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function DrillDown({ asOf, basis, groupBy, selection, onClose }: { asOf: string; basis: AgingBasis; groupBy: AgingGrouping; selection: Selection; onClose: () => void }) {
  const [rows, reload] = useChannel('aging.drill', {
    asOf, basis, groupBy, groupKey: selection.group, limit: DRILL_LIMIT, ...(selection.bucket ? { bucket: selection.bucket } : {}),
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [selection]);
  const title = `${selection.groupLabel} · ${bucketLabel(selection.bucket)}`;
  return (
    <section className="card aging__drill" aria-labelledby="aging-drill-title" onKeyDown={(event) => { if (event.key === 'Escape') onClose(); }}>
      <div className="card__header">
        <h2 className="card__title" id="aging-drill-title" ref={heading} tabIndex={-1}>
          Invoices in {title}
        </h2>
        <div className="card__actions">
          <button type="button" className="button" onClick={onClose}>Back to the grid</button>
        </div>
      </div>
      <Loaded state={rows} onRetry={reload} loadingLabel="Loading the invoices…" empty={<EmptyState title="No open invoices in this cell" />}>
        {(invoices) => (
          <>
            <p className="table-caption">
              {invoices.length >= DRILL_LIMIT ? `The oldest ${DRILL_LIMIT}` : `${invoices.length} ${invoices.length === 1 ? 'invoice' : 'invoices'}`} open on {formatDate(asOf)}, counted from the{' '}
              {AGING_BASIS_LABELS[basis].toLowerCase()}; {formatCents(invoices.reduce((sum, invoice) => sum + invoice.balanceAsOfCents, 0))} in all.
            </p>
            <div className="table-wrap" role="region" aria-label="Drill-down invoices" tabIndex={0}>
              <table className="table table--dense">
                <thead>
                  <tr>
                    <th scope="col">Invoice</th>
                    <th scope="col">Patient</th>
                    <th scope="col">Case</th>
                    <th scope="col">Payer</th>
                    <th scope="col">{AGING_BASIS_LABELS[basis]}</th>
                    <th scope="col" className="cell--number">Age</th>
                    <th scope="col" className="cell--number">Charges</th>
                    <th scope="col" className="cell--number">Open then</th>
                  </tr>
                </thead>
                <tbody>
                  {invoices.map((invoice) => (
                    <tr key={invoice.id}>
                      <th scope="row" className="cell--nowrap">
                        {invoice.invoiceNumber ?? invoice.provisionalNumber}
                        {invoice.invoiceNumber && <span className="cell__sub">{invoice.provisionalNumber}</span>}
                      </th>
                      <td>{invoice.patientName}</td>
                      <td>{invoice.caseNumber ?? '—'}</td>
                      <td>{invoice.payerType.replace('_', ' ')}</td>
                      <td className="cell--nowrap">{formatDate(invoice.basisDate)}</td>
                      <td className="cell--number">{invoice.ageDays} d</td>
                      <td className="cell--number">{formatCents(invoice.chargesCents)}</td>
                      <td className="cell--number">{formatCents(invoice.balanceAsOfCents)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}

function CycleFigures({ from, to, isSummary }: { from: string; to: string; isSummary: boolean }) {
  const [invoiceCycle, reloadInvoices] = useChannel('billing.cycle', isSummary ? null : { from, to });
  const [summaryCycle, reloadSummary] = useChannel('billingSummary.cycle', isSummary ? { from, to } : null);
  const [cycle, reload] = isSummary ? [summaryCycle, reloadSummary] : [invoiceCycle, reloadInvoices];
  return (
    <Card title="Collections and billing cycle" className="aging__cycle">
      <Loaded state={cycle} onRetry={reload} loadingLabel="Loading the cycle…">
        {(value) => (
          <>
            <p className="table-caption">Invoices dated {formatDate(value.from)} – {formatDate(value.to)} ({value.invoices.toLocaleString('en-US')}).</p>
            <dl className="aging__figures">
              <div className="aging__figure aging__figure--main">
                <dt>Collection rate</dt>
                <dd>{formatRate(value.collectionRate)}</dd>
                <dd className="aging__figure-sub">{formatCents(value.collectedCents)} of {formatCents(value.billedCents)}</dd>
              </div>
              <div className="aging__figure"><dt>Exam → invoice</dt><dd>{formatDays(value.examToInvoiceDays)}</dd></div>
              <div className="aging__figure"><dt>Invoice → sent</dt><dd>{formatDays(value.invoiceToSentDays)}</dd></div>
              <div className="aging__figure"><dt>Sent → first payment</dt><dd>{formatDays(value.sentToFirstPaymentDays)}</dd></div>
              <div className="aging__figure"><dt>Invoice → paid</dt><dd>{formatDays(value.invoiceToPaidDays)}</dd></div>
            </dl>
          </>
        )}
      </Loaded>
    </Card>
  );
}

/** The report; `isSummary`: from the billing summary (`billingSummary.*`), with no drill-down to invoices. */
function AgingReportView({ asOf, isSummary }: { asOf: string; isSummary: boolean }) {
  const [date, setDate] = useState(asOf);
  const [basis, setBasis] = useState<AgingBasis>('service_date');
  const [groupBy, setGroupBy] = useState<AgingGrouping>('payer_type');
  const [selection, setSelection] = useState<Selection | null>(null);
  const validDate = ISO_DATE.test(date) ? date : null;
  const question = validDate ? { asOf: validDate, basis, groupBy } : null;
  const [invoiceReport, reloadInvoices] = useChannel('aging.report', isSummary ? null : question);
  const [summaryReport, reloadSummary] = useChannel('billingSummary.aging', isSummary ? question : null);
  const [report, reload] = isSummary ? [summaryReport, reloadSummary] : [invoiceReport, reloadInvoices];
  const gridRef = useRef<HTMLDivElement>(null);

  // A new question closes the drill-down: its cell belongs to the old grid.
  useEffect(() => setSelection(null), [validDate, basis, groupBy]);

  function closeDrill() {
    const position = selection?.position;
    setSelection(null);
    if (position) setTimeout(() => gridRef.current?.querySelectorAll<HTMLButtonElement>('tbody tr')[position.row]?.querySelectorAll('button')[position.col]?.focus());
  }

  return (
    <>
      <PageHeader
        title={isSummary ? 'Billing summary' : 'A/R aging'}
        subtitle={isSummary
          ? 'Open balances by age as of any date, and collections, for the whole clinic; totals only, no patient detail.'
          : 'Open balances by age as of any date; choose a cell to see its invoices.'}
      />
      <form className="toolbar" aria-label="Aging report options" onSubmit={(event) => event.preventDefault()}>
        <TextField label="As of" type="date" value={date} onValueChange={setDate} required error={validDate ? undefined : 'Choose a date'} />
        <SelectField label="Age counted from" value={basis} onValueChange={(value) => setBasis(value as AgingBasis)} fieldClassName="aging__basis"
          options={AGING_BASES.map((value) => ({ value, label: AGING_BASIS_LABELS[value] }))} />
        <SelectField label="Group by" value={groupBy} onValueChange={(value) => setGroupBy(value as AgingGrouping)}
          options={AGING_GROUPINGS.map((value) => ({ value, label: AGING_GROUP_LABELS[value] }))} />
      </form>
      {validDate && (
        <Loaded state={report} onRetry={reload} loadingLabel="Aging the open balances…">
          {(value) => (
            <>
              <div className="aging__overview">
                <Card title="Open balance by age" className="aging__chart-card">
                  <p className="aging__total">
                    <span className="aging__total-amount">{formatCents(value.totalCents)}</span>
                    <span className="muted"> open on {formatDate(value.asOf)} in {value.invoiceCount.toLocaleString('en-US')} {value.invoiceCount === 1 ? 'invoice' : 'invoices'}</span>
                  </p>
                  <AgingChart report={value} />
                </Card>
                <CycleFigures from={addDaysToDate(value.asOf, -364)} to={value.asOf} isSummary={isSummary} />
              </div>
              <Card title={`By ${AGING_GROUP_LABELS[groupBy].toLowerCase()}`} className="aging__grid-card">
                {isSummary ? (
                  <p className="table-caption">Totals from the clinic&apos;s billing summary; invoices are not listed here.</p>
                ) : (
                  <p className="table-caption" id="aging-grid-help">
                    Arrow keys move between amounts; Enter or a click lists the invoices behind one.
                  </p>
                )}
                {value.rows.length === 0 ? (
                  <EmptyState title="Nothing is open">No balance was open on {formatDate(value.asOf)}.</EmptyState>
                ) : (
                  <div ref={gridRef}>
                    <AgingTable report={value} groupBy={groupBy} selected={selection} onDrill={isSummary ? null : setSelection} />
                  </div>
                )}
              </Card>
              {selection && !isSummary && <DrillDown asOf={value.asOf} basis={basis} groupBy={groupBy} selection={selection} onClose={closeDrill} />}
            </>
          )}
        </Loaded>
      )}
    </>
  );
}

/** A/R aging (`aging.report`, `aging.drill`) with collection rate and cycle times (`billing.cycle`); today is the clinic's today. */
export function AgingScreen() {
  return <WithClinicZone>{(timeZone) => <AgingReportView asOf={localDate(Date.now(), timeZone)} isSummary={false} />}</WithClinicZone>;
}

/**
 * The billing summary (`billingSummary.aging`, `billingSummary.cycle`): the same aging grid, chart and
 * collection figures for readers of aggregates (executives), without invoices behind the amounts.
 */
export function BillingSummaryScreen() {
  return <WithClinicZone>{(timeZone) => <AgingReportView asOf={localDate(Date.now(), timeZone)} isSummary />}</WithClinicZone>;
}
