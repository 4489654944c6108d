import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCore } from '../../main/core';
import { seedDemoClinic } from '../../main/db/seed-demo';
import type { Caller } from '../../main/ipc/router';
import type { StatementRunProgress } from '../../shared/billing/billing-documents.contract';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { atMost, measure, milliseconds, reported, type BenchContext, type SuiteReport } from '../harness';

const STATEMENTS = 1_000;

/**
 * Billing documents through the real router as the demo `billing` user: one invoice PDF per call
 * (scoped reads of the ledger rows, layout, pdf-lib save, base64), a CMS-1500, an 837P, and a
 * statement run of 1,000 patients into one PDF with its progress events.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'medora-bench-billing-docs-'));
  const core = await startCore({ dataDir });
  try {
    if (!core.db) throw new Error(`The core did not start: ${core.status.problem ?? 'unknown problem'}`);
    context.log('Seeding a demo clinic (3,000 patients)...');
    await seedDemoClinic(core.db, { scale: { patients: 3_000, appointments: 15_000 } });
    await core.refreshStatus();
    const caller: Caller = { transport: 'bridge', windowKey: 'bench-billing' };
    const login = await core.router.dispatch(caller, 'auth.login', { username: 'billing', password: DEMO_PASSWORD });
    if (!login.ok) throw new Error(`Sign-in failed: ${login.error.message}`);

    const invoices = await core.db.selectFrom('invoices').select('id').where('status', 'in', ['sent', 'partially_paid', 'paid']).orderBy('id').limit(200).execute();
    const claims = await core.db.selectFrom('claims').select('id').orderBy('id').limit(50).execute();
    let next = 0;
    const expectOk = async (channel: string, input: unknown) => {
      const result = await core.router.dispatch(caller, channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
    };
    context.log('Timing invoice PDFs...');
    const invoice = await measure(() => expectOk('billingDocument.invoicePdf', { invoiceId: invoices[(next += 1) % invoices.length]?.id }), { warmup: 20, iterations: 200 });
    const cms1500 = await measure(() => expectOk('billingDocument.cms1500Pdf', { claimId: claims[(next += 1) % claims.length]?.id }), { warmup: 5, iterations: 50 });
    const claim837 = await measure(
      () => expectOk('billingDocument.claim837p', { claimIds: claims.slice(0, 25).map((row) => row.id) }),
      { warmup: 2, iterations: 20 },
    );

    context.log(`Running a statement run of ${STATEMENTS} patients...`);
    const events: StatementRunProgress[] = [];
    let settle: (progress: StatementRunProgress) => void = () => undefined;
    const settled = new Promise<StatementRunProgress>((resolve) => (settle = resolve));
    const stop = core.router.onEvent((windowKey, event, payload) => {
      if (windowKey !== caller.windowKey || event !== 'billingDocument.statementRun') return;
      const progress = payload as StatementRunProgress;
      events.push(progress);
      if (progress.state !== 'running') settle(progress);
    });
    const started = process.hrtime.bigint();
    const start = await core.router.dispatch(caller, 'billingDocument.statementRunStart', { limit: STATEMENTS });
    if (!start.ok) throw new Error(`statement run failed to start: ${start.error.message}`);
    const final = await settled;
    const runMs = Number(process.hrtime.bigint() - started) / 1e6;
    const result = await core.router.dispatch(caller, 'billingDocument.statementRunResult', { runId: final.runId });
    if (!result.ok) throw new Error(`statement run result failed: ${result.error.message}`);
    const size = (result.value as { byteLength: number }).byteLength;
    stop();

    return {
      title: 'Billing documents',
      description:
        'Through `router.dispatch` as the demo `billing` user on a 3,000-patient demo clinic: each call reads the ledger rows in scope, lays the ' +
        'document out with pdf-lib (or writes the X12), and returns it base64-encoded. The statement run draws every selected patient into one PDF in the background.',
      rows: [
        atMost('`billingDocument.invoicePdf`, median', invoice.medianMs, 30),
        reported('`billingDocument.invoicePdf`, p95', milliseconds(invoice.p95Ms)),
        reported('`billingDocument.cms1500Pdf`, median / p95', `${milliseconds(cms1500.medianMs)} / ${milliseconds(cms1500.p95Ms)}`),
        reported('`billingDocument.claim837p` with 25 claims, median', milliseconds(claim837.medianMs)),
        reported(`Statement run of ${final.total.toLocaleString('en-US')} patients (${final.pages.toLocaleString('en-US')} pages, ${(size / 1_048_576).toFixed(1)} MiB), start to done`, `${(runMs / 1000).toFixed(1)} s`),
        reported('Statement run, per statement', milliseconds(runMs / Math.max(1, final.total))),
        reported('Progress events received', String(events.length)),
      ],
      notes: [
        'Cancel is demonstrated in main/billing/documents/billing-documents.int.test.ts (a run cancelled mid-way ends `cancelled` with no result).',
        final.total < STATEMENTS ? `Only ${final.total} demo patients had an open balance.` : `All ${STATEMENTS.toLocaleString('en-US')} statements were drawn.`,
      ],
    };
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
