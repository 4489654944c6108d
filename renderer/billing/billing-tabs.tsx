import { hrefFor } from '../app/route';

/**
 * The Billing section's views, addressed by the URL fragment (`#/billing/aging`). The work queue is the
 * section's start (`#/billing`); the others are reports a clerk opens from it.
 */
export const BILLING_REPORT_VIEWS = [
  { id: 'ledger', label: 'Ledger' },
  { id: 'aging', label: 'A/R aging' },
  { id: 'lop', label: 'LOP cases' },
] as const;
export type BillingReportView = (typeof BILLING_REPORT_VIEWS)[number]['id'];

export function isBillingReportView(value: string | undefined): value is BillingReportView {
  return BILLING_REPORT_VIEWS.some((view) => view.id === value);
}

/** The tab row at the top of every billing view. */
export function BillingTabs({ current }: { current: BillingReportView | null }) {
  return (
    <nav className="view-tabs billing-tabs" aria-label="Billing views">
      <a className="view-tabs__tab" href={hrefFor('billing')} aria-current={current === null ? 'page' : undefined}>
        Work queue
      </a>
      {BILLING_REPORT_VIEWS.map((view) => (
        <a key={view.id} className="view-tabs__tab" href={hrefFor('billing', view.id)} aria-current={view.id === current ? 'page' : undefined}>
          {view.label}
        </a>
      ))}
    </nav>
  );
}
