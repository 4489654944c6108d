import { useState } from 'react';
import type { InvoiceStatus } from '../../../shared/billing/billing.contract';
import { INVOICE_STATUSES } from '../../../shared/db/schema-v1';
import { hrefFor } from '../../app/route';
import { formatCents, formatDate } from '../../patients/format';
import { useChannel } from '../../platform/use-channel';
import { SelectField, TextField } from '../../ui/fields';
import { Card } from '../../ui/page';
import { EmptyState, Loaded } from '../../ui/states';
import { INVOICE_STATUS_LABELS, invoiceLabel, PAYER_LABELS, StatusChip } from '../billing-words';

/** Invoices in scope, newest first, by number, patient or status (`invoice.list`); each opens the invoice editor. */
export function InvoiceList() {
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<InvoiceStatus | ''>('');
  const [invoices, reload] = useChannel('invoice.list', { ...(search.trim() ? { search: search.trim() } : {}), ...(status ? { status } : {}), limit: 100 });
  return (
    <Card>
      <form className="toolbar invoice-list__toolbar" onSubmit={(event) => event.preventDefault()} aria-label="Find invoices">
        <TextField label="Invoice number or patient last name" type="search" value={search} onValueChange={setSearch} autoComplete="off" />
        <SelectField label="Status" value={status} onValueChange={(value) => setStatus(value as InvoiceStatus | '')} options={[{ value: '', label: 'Any status' }, ...INVOICE_STATUSES.map((value) => ({ value, label: INVOICE_STATUS_LABELS[value] }))]} />
      </form>
      <Loaded state={invoices} onRetry={reload} loadingLabel="Loading invoices…" empty={<EmptyState title="No invoices match">Try another number or name, or any status.</EmptyState>}>
        {(rows) => (
          <div className="table-wrap" role="region" aria-label="Invoices" tabIndex={0}>
            <table className="table table--dense">
              <thead>
                <tr><th scope="col">Invoice</th><th scope="col">Date</th><th scope="col">Patient</th><th scope="col">Case</th><th scope="col">Payer</th><th scope="col">Status</th><th scope="col" className="cell--number">Charges</th><th scope="col" className="cell--number">Balance</th></tr>
              </thead>
              <tbody>
                {rows.map((invoice) => (
                  <tr key={invoice.id}>
                    <th scope="row">
                      <a href={hrefFor('billing', 'invoices', invoice.id)}>{invoiceLabel(invoice)}</a>
                      {invoice.invoiceNumber === null && <span className="cell__sub"> provisional</span>}
                    </th>
                    <td>{formatDate(invoice.invoiceDate)}</td>
                    <td>{invoice.patientName}</td>
                    <td>{invoice.caseNumber ?? '—'}</td>
                    <td>{PAYER_LABELS[invoice.payerType]}</td>
                    <td><StatusChip status={invoice.status} /></td>
                    <td className="cell--number">{formatCents(invoice.chargesCents)}</td>
                    <td className="cell--number">{formatCents(invoice.balanceCents)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </Card>
  );
}
