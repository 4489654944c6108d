import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids';
import { closeAll, converged, manifestFor, userIdOf, waitFor, type TestDevice, signedInDevice } from '../../test/support/sync-device';
import { startTestServer, type TestServer } from '../../test/support/sync-server';
import type { Caller } from '../ipc/router';

let server: TestServer;
const devices: TestDevice[] = [];

beforeAll(async () => {
  server = await startTestServer();
}, 120_000);
afterAll(async () => closeAll(server, devices), 120_000);

interface Desk { readonly device: TestDevice; readonly window: Caller }

const desk = (username: string): Promise<Desk> => signedInDevice(server, devices, username);

async function drained(desks: readonly Desk[]): Promise<void> {
  await waitFor(async () => {
    for (const { device } of desks) if ((await device.db.selectFrom('outbox').select('mutation_id').execute()).length > 0) return false;
    return true;
  }, 'outboxes to drain', 60_000);
}

/** An open, finalized invoice on the server with at least `cents` open, and its balance from the entry tables. */
async function openInvoice(cents: number, skip: readonly string[] = []): Promise<{ id: string; balance: number }> {
  const rows = await sql<{ id: string; balance: string }>`
    SELECT i.id, (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = i.id AND deleted_at IS NULL)
      - (SELECT coalesce(sum(amount_cents), 0) FROM payment_allocations WHERE invoice_id = i.id AND deleted_at IS NULL)
      - (SELECT coalesce(sum(amount_cents), 0) FROM adjustments WHERE invoice_id = i.id AND deleted_at IS NULL) AS balance
    FROM invoices i WHERE i.status IN ('finalized', 'sent') AND i.deleted_at IS NULL ORDER BY i.id`.execute(server.database.db);
  const row = rows.rows.find((r) => Number(r.balance) >= cents && !skip.includes(r.id));
  if (!row) throw new Error('no open invoice in the demo');
  return { id: row.id, balance: Number(row.balance) };
}

/** An invoice's balance on the server: the sum of its entries. */
async function serverBalance(invoiceId: string): Promise<number> {
  const result = await sql<{ balance: string }>`
    SELECT (SELECT coalesce(sum(amount_cents), 0) FROM invoice_lines WHERE invoice_id = ${invoiceId} AND deleted_at IS NULL)
      - (SELECT coalesce(sum(amount_cents), 0) FROM payment_allocations WHERE invoice_id = ${invoiceId} AND deleted_at IS NULL)
      - (SELECT coalesce(sum(amount_cents), 0) FROM adjustments WHERE invoice_id = ${invoiceId} AND deleted_at IS NULL) AS balance`.execute(server.database.db);
  return Number(result.rows[0]?.balance);
}

async function issuesOf(desks: readonly Desk[]) {
  return Promise.all(desks.map(async ({ device, window }) => {
    const result = await device.invoke(window, 'sync.issues', {});
    return result.ok ? result.value : [];
  }));
}

describe('two billing workstations offline', { timeout: 240_000 }, () => {
  let desks: Desk[];

  beforeAll(async () => {
    desks = [await desk('billing'), await desk('billing')];
  }, 180_000);

  it('post the same check to the same invoice: one posting stands, the other is in its inbox; replicas converge', async () => {
    const invoice = await openInvoice(2_000);
    const reference = `EFT${newId().slice(-8).toUpperCase()}`;
    const input = { payerType: 'insurance' as const, payerName: 'Acme Health', method: 'eft' as const, externalReference: reference, amountCents: 2_000, receivedOn: '2026-11-20', allocations: [{ invoiceId: invoice.id, amountCents: 2_000 }] };
    for (const { device } of desks) device.network.offline = true;
    for (const { device, window } of desks) {
      const posted = await device.invoke(window, 'payment.post', input);
      expect(posted.ok).toBe(true);
      // Offline, each workstation shows its own posting at once.
      expect(await device.db.selectFrom('payments').select('id').where('external_reference', '=', reference).execute()).toHaveLength(1);
    }
    for (const { device } of desks) device.network.offline = false;
    await drained(desks);

    const standing = await server.database.db.selectFrom('payments').select('id').where('external_reference', '=', reference).execute();
    expect(standing).toHaveLength(1);
    expect(await serverBalance(invoice.id)).toBe(invoice.balance - 2_000);
    const issues = (await issuesOf(desks)).flat().filter((issue) => issue.name === 'payment.post');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'conflict', args: expect.objectContaining({ externalReference: reference, amountCents: 2_000 }) });
    expect(issues[0]?.message).toMatch(/already posted/);

    const userId = await userIdOf(server, 'billing');
    const tables = await manifestFor(server, userId);
    for (const { device } of desks) {
      await converged(server, device, userId, tables, 90_000);
      const rows = await device.db.selectFrom('payments').select('id').where('external_reference', '=', reference).execute();
      expect(rows.map((row) => row.id)).toEqual(standing.map((row) => row.id));
      const totals = await device.db.selectFrom('invoice_ledger').select(['charges_cents', 'credits_cents']).where('invoice_id', '=', invoice.id).executeTakeFirstOrThrow();
      expect(totals.charges_cents - totals.credits_cents).toBe(invoice.balance - 2_000);
    }
  });

  it('post different payments to the same invoice: both stand and the balance is the sum of every entry', async () => {
    const invoice = await openInvoice(3_000);
    const refs = [`CHK${newId().slice(-8).toUpperCase()}`, `CHK${newId().slice(-8).toUpperCase()}`];
    for (const { device } of desks) device.network.offline = true;
    for (const [index, { device, window }] of desks.entries()) {
      const posted = await device.invoke(window, 'payment.post', {
        payerType: 'patient', method: 'check', externalReference: refs[index] ?? null, amountCents: 1_000 + index * 500, receivedOn: '2026-11-21',
        allocations: [{ invoiceId: invoice.id, amountCents: 1_000 + index * 500 }],
      });
      expect(posted.ok).toBe(true);
    }
    for (const { device } of desks) device.network.offline = false;
    await drained(desks);
    expect(await server.database.db.selectFrom('payments').select('id').where('external_reference', 'in', refs).execute()).toHaveLength(2);
    expect(await serverBalance(invoice.id)).toBe(invoice.balance - 2_500);
    expect((await issuesOf(desks)).flat().filter((issue) => issue.args && refs.includes(String((issue.args as { externalReference?: unknown }).externalReference)))).toHaveLength(0);
    const userId = await userIdOf(server, 'billing');
    const tables = await manifestFor(server, userId);
    for (const { device } of desks) {
      await converged(server, device, userId, tables, 90_000);
      const detail = await device.invoke(desks[0]?.window as Caller, 'invoice.get', { id: invoice.id });
      if (device === desks[0]?.device) expect(detail.ok && detail.value.balanceCents).toBe(invoice.balance - 2_500);
    }
  });

  it('a payment posted offline into a month that was closed meanwhile lands in the review queue, not in the ledger', async () => {
    const admin = await desk('admin');
    const invoice = await openInvoice(1_000);
    const [late] = desks;
    if (!late) throw new Error('no desk');
    late.device.network.offline = true;
    const reference = `LATE${newId().slice(-6).toUpperCase()}`;
    const posted = await late.device.invoke(late.window, 'payment.post', {
      payerType: 'patient', method: 'check', externalReference: reference, amountCents: 1_000, receivedOn: '2026-10-30', allocations: [{ invoiceId: invoice.id, amountCents: 1_000 }],
    });
    expect(posted.ok).toBe(true);
    const closed = await admin.device.invoke(admin.window, 'period.close', { period: '2026-10', note: 'Month end' });
    expect(closed.ok).toBe(true);
    await drained([admin]);
    expect(await server.database.db.selectFrom('financial_periods').select('period').where('period', '=', '2026-10').execute()).toHaveLength(1);

    late.device.network.offline = false;
    await drained([late]);
    expect(await server.database.db.selectFrom('payments').select('id').where('external_reference', '=', reference).execute()).toHaveLength(0);
    expect(await serverBalance(invoice.id)).toBe(invoice.balance);
    const issues = (await issuesOf([late])).flat().filter((issue) => issue.name === 'payment.post' && (issue.args as { externalReference?: unknown }).externalReference === reference);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain('October 2026 is closed');
    // The optimistic posting was undone on the workstation as well.
    await waitFor(async () => (await late.device.db.selectFrom('payments').select('id').where('external_reference', '=', reference).execute()).length === 0, 'the refused posting to leave the replica', 30_000);
  });

  it('final invoice numbers come from the server; the workstation shows its provisional number until then', async () => {
    const [billing] = desks;
    if (!billing) throw new Error('no desk');
    const patient = await server.database.db.selectFrom('invoices').select(['patient_id', 'facility_id']).where('status', '=', 'sent').orderBy('id').executeTakeFirstOrThrow();
    const physician = await server.database.db.selectFrom('physicians').select('id').orderBy('id').executeTakeFirstOrThrow();
    billing.device.network.offline = true;
    const created = await billing.device.invoke(billing.window, 'invoice.create', {
      patientId: patient.patient_id, facilityId: patient.facility_id, payerType: 'patient', invoiceDate: '2026-11-27',
      lines: [{ procedureCode: '97110', diagnosisCodes: ['M54.50'], units: 2, unitFeeCents: 4_500, serviceDate: '2026-11-27', facilityId: patient.facility_id, renderingPhysicianId: physician.id }],
    });
    if (!created.ok) throw new Error(created.error.message);
    const offline = await billing.device.invoke(billing.window, 'invoice.get', { id: created.value });
    expect(offline.ok && [offline.value.invoiceNumber, offline.value.provisionalNumber.startsWith('P-'), offline.value.syncState]).toEqual([null, true, 'pending']);
    billing.device.network.offline = false;
    await drained([billing]);
    const row = await server.database.db.selectFrom('invoices').select(['invoice_number', 'provisional_number']).where('id', '=', created.value).executeTakeFirstOrThrow();
    expect(row.invoice_number).toMatch(/^INV-\d{7}$/);
    await waitFor(async () => {
      const synced = await billing.device.invoke(billing.window, 'invoice.get', { id: created.value });
      return synced.ok && synced.value.invoiceNumber === row.invoice_number && synced.value.provisionalNumber === row.provisional_number && synced.value.syncState === 'synced';
    }, 'the final number to reach the workstation', 30_000);
  });
});

describe('837P interchange numbers across workstations', { timeout: 240_000 }, () => {
  it('come from the server, so two workstations never issue the same ISA13; offline a file is refused, not misnumbered', async () => {
    const desks = [await desk('billing'), await desk('billing')];
    const claim = await server.database.db.selectFrom('claims').select('id').where('deleted_at', 'is', null).orderBy('id').executeTakeFirstOrThrow();
    // The demo clinic's claim file settings (clearinghouse 030240928, test files) reach both workstations by sync.
    const input = { claimIds: [claim.id] };
    const numbers: number[] = [];
    for (const { device, window } of [...desks, ...desks]) {
      const file = await device.invoke(window, 'billingDocument.claim837p', input);
      if (!file.ok) throw new Error(`837P export failed: ${file.error.code} ${file.error.message}`);
      numbers.push(Number(file.value.interchangeControlNumber));
      expect(Buffer.from(file.value.base64, 'base64').toString('utf8')).toContain(`*${file.value.interchangeControlNumber}*0*T*:~`);
    }
    expect(new Set(numbers).size).toBe(4);
    const counter = await sql<{ last_value: string }>`SELECT last_value FROM interchange_control_counters`.execute(server.database.db);
    expect(Math.max(...numbers)).toBe(Number(counter.rows[0]?.last_value));

    const [offline] = desks as [Desk, Desk];
    offline.device.network.offline = true;
    const refused = await offline.device.invoke(offline.window, 'billingDocument.claim837p', input);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('unavailable');
    offline.device.network.offline = false;
  });
});
