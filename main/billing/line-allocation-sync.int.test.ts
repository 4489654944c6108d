import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { closeAll, converged, manifestFor, userIdOf, waitFor, type TestDevice, signedInDevice } from '../../test/support/sync-device';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import type { Caller } from '../ipc/router';

/*
 * Per-line posting across workstations, on the real clinic server (embedded Postgres) and real replicas:
 * the server runs the same mutator and refuses a line allocation that no longer fits.
 */

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => closeAll(server, devices), 120_000);

interface Desk { readonly device: TestDevice; readonly window: Caller }

const desk = (username: string): Promise<Desk> => signedInDevice(server, devices, username);

/** A finalized demo invoice with at least two lines and no credits yet, and its lines in line order. */
async function untouchedInvoice(): Promise<{ id: string; lines: { id: string; amount: number }[] }> {
  const rows = await sql<{ id: string }>`
    SELECT i.id FROM invoices i
    WHERE i.status IN ('finalized', 'sent') AND i.deleted_at IS NULL
      AND (SELECT count(*) FROM invoice_lines l WHERE l.invoice_id = i.id AND l.deleted_at IS NULL) >= 2
      AND NOT EXISTS (SELECT 1 FROM payment_allocations a WHERE a.invoice_id = i.id)
      AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.invoice_id = i.id)
    ORDER BY i.id LIMIT 1`.execute(server.database.db);
  const id = rows.rows[0]?.id;
  if (!id) throw new Error('no untouched multi-line invoice in the demo');
  const lines = await server.database.db.selectFrom('invoice_lines').select(['id', 'amount_cents']).where('invoice_id', '=', id).where('deleted_at', 'is', null)
    .orderBy('service_date').orderBy('id').execute();
  return { id, lines: lines.map((line) => ({ id: line.id, amount: Number(line.amount_cents) })) };
}

describe('per-line allocation on the server', { timeout: 300_000 }, () => {
  it('two workstations offline pay the same service line in full: the server takes the first and refuses the second with exceeds_line_balance; replicas converge', async () => {
    const desks = [await desk('billing'), await desk('billing')];
    const invoice = await untouchedInvoice();
    const line = invoice.lines[0] as { id: string; amount: number };
    const refs = [`EFT${newId().slice(-8).toUpperCase()}`, `EFT${newId().slice(-8).toUpperCase()}`];
    for (const { device } of desks) device.network.offline = true;
    for (const [index, { device, window }] of desks.entries()) {
      const posted = await device.invoke(window, 'payment.post', {
        payerType: 'insurance', payerName: 'Acme Health', method: 'eft', externalReference: refs[index] ?? null, amountCents: line.amount, receivedOn: '2026-11-21',
        allocations: [{ invoiceId: invoice.id, invoiceLineId: line.id, amountCents: line.amount }],
      });
      // Each workstation, offline, sees the line open and posts at once.
      expect(posted.ok).toBe(true);
    }
    desks[0]!.device.network.offline = false;
    await waitFor(async () => (await desks[0]!.device.db.selectFrom('outbox').select('mutation_id').execute()).length === 0, 'the first workstation to drain', 60_000);
    desks[1]!.device.network.offline = false;
    await waitFor(async () => (await desks[1]!.device.db.selectFrom('outbox').select('mutation_id').execute()).length === 0, 'the second workstation to drain', 60_000);

    const allocations = await server.database.db.selectFrom('payment_allocations').select(['invoice_line_id', 'amount_cents']).where('invoice_id', '=', invoice.id).execute();
    expect(allocations.map((row) => [row.invoice_line_id, Number(row.amount_cents)])).toEqual([[line.id, line.amount]]);
    expect(await server.database.db.selectFrom('payments').select('external_reference').where('external_reference', 'in', refs).execute()).toEqual([{ external_reference: refs[0] }]);

    const issues = await desks[1]!.device.invoke(desks[1]!.window, 'sync.issues', {});
    const refused = (issues.ok ? issues.value : []).filter((issue) => issue.name === 'payment.post');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'conflict', args: expect.objectContaining({ externalReference: refs[1] }) });
    expect(refused[0]?.message).toMatch(/service line has only 0\.00 open/);

    const userId = await userIdOf(server, 'billing');
    const tables = await manifestFor(server, userId);
    for (const { device, window } of desks) {
      await converged(server, device, userId, tables, 90_000);
      const detail = await device.invoke(window, 'invoice.get', { id: invoice.id });
      expect(detail.ok && detail.value.balanceCents).toBe(invoice.lines.reduce((sum, row) => sum + row.amount, 0) - line.amount);
    }
  });
});
