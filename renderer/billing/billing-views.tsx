import type { ReactNode } from 'react';
import { can, type Action, type Subject } from '../../shared/auth/permissions';
import { navigate } from '../app/route';
import { AgingScreen } from './aging-screen';
import { ClaimsScreen } from './claims-screen';
import { CodesScreen } from './codes-screen';
import { InvoiceEditor } from './invoices/invoice-editor';
import { InvoiceList } from './invoices/invoice-list';
import { LedgerScreen } from './ledger-screen';
import { LopBoard } from './lop-board';
import { PeriodsScreen } from './periods-screen';
import { PaymentPosting, type PostingAccount } from './posting/payment-posting';
import { WorkQueueView } from './work-queue';

type SessionRoles = Pick<Subject, 'roles'> | null | undefined;

/** What a tab's screen is given: the fragment after the tab's id, and the account payment posting is open on (the work queue picks it). */
export interface BillingTabContext {
  readonly rest: readonly string[];
  readonly account: PostingAccount | null;
  readonly onAccount: (account: PostingAccount | null) => void;
}

export interface BillingTab {
  /** The fragment: `#/billing/<id>`; the first tab is also `#/billing` itself. */
  readonly id: string;
  readonly label: string | ((session: SessionRoles) => string);
  /** Listed for a role holding any of these actions; null for every role that may open Billing (`payment.collect`). */
  readonly permission: readonly Action[] | null;
  /** The back-office screens bring their own page header; the others sit under the Billing header. */
  readonly ownHeader: boolean;
  readonly render: (context: BillingTabContext) => ReactNode;
}

const openInvoice = (invoiceId: string) => navigate('billing', 'invoices', invoiceId);

/**
 * Every tab of the Billing section, in the order shown. A tab is listed only for roles that hold its action;
 * the channels behind it check again in main. Add a view here: its tab and its screen.
 */
export const BILLING_TABS: readonly BillingTab[] = [
  {
    id: 'queue', label: 'Work queue', permission: ['payment.post', 'invoice.write'], ownHeader: false,
    render: ({ onAccount }) => <WorkQueueView onPostFor={(next) => { onAccount(next); navigate('billing', 'payments'); }} />,
  },
  {
    id: 'invoices', label: 'Invoices', permission: null, ownHeader: false,
    render: ({ rest }) => {
      // `#/billing/invoices` is the list, `/new` a new invoice, `/<id>` one invoice.
      const invoiceId = rest[0] === 'new' ? null : rest[0];
      if (invoiceId === undefined) return <InvoiceList />;
      return <InvoiceEditor key={invoiceId ?? 'new'} invoiceId={invoiceId} onOpen={openInvoice} onBack={() => history.back()} />;
    },
  },
  {
    id: 'payments', label: (session) => (can(session, 'payment.post') ? 'Post payments' : 'Take a payment'), permission: null, ownHeader: false,
    render: ({ account, onAccount }) => <PaymentPosting account={account} onAccount={onAccount} onOpenInvoice={openInvoice} />,
  },
  { id: 'ledger', label: 'Ledger', permission: ['payment.post'], ownHeader: true, render: () => <LedgerScreen /> },
  { id: 'aging', label: 'A/R aging', permission: ['payment.post'], ownHeader: true, render: () => <AgingScreen /> },
  { id: 'lop', label: 'LOP cases', permission: ['payment.post'], ownHeader: true, render: () => <LopBoard /> },
  { id: 'claims', label: 'Claims', permission: ['claim.manage'], ownHeader: true, render: () => <ClaimsScreen /> },
  { id: 'codes', label: 'Codes and fees', permission: ['invoice.write'], ownHeader: true, render: () => <CodesScreen /> },
  { id: 'periods', label: 'Periods', permission: ['payment.post'], ownHeader: true, render: () => <PeriodsScreen /> },
];

export function mayOpenTab(session: SessionRoles, tab: BillingTab): boolean {
  return tab.permission === null || tab.permission.some((action) => can(session, action));
}

export function tabLabel(session: SessionRoles, tab: BillingTab): string {
  return typeof tab.label === 'string' ? tab.label : tab.label(session);
}
