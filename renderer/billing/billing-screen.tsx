import { useState } from 'react';
import { can } from '../../shared/auth/permissions';
import { hrefFor } from '../app/route';
import { useSession } from '../session/session-context';
import { PageHeader } from '../ui/page';
import { EmptyState } from '../ui/states';
import { ViewTabs } from '../ui/view-tabs';
import { BILLING_TABS, mayOpenTab, tabLabel, type BillingTab } from './billing-views';
import type { PostingAccount } from './posting/payment-posting';

const [HOME_TAB] = BILLING_TABS as [BillingTab, ...BillingTab[]];
/** Where a role without the work queue (the front desk) lands on `#/billing`. */
const DESK_TAB = BILLING_TABS.find((tab) => tab.id === 'payments') as BillingTab;

const hrefOf = (tab: BillingTab) => (tab === HOME_TAB ? hrefFor('billing') : hrefFor('billing', tab.id));

/**
 * The Billing section: one row of tabs (`BILLING_TABS`) and the screen of the one the URL fragment names
 * (`#/billing`, `#/billing/invoices[/<id>|/new]`, `#/billing/payments`, `#/billing/<back-office view>`).
 * Each tab shows only for a role that can use it: front-desk staff see invoices (read only) and "Take a
 * payment"; the billing office sees everything.
 */
export function BillingScreen({ path = [] }: { path?: readonly string[] }) {
  const { session } = useSession();
  const isOffice = mayOpenTab(session, HOME_TAB);
  const requested = BILLING_TABS.find((tab) => tab.id === path[0]) ?? HOME_TAB;
  const current = requested === HOME_TAB && !isOffice ? DESK_TAB : requested;
  const [account, setAccount] = useState<PostingAccount | null>(null);
  return (
    <>
      {!current.ownHeader && (
        <PageHeader
          title="Billing"
          subtitle={isOffice ? 'What is waiting to be billed, sent or applied; invoices; payment posting and patient statements.' : 'Invoices and balances; take a patient’s payment.'}
          actions={can(session, 'invoice.write') ? <a className="button" href={hrefFor('billing', 'invoices', 'new')}>New invoice</a> : undefined}
        />
      )}
      <ViewTabs
        label="Billing views" current={current.id}
        tabs={BILLING_TABS.filter((tab) => mayOpenTab(session, tab)).map((tab) => ({ id: tab.id, label: tabLabel(session, tab), href: hrefOf(tab) }))}
      />
      {mayOpenTab(session, current)
        ? current.render({ rest: path.slice(1), account, onAccount: setAccount })
        : <EmptyState title="Not available to your role">Ask a clinic admin if you need this view.</EmptyState>}
    </>
  );
}
