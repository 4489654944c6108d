import type { StatementRunProgress } from '../../../shared/billing/billing-documents.contract';
import { newId } from '../../../shared/ids';
import { DomainError } from '../../../shared/ipc/result';
import type { BillingDocumentRepository, StatementSelection } from './billing-documents.repository';
import { drawStatement, statementFooterNote } from './ledger-pdfs';
import { PdfCanvas } from './pdf-kit';

/**
 * Statement runs: many patient statements drawn into one print-ready PDF in the background of the
 * main process, reporting progress and stopping promptly when cancelled.
 *
 * The work is cut into batches of statements; between batches the run yields to the event loop, so
 * IPC calls (status, cancel, anything else the user does) are answered while it runs. A run belongs
 * to the user who started it: status, cancel and result refuse anyone else. A finished run keeps its
 * PDF in memory until it is fetched or for `RESULT_TTL_MS`; one user has at most one run at a time.
 */

const BATCH = 25;
const RESULT_TTL_MS = 30 * 60_000;

export interface StatementRunResult {
  readonly bytes: Uint8Array;
  readonly patientIds: readonly string[];
}

interface Run {
  progress: StatementRunProgress;
  readonly userId: string;
  readonly windowKey: string;
  cancelled: boolean;
  result: StatementRunResult | null;
  expiresAt: number;
}

export interface StartOptions {
  readonly userId: string;
  readonly windowKey: string;
  readonly repo: BillingDocumentRepository;
  readonly selection: StatementSelection;
  readonly asOf?: string | undefined;
  readonly now: () => number;
  /** Progress events to the window that started the run. */
  readonly emit: (windowKey: string, progress: StatementRunProgress) => void;
  /** Called when the run ends (tests await it). */
  readonly onSettled?: (progress: StatementRunProgress) => void;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class StatementRuns {
  private readonly runs = new Map<string, Run>();

  private own(runId: string, userId: string): Run {
    const run = this.runs.get(runId);
    // Another user's run is "not found", not "forbidden": its existence is not theirs to learn.
    if (!run || run.userId !== userId) throw new DomainError('not_found', 'That statement run was not found.');
    return run;
  }

  private sweep(now: number): void {
    for (const [id, run] of this.runs) if (run.progress.state !== 'running' && run.expiresAt < now) this.runs.delete(id);
  }

  /** Selects the patients, then draws in the background; answers at once with the first progress. */
  async start(options: StartOptions): Promise<StatementRunProgress> {
    const startedAt = options.now();
    this.sweep(startedAt);
    for (const run of this.runs.values()) {
      if (run.userId === options.userId && run.progress.state === 'running') {
        throw new DomainError('conflict', 'A statement run of yours is still running. Wait for it or cancel it first.');
      }
    }
    const patients = await options.repo.statementPatients(options.selection);
    const run: Run = {
      progress: { runId: newId(), state: 'running', done: 0, total: patients.length, pages: 0, startedAt, finishedAt: null, problem: null },
      userId: options.userId,
      windowKey: options.windowKey,
      cancelled: false,
      result: null,
      expiresAt: Number.POSITIVE_INFINITY,
    };
    this.runs.set(run.progress.runId, run);
    void this.work(run, patients.map((patient) => patient.patientId), options);
    return run.progress;
  }

  private async work(run: Run, patientIds: readonly string[], options: StartOptions): Promise<void> {
    const finish = (state: StatementRunProgress['state'], problem: string | null = null) => {
      run.progress = { ...run.progress, state, finishedAt: options.now(), problem };
      run.expiresAt = options.now() + RESULT_TTL_MS;
      options.emit(run.windowKey, run.progress);
      options.onSettled?.(run.progress);
    };
    try {
      const canvas = await PdfCanvas.create('Patient statements', `Statement run of ${patientIds.length} patients`, new Date(run.progress.startedAt));
      const printed: string[] = [];
      for (let index = 0; index < patientIds.length; index += BATCH) {
        await yieldToEventLoop();
        if (run.cancelled) return finish('cancelled');
        const documents = await options.repo.statements(patientIds.slice(index, index + BATCH), run.progress.startedAt, options.asOf);
        for (const document of documents) {
          const from = printed.length === 0 ? 0 : canvas.pages.length;
          if (printed.length > 0) canvas.addPage();
          drawStatement(canvas, document);
          canvas.footer(statementFooterNote(document), from, canvas.pages.length);
          printed.push(document.patient.id);
        }
        run.progress = { ...run.progress, done: Math.min(patientIds.length, index + BATCH), pages: canvas.pages.length };
        options.emit(run.windowKey, run.progress);
      }
      await yieldToEventLoop();
      if (run.cancelled) return finish('cancelled');
      run.result = { bytes: await canvas.save(), patientIds: printed };
      run.progress = { ...run.progress, done: patientIds.length, total: patientIds.length };
      finish('done');
    } catch (error) {
      console.error('[medora] statement run failed:', error instanceof Error ? error.message : 'unknown error');
      finish('failed', 'The statement run stopped because of an error. The problem was recorded.');
    }
  }

  status(runId: string, userId: string): StatementRunProgress {
    return this.own(runId, userId).progress;
  }

  /** Asks a running run to stop before its next batch; a finished run is returned as it is. */
  cancel(runId: string, userId: string): StatementRunProgress {
    const run = this.own(runId, userId);
    if (run.progress.state === 'running') run.cancelled = true;
    return run.progress;
  }

  /** The finished run's PDF; it stays available until it expires. */
  result(runId: string, userId: string): StatementRunResult {
    const run = this.own(runId, userId);
    if (run.progress.state !== 'done' || !run.result) throw new DomainError('conflict', 'That statement run has not finished.');
    return run.result;
  }
}

const registries = new WeakMap<object, StatementRuns>();

/** The statement runs of one core (keyed by its services object, so several cores in one process stay apart). */
export function statementRunsFor(owner: object): StatementRuns {
  let runs = registries.get(owner);
  if (!runs) {
    runs = new StatementRuns();
    registries.set(owner, runs);
  }
  return runs;
}
