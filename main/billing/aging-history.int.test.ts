import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Subject } from '../../shared/auth/permissions';
import { AGING_BASES, AGING_GROUPINGS } from '../../shared/billing/aging';
import { allTables } from '../../shared/db/tables';
import { newId } from '../../shared/ids';
import { closeDatabase, openDatabase, type Replica } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { agingReport, openInvoicesAsOf, openInvoicesAsOfNaive } from './aging.repository';

/**
 * The balance history (`invoice_balance_history`, kept by triggers) against the naive GROUP BY over
 * every ledger entry, on a real migrated replica. Random ledgers are written the ways a workstation
 * writes them: entries in any date order (back-dated credits), sync re-delivery (INSERT OR REPLACE),
 * tombstones, hard deletes (the undo of a pending mutation), negative allocations (reversals), corrections,
 * invoice rows arriving after their entries, voids and drafts, lines whose date of service changes.
 */

let dataDir: string;
let replica: Replica;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'medora-aging-history-'));
  replica = openDatabase(join(dataDir, 'medora.sqlite'));
  await migrateToLatest(replica.db as Kysely<unknown>);
});

afterAll(async () => {
  await closeDatabase(replica);
  rmSync(dataDir, { recursive: true, force: true });
});

/** A complete row of `table` with placeholder values, then the given columns. */
function rowOf(table: string, values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(allTables[table]?.columns ?? {})) {
    if (column.nullable) row[name] = null;
    else if (column.kind === 'enum') row[name] = column.values?.[0];
    else if (column.kind === 'date') row[name] = '2026-01-01';
    else if (column.kind === 'json') row[name] = '[]';
    else if (column.kind === 'id') row[name] = newId();
    else if (['int', 'instant', 'cents', 'bool', 'real'].includes(column.kind)) row[name] = 0;
    else row[name] = 'x';
  }
  return { ...row, ...values };
}

function write(table: string, values: Record<string, unknown>, verb: 'INSERT' | 'INSERT OR REPLACE' = 'INSERT'): void {
  const row = rowOf(table, values);
  const columns = Object.keys(row);
  replica.sqlite.prepare(`${verb} INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(row);
}

const day = (d: number) => new Date(Date.UTC(2026, 8, 1) + d * 86_400_000).toISOString().slice(0, 10);
const dayArb = fc.integer({ min: 0, max: 120 });

const invoiceArb = fc.record({
  invoiceDay: dayArb,
  status: fc.constantFrom('finalized', 'sent', 'partially_paid', 'paid', 'draft', 'void'),
  payer: fc.constantFrom('insurance', 'patient', 'attorney'),
  facility: fc.nat(1),
  withCase: fc.nat(2),
  arrivesLast: fc.boolean(),
  lines: fc.array(fc.record({ amount: fc.integer({ min: 100, max: 50_000 }), serviceDay: dayArb, physician: fc.nat(2) }), { maxLength: 3 }),
});

const entryArb = fc.record({
  table: fc.constantFrom('payment_allocations', 'adjustments'),
  invoice: fc.nat(5),
  amount: fc.integer({ min: -5_000, max: 40_000 }),
  entryDay: dayArb,
  /** What happens to the entry after it is written. */
  fate: fc.constantFrom('kept', 'kept', 'kept', 'redelivered', 'tombstoned', 'undone', 'redated'),
  laterDay: dayArb,
});

const lineFateArb = fc.constantFrom('kept', 'kept', 'redated', 'tombstoned', 'undone', 'redelivered');

describe('A/R aging from the balance history', () => {
  it('equals the naive GROUP BY over the entries, per invoice and per report, as of any date', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(invoiceArb, { minLength: 1, maxLength: 6 }), fc.array(entryArb, { maxLength: 25 }), fc.array(lineFateArb, { minLength: 18, maxLength: 18 }),
      fc.array(dayArb, { minLength: 3, maxLength: 3 }), fc.boolean(),
      async (invoices, entries, lineFates, asOfDays, voidLater) => {
        const clinicId = newId();
        const facilities = [newId(), newId()];
        const physicians = [newId(), newId(), newId()];
        const attorney = newId();
        const cases = [newId(), newId()];
        for (const [index, id] of cases.entries()) {
          write('cases', { id, clinic_id: clinicId, case_number: `C-${id}`, attorney_id: index === 0 ? attorney : null, billing_suspended: 0 });
        }
        write('attorneys', { id: attorney, clinic_id: clinicId, name: 'A. Reyes', firm_name: 'Reyes Law' });
        const ids = invoices.map(() => newId());
        const invoiceRow = (index: number) => {
          const invoice = invoices[index] as (typeof invoices)[number];
          return {
            id: ids[index], clinic_id: clinicId, patient_id: newId(), case_id: invoice.withCase < 2 ? cases[invoice.withCase] : null,
            facility_id: facilities[invoice.facility], payer_type: invoice.payer, status: invoice.status, invoice_date: day(invoice.invoiceDay),
            provisional_number: `P-${ids[index]}`,
          };
        };
        invoices.forEach((invoice, index) => { if (!invoice.arrivesLast) write('invoices', invoiceRow(index)); });
        let lineIndex = 0;
        for (const [index, invoice] of invoices.entries()) {
          for (const line of invoice.lines) {
            const id = newId();
            const row = { id, clinic_id: clinicId, invoice_id: ids[index], procedure_code: '99203', units: 1, unit_fee_cents: line.amount, amount_cents: line.amount,
              service_date: day(line.serviceDay), facility_id: facilities[0], rendering_physician_id: physicians[line.physician] };
            write('invoice_lines', row);
            const fate = lineFates[lineIndex++ % lineFates.length];
            if (fate === 'redated') replica.sqlite.prepare('UPDATE invoice_lines SET service_date = ? WHERE id = ?').run(day((line.serviceDay + 37) % 120), id);
            if (fate === 'tombstoned') replica.sqlite.prepare('UPDATE invoice_lines SET deleted_at = 1 WHERE id = ?').run(id);
            if (fate === 'undone') replica.sqlite.prepare('DELETE FROM invoice_lines WHERE id = ?').run(id);
            if (fate === 'redelivered') write('invoice_lines', { ...row, amount_cents: line.amount + 1 }, 'INSERT OR REPLACE');
          }
        }
        for (const entry of entries) {
          const id = newId();
          const invoiceId = ids[entry.invoice % ids.length];
          const row = entry.table === 'payment_allocations'
            ? { id, clinic_id: clinicId, payment_id: newId(), invoice_id: invoiceId, amount_cents: entry.amount, applied_on: day(entry.entryDay) }
            : { id, clinic_id: clinicId, invoice_id: invoiceId, adjustment_kind: entry.amount < 0 ? 'correction' : 'contractual', reason_code: 'CO-45', amount_cents: entry.amount, posted_on: day(entry.entryDay) };
          write(entry.table, row);
          const dateColumn = entry.table === 'payment_allocations' ? 'applied_on' : 'posted_on';
          if (entry.fate === 'redelivered') write(entry.table, { ...row, amount_cents: entry.amount + 7, [dateColumn]: day(entry.laterDay) }, 'INSERT OR REPLACE');
          if (entry.fate === 'tombstoned') replica.sqlite.prepare(`UPDATE "${entry.table}" SET deleted_at = 1 WHERE id = ?`).run(id);
          if (entry.fate === 'undone') replica.sqlite.prepare(`DELETE FROM "${entry.table}" WHERE id = ?`).run(id);
          if (entry.fate === 'redated') replica.sqlite.prepare(`UPDATE "${entry.table}" SET ${dateColumn} = ? WHERE id = ?`).run(day(entry.laterDay), id);
        }
        invoices.forEach((invoice, index) => { if (invoice.arrivesLast) write('invoices', invoiceRow(index), 'INSERT OR REPLACE'); });
        if (voidLater) replica.sqlite.prepare("UPDATE invoices SET status = 'void' WHERE id = ?").run(ids[0]);

        const subjects: Subject[] = [
          { userId: newId(), clinicId, roles: ['billing'], facilityIds: [], physicianId: null, attorneyId: null, referringDoctorId: null },
          { userId: newId(), clinicId, roles: ['front_desk'], facilityIds: [facilities[1] as string], physicianId: null, attorneyId: null, referringDoctorId: null },
          { userId: newId(), clinicId, roles: ['attorney'], facilityIds: [], physicianId: null, attorneyId: attorney, referringDoctorId: null },
        ];
        const sort = (rows: { id: string; balance: number; basisDate: string }[]) => rows.map((r) => `${r.id}:${r.balance}:${r.basisDate}`).sort();
        for (const asOf of [...asOfDays.map(day), '2027-06-30']) {
          for (const subject of subjects) {
            for (const basis of AGING_BASES) {
              const naive = await openInvoicesAsOfNaive(replica.db, subject, asOf, basis);
              expect(sort(await openInvoicesAsOf(replica.db, subject, asOf, basis))).toEqual(sort(naive));
              for (const groupBy of AGING_GROUPINGS) {
                expect(await agingReport(replica.db, subject, asOf, basis, groupBy)).toEqual(await agingReport(replica.db, subject, asOf, basis, groupBy, naive));
              }
            }
          }
        }
      },
    ), { numRuns: 60 });
  }, 240_000);

  it('keeps one row per distinct credit date and splits intervals for back-dated entries', async () => {
    const clinicId = newId();
    const invoiceId = newId();
    write('invoices', { id: invoiceId, clinic_id: clinicId, patient_id: newId(), facility_id: newId(), payer_type: 'patient', status: 'sent', invoice_date: '2026-10-01', provisional_number: `P-${invoiceId}` });
    write('invoice_lines', { id: newId(), clinic_id: clinicId, invoice_id: invoiceId, procedure_code: '99203', units: 1, unit_fee_cents: 10_000, amount_cents: 10_000, service_date: '2026-09-30', facility_id: newId(), rendering_physician_id: newId() });
    write('payment_allocations', { id: newId(), clinic_id: clinicId, payment_id: newId(), invoice_id: invoiceId, amount_cents: 3_000, applied_on: '2026-11-20' });
    write('adjustments', { id: newId(), clinic_id: clinicId, invoice_id: invoiceId, adjustment_kind: 'contractual', reason_code: 'CO-45', amount_cents: 2_000, posted_on: '2026-10-15' });
    const history = replica.sqlite.prepare('SELECT effective_on, until_on, balance_cents, service_basis_on, receivable FROM invoice_balance_history WHERE invoice_id = ? ORDER BY effective_on').all(invoiceId);
    expect(history).toEqual([
      { effective_on: '0001-01-01', until_on: '2026-10-15', balance_cents: 10_000, service_basis_on: '2026-09-30', receivable: 1 },
      { effective_on: '2026-10-15', until_on: '2026-11-20', balance_cents: 8_000, service_basis_on: '2026-09-30', receivable: 1 },
      { effective_on: '2026-11-20', until_on: '9999-12-31', balance_cents: 5_000, service_basis_on: '2026-09-30', receivable: 1 },
    ]);
  });
});
