import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGING_BASES, AGING_GROUPINGS } from '../../shared/billing/aging';
import { newId } from '../../shared/ids';
import { addDaysToDate } from '../../shared/time/facility-time';
import { closeAll, manifestFor, userIdOf, waitFor, type TestDevice, signedInDevice } from '../../test/support/sync-device';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import type { Caller } from '../ipc/router';

/*
 * The billing summary end to end: Postgres keeps `ar_summary` and `billing_cycle_summary` by triggers, the
 * shape endpoint sends them (and nothing with patient detail) to an executive's workstation through the
 * real @electric-sql/client, and the executive's aging and collection figures, computed on that
 * workstation's SQLite, equal the billing clerk's, computed from the invoices on the clerk's replica.
 */

let server: TestServer;
const devices: TestDevice[] = [];

interface Seat { readonly device: TestDevice; readonly window: Caller }

const seat = (username: string): Promise<Seat> => signedInDevice(server, devices, username);

beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => closeAll(server, devices), 120_000);

/** Tables with patient, case or invoice detail: an executive's workstation never receives them. */
const DETAIL_TABLES = ['patients', 'cases', 'invoices', 'invoice_lines', 'payments', 'payment_allocations', 'adjustments', 'claims', 'appointments', 'documents', 'insurance_policies', 'lop_negotiations'] as const;

describe('the billing summary on an executive workstation', { timeout: 300_000 }, () => {
  let executive: Seat;
  let clerk: Seat;
  let today: string;

  beforeAll(async () => {
    executive = await seat('exec');
    clerk = await seat('billing');
    const latest = await sql<{ d: string }>`SELECT max(invoice_date) AS d FROM invoices`.execute(server.database.db);
    today = latest.rows[0]?.d as string;
  }, 240_000);

  it('receives the summary and none of the rows behind it', async () => {
    const tables = await manifestFor(server, await userIdOf(server, 'exec'));
    expect(tables).toContain('ar_summary');
    expect(tables).toContain('billing_cycle_summary');
    for (const table of DETAIL_TABLES) expect(tables).not.toContain(table);
    for (const table of DETAIL_TABLES) {
      expect((await executive.device.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n, table).toBe(0);
    }
    const summaryRows = await executive.device.db.selectFrom('ar_summary').selectAll().where('deleted_at', 'is', null).execute();
    expect(summaryRows.length).toBeGreaterThan(100);
    expect((await executive.device.db.selectFrom('billing_cycle_summary').select('id').execute()).length).toBeGreaterThan(10);

    // No value the executive holds is the id of an invoice, patient or case.
    const identifiers = await sql<{ id: string }>`SELECT id FROM invoices UNION ALL SELECT id FROM patients UNION ALL SELECT id FROM cases`.execute(server.database.db);
    const secret = new Set(identifiers.rows.map((row) => row.id));
    for (const row of summaryRows) for (const value of Object.values(row)) expect(typeof value === 'string' && secret.has(value)).toBe(false);

    // The clerk, who holds the invoices, is sent no summary.
    const clerkTables = await manifestFor(server, await userIdOf(server, 'billing'));
    expect(clerkTables).not.toContain('ar_summary');
    expect(clerkTables).toContain('invoices');
  });

  it('agrees with the clerk’s aging for every basis, breakdown and as-of date, and on the collection rate', async () => {
    const dates = [today, addDaysToDate(today, -45), addDaysToDate(today, -200), addDaysToDate(today, 90), '2000-01-01'];
    let compared = 0;
    for (const asOf of dates) {
      for (const basis of AGING_BASES) {
        for (const groupBy of AGING_GROUPINGS) {
          const mine = await executive.device.invoke(executive.window, 'billingSummary.aging', { asOf, basis, groupBy });
          const theirs = await clerk.device.invoke(clerk.window, 'aging.report', { asOf, basis, groupBy });
          expect(mine.ok && theirs.ok, `${asOf} ${basis} ${groupBy}`).toBe(true);
          if (!mine.ok || !theirs.ok) continue;
          expect(mine.value, `${asOf} ${basis} ${groupBy}`).toEqual(theirs.value);
          if (asOf === today) {
            expect(mine.value.totalCents).toBeGreaterThan(0);
            expect(mine.value.rows.length, `${basis} ${groupBy} groups`).toBeGreaterThan(1);
          }
          compared++;
        }
      }
      const from = addDaysToDate(asOf, -364);
      const cycle = await executive.device.invoke(executive.window, 'billingSummary.cycle', { from, to: asOf });
      const clerkCycle = await clerk.device.invoke(clerk.window, 'billing.cycle', { from, to: asOf });
      expect(cycle.ok && clerkCycle.ok).toBe(true);
      if (cycle.ok && clerkCycle.ok) expect(cycle.value, `cycle to ${asOf}`).toEqual(clerkCycle.value);
    }
    expect(compared).toBe(dates.length * AGING_BASES.length * AGING_GROUPINGS.length);

    // The clerk's summary channel answers from the clerk's own invoices, with the same figures.
    const clerkSummary = await clerk.device.invoke(clerk.window, 'billingSummary.aging', { asOf: today, basis: 'invoice_date', groupBy: 'facility' });
    const executiveSummary = await executive.device.invoke(executive.window, 'billingSummary.aging', { asOf: today, basis: 'invoice_date', groupBy: 'facility' });
    expect(clerkSummary.ok && executiveSummary.ok && clerkSummary.value).toEqual(executiveSummary.ok && executiveSummary.value);
  });

  it('follows the clerk’s postings, a back-dated credit and an attorney reassignment, and equals a rebuild', async () => {
    const open = await sql<{ id: string; balance: string }>`
      SELECT i.id, (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = i.id AND deleted_at IS NULL)
        - (SELECT coalesce(sum(amount_cents), 0) FROM payment_allocations WHERE invoice_id = i.id AND deleted_at IS NULL)
        - (SELECT coalesce(sum(amount_cents), 0) FROM adjustments WHERE invoice_id = i.id AND deleted_at IS NULL) AS balance
      FROM invoices i WHERE i.status IN ('finalized', 'sent', 'partially_paid') AND i.deleted_at IS NULL AND i.invoice_date < ${addDaysToDate(today, -40)}
      ORDER BY i.id`.execute(server.database.db);
    const [first, second] = open.rows.filter((row) => Number(row.balance) >= 5_000);
    expect(first && second).toBeTruthy();
    if (!first || !second) return;
    const posted = await clerk.device.invoke(clerk.window, 'payment.post', {
      payerType: 'insurance', payerName: 'Acme Health', method: 'eft', externalReference: `EFT${newId().slice(-8).toUpperCase()}`, amountCents: 3_000,
      receivedOn: addDaysToDate(today, -30), allocations: [{ invoiceId: first.id, amountCents: 2_000 }, { invoiceId: second.id, amountCents: 1_000 }],
    });
    expect(posted.ok).toBe(true);
    const adjusted = await clerk.device.invoke(clerk.window, 'adjustment.post', {
      invoiceId: second.id, kind: 'write_off', reasonCode: 'CO-45', amountCents: Number(second.balance) - 1_000, postedOn: addDaysToDate(today, -10),
    });
    expect(adjusted.ok, JSON.stringify(adjusted)).toBe(true);
    await waitFor(async () => (await clerk.device.db.selectFrom('outbox').select('mutation_id').execute()).length === 0, 'the clerk’s outbox to drain', 60_000);
    const issues = await clerk.device.invoke(clerk.window, 'sync.issues', {});
    expect(issues.ok && issues.value).toEqual([]);
    const agree = async (asOfs: readonly string[]) => {
      for (const asOf of asOfs) {
        for (const groupBy of AGING_GROUPINGS) {
          await waitFor(async () => {
            const mine = await executive.device.invoke(executive.window, 'billingSummary.aging', { asOf, basis: 'service_date', groupBy });
            const theirs = await clerk.device.invoke(clerk.window, 'aging.report', { asOf, basis: 'service_date', groupBy });
            return mine.ok && theirs.ok && JSON.stringify(mine.value) === JSON.stringify(theirs.value);
          }, `the executive's ${groupBy} aging as of ${asOf} to equal the clerk's`, 60_000);
        }
      }
    };
    // The clerk's replica already shows the postings: agreeing means the executive's summary followed them.
    await agree([today, addDaysToDate(today, -20)]);

    // An attorney reassigned on a case with an open invoice moves its balance to the other attorney.
    const lopCase = await sql<{ id: string; attorney_id: string }>`
      SELECT c.id, c.attorney_id FROM cases c JOIN invoices i ON i.case_id = c.id
      WHERE c.attorney_id IS NOT NULL AND i.status IN ('finalized', 'sent', 'partially_paid') AND i.invoice_date <= ${today} AND i.deleted_at IS NULL
        AND (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = i.id AND deleted_at IS NULL)
          > (SELECT coalesce(sum(amount_cents), 0) FROM payment_allocations WHERE invoice_id = i.id AND deleted_at IS NULL)
          + (SELECT coalesce(sum(amount_cents), 0) FROM adjustments WHERE invoice_id = i.id AND deleted_at IS NULL)
      ORDER BY c.id LIMIT 1`.execute(server.database.db);
    const other = await sql<{ id: string }>`SELECT id FROM attorneys WHERE id <> ${lopCase.rows[0]?.attorney_id ?? ''} ORDER BY id LIMIT 1`.execute(server.database.db);
    expect(lopCase.rows[0] && other.rows[0]).toBeTruthy();
    const before = await executive.device.invoke(executive.window, 'billingSummary.aging', { asOf: today, basis: 'service_date', groupBy: 'attorney' });
    await sql`UPDATE cases SET attorney_id = ${other.rows[0]?.id ?? null} WHERE id = ${lopCase.rows[0]?.id ?? ''}`.execute(server.database.db);

    expect(before.ok).toBe(true);
    await waitFor(async () => {
      const after = await executive.device.invoke(executive.window, 'billingSummary.aging', { asOf: today, basis: 'service_date', groupBy: 'attorney' });
      return before.ok && after.ok && JSON.stringify(before.value.rows) !== JSON.stringify(after.value.rows);
    }, 'the reassignment to reach the executive', 60_000);
    await agree([today, addDaysToDate(today, -20)]);
    const from = addDaysToDate(today, -364);
    await waitFor(async () => {
      const mine = await executive.device.invoke(executive.window, 'billingSummary.cycle', { from, to: today });
      const theirs = await clerk.device.invoke(clerk.window, 'billing.cycle', { from, to: today });
      return mine.ok && theirs.ok && JSON.stringify(mine.value) === JSON.stringify(theirs.value);
    }, 'the collection rate to agree', 60_000);

    // What the triggers kept, change by change, equals the summary built from scratch.
    const snapshot = async () => (await sql<{ id: string; row: string }>`
      SELECT id, concat_ws('|', summary_key, effective_on, until_on, balance_cents, open_invoices, deleted_at IS NULL) AS row FROM ar_summary
      UNION ALL SELECT id, concat_ws('|', summary_key, invoices, billed_cents, collected_cents, invoice_to_paid_days, invoice_to_paid_count, deleted_at IS NULL) FROM billing_cycle_summary
      ORDER BY 1`.execute(server.database.db)).rows;
    const kept = await snapshot();
    await sql`SELECT medora_billing_summary_rebuild(${server.clinicId})`.execute(server.database.db);
    expect(await snapshot()).toEqual(kept);
  });

  it('is refused to roles without billing summaries', async () => {
    const desk = await seat('desk.east');
    const refused = await desk.device.invoke(desk.window, 'billingSummary.aging', { asOf: today, basis: 'service_date', groupBy: 'payer_type' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
    expect(await manifestFor(server, await userIdOf(server, 'desk.east'))).not.toContain('ar_summary');
  });
});
