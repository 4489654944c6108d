import type { ReactNode } from 'react';
import { can, type Action } from '../../shared/auth/permissions';
import { hrefFor } from '../app/route';
import { useSession } from '../session/session-context';
import { EmptyState } from '../ui/states';
import { ClaimsScreen } from './claims-screen';
import { CodesScreen } from './codes-screen';
import { PeriodsScreen } from './periods-screen';

/**
 * The views of the Billing section, addressed as `#/billing/<view>` (the work queue is `#/billing`).
 * A view is listed only for roles that hold its action; the channels behind it check again in main.
 * Add a view here: its tab and its screen.
 */
export const BILLING_VIEWS: readonly { id: string; label: string; action: Action; render: (() => ReactNode) | null }[] = [
  { id: '', label: 'Work queue', action: 'payment.post', render: null },
  { id: 'claims', label: 'Claims', action: 'claim.manage', render: () => <ClaimsScreen /> },
  { id: 'codes', label: 'Codes and fees', action: 'invoice.read', render: () => <CodesScreen /> },
  { id: 'periods', label: 'Periods', action: 'invoice.read', render: () => <PeriodsScreen /> },
];

/** The tabs of the Billing section, for the views this user may open. */
export function BillingViewTabs({ current }: { current: string }) {
  const { session } = useSession();
  const views = BILLING_VIEWS.filter((view) => can(session, view.action));
  return (
    <nav className="view-tabs billing-views" aria-label="Billing views">
      {views.map((view) => (
        <a key={view.id} className="view-tabs__tab" href={view.id ? hrefFor('billing', view.id) : hrefFor('billing')} aria-current={view.id === current ? 'page' : undefined}>
          {view.label}
        </a>
      ))}
    </nav>
  );
}

/** The screen of a back-office view, or null for the work queue (and for a path that names no view). */
export function BillingBackOffice({ view }: { view: string }) {
  const { session } = useSession();
  const found = BILLING_VIEWS.find((candidate) => candidate.id === view && candidate.render !== null);
  if (!found?.render) return null;
  if (!can(session, found.action)) return <EmptyState title="Not available to your role">Ask a clinic admin if you need this view.</EmptyState>;
  return <>{found.render()}</>;
}

export function isBackOfficeView(view: string): boolean {
  return BILLING_VIEWS.some((candidate) => candidate.id === view && candidate.render !== null);
}
