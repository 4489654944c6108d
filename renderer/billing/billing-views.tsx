import type { ReactNode } from 'react';
import { can, type Action } from '../../shared/auth/permissions';
import { useSession } from '../session/session-context';
import { EmptyState } from '../ui/states';
import { AgingScreen } from './aging-screen';
import { ClaimsScreen } from './claims-screen';
import { CodesScreen } from './codes-screen';
import { LedgerScreen } from './ledger-screen';
import { LopBoard } from './lop-board';
import { PeriodsScreen } from './periods-screen';

/**
 * The back-office views of the Billing section, addressed as `#/billing/<view>`; their tabs follow the
 * work queue, invoices and payments tabs of billing-screen.tsx. A view is listed only for roles that hold
 * its action; the channels behind it check again in main. Add a view here: its tab and its screen.
 */
export const BILLING_VIEWS: readonly { id: string; label: string; action: Action; render: (() => ReactNode) | null }[] = [
  { id: 'ledger', label: 'Ledger', action: 'payment.post', render: () => <LedgerScreen /> },
  { id: 'aging', label: 'A/R aging', action: 'payment.post', render: () => <AgingScreen /> },
  { id: 'lop', label: 'LOP cases', action: 'payment.post', render: () => <LopBoard /> },
  { id: 'claims', label: 'Claims', action: 'claim.manage', render: () => <ClaimsScreen /> },
  { id: 'codes', label: 'Codes and fees', action: 'invoice.write', render: () => <CodesScreen /> },
  { id: 'periods', label: 'Periods', action: 'payment.post', render: () => <PeriodsScreen /> },
];

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
