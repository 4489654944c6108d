import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * The pieces every benchmark suite shares: timing with `process.hrtime.bigint` (monotonic, nanosecond),
 * summary statistics, and the row format `bench/run.ts` writes into docs/benchmarks.md.
 */

/** One line of a suite's table. `pass` is null for figures reported without a target. */
export interface BenchRow {
  readonly metric: string;
  readonly result: string;
  readonly target: string;
  readonly pass: boolean | null;
}

export interface SuiteReport {
  readonly title: string;
  /** What is measured and how, in a sentence or two (printed above the table). */
  readonly description: string;
  readonly rows: readonly BenchRow[];
  /** Caveats worth keeping next to the numbers. */
  readonly notes?: readonly string[];
}

export interface BenchContext {
  /** The checkout; caches live under `.medora/bench/`. */
  readonly projectDir: string;
  /** Rebuild cached inputs (such as the large database) instead of reusing them. */
  readonly isFresh: boolean;
  log(line: string): void;
}

/** Every `bench/suites/<name>.bench.ts` exports this. */
export type RunSuite = (context: BenchContext) => Promise<SuiteReport>;

export interface TimingSummary {
  readonly iterations: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(samplesMs: readonly number[]): TimingSummary {
  const sorted = [...samplesMs].sort((left, right) => left - right);
  return {
    iterations: sorted.length,
    medianMs: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    meanMs: sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length),
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/**
 * Times `operation` one call at a time: `warmup` untimed calls first (JIT, caches, prepared
 * statements), then `iterations` timed ones. Each sample is one call, so the median and p95 describe
 * what a single request costs, not an average hiding the tail.
 */
export async function measure(operation: () => Promise<unknown> | unknown, options: { warmup: number; iterations: number }): Promise<TimingSummary> {
  for (let index = 0; index < options.warmup; index += 1) await operation();
  const samples: number[] = new Array(options.iterations);
  for (let index = 0; index < options.iterations; index += 1) {
    const started = process.hrtime.bigint();
    await operation();
    samples[index] = Number(process.hrtime.bigint() - started) / 1e6;
  }
  return summarize(samples);
}

/** Wall time and CPU time (this process's user + system, `process.cpuUsage`) of each call. */
export interface CpuTiming extends TimingSummary {
  readonly cpu: TimingSummary;
}

/**
 * Like `measure`, one call at a time after untimed warm-up calls, but also the CPU time each call used: on
 * a shared machine whose load average is several times its core count, wall time is mostly waiting for a
 * core, while CPU time is what the call itself costs.
 */
export async function measureWithCpu(operation: () => Promise<unknown> | unknown, options: { warmup: number; iterations: number }): Promise<CpuTiming> {
  for (let index = 0; index < options.warmup; index += 1) await operation();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let index = 0; index < options.iterations; index += 1) {
    const timed = await timeOneCall(operation);
    wall.push(timed.wallMs);
    cpu.push(timed.cpuMs);
  }
  return { ...summarize(wall), cpu: summarize(cpu) };
}

/** One call's wall time and CPU time (this process's user + system), in milliseconds. */
async function timeOneCall(operation: () => Promise<unknown> | unknown): Promise<{ wallMs: number; cpuMs: number }> {
  const cpuBegin = process.cpuUsage();
  const started = process.hrtime.bigint();
  await operation();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpuBegin);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** How a warm-up ended: its length, the very first calls' cost, and each window's CPU median. */
export interface WarmUp {
  readonly calls: number;
  /** Whether the window medians stopped falling before the cap. */
  readonly settled: boolean;
  /** The first window of calls (the code not yet optimized), wall and CPU. */
  readonly early: CpuTiming;
  readonly windowCpuMediansMs: readonly number[];
}

/**
 * Untimed calls until V8's optimization of the code has settled, as in a process that has been running
 * for a while: calls in windows of `window`; it stops once `patience` windows in a row have not brought
 * the CPU median more than 3 % below the lowest window median so far (and at least `minimum` calls have
 * run), or at `cap` calls. The first window is kept as the early-call cost, so it is reported, not hidden.
 */
export async function warmUpUntilSettled(operation: () => Promise<unknown> | unknown, options: { window: number; minimum: number; cap: number; patience?: number }): Promise<WarmUp> {
  const patience = options.patience ?? 3;
  const wall: number[] = [];
  const cpu: number[] = [];
  const medians: number[] = [];
  let lowest = Number.POSITIVE_INFINITY;
  let flat = 0;
  while (cpu.length < options.cap) {
    const windowCpu: number[] = [];
    for (let index = 0; index < options.window; index += 1) {
      const { wallMs, cpuMs } = await timeOneCall(operation);
      wall.push(wallMs);
      cpu.push(cpuMs);
      windowCpu.push(cpuMs);
    }
    const median = summarize(windowCpu).medianMs;
    medians.push(median);
    if (median < lowest * 0.97) flat = 0;
    else flat += 1;
    lowest = Math.min(lowest, median);
    if (flat >= patience && cpu.length >= options.minimum) break;
  }
  const settled = flat >= patience && cpu.length >= options.minimum;
  return { calls: cpu.length, settled, early: { ...summarize(wall.slice(0, options.window)), cpu: summarize(cpu.slice(0, options.window)) }, windowCpuMediansMs: medians };
}

export function milliseconds(value: number): string {
  if (value < 0.1) return `${(value * 1000).toFixed(1)} µs`;
  if (value < 1) return `${value.toFixed(3)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value).toLocaleString('en-US')} ms`;
}

export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)} s`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A row with an upper-bound target. */
export function atMost(metric: string, valueMs: number, targetMs: number): BenchRow {
  return { metric, result: milliseconds(valueMs), target: `< ${milliseconds(targetMs)}`, pass: valueMs < targetMs };
}

export function reported(metric: string, result: string): BenchRow {
  return { metric, result, target: '—', pass: null };
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly node: string;
  readonly system: string;
  readonly loadAverage: string;
}

/** The machine as the docs describe it: CPU model (from /proc/cpuinfo where present), cores, RAM, Node. */
export function machineInfo(): MachineInfo {
  let cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (model) cpu = model.trim();
  } catch {
    // Not Linux: the os module's model name is the best available.
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    system: `${os.type()} ${os.release()} (${process.arch})`,
    loadAverage: os.loadavg().map((value) => value.toFixed(2)).join(' / '),
  };
}
