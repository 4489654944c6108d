/**
 * Runs the benchmark suites and rewrites their sections of docs/benchmarks.md.
 *
 *   npm run bench                  every suite in bench/suites/
 *   npm run bench -- ipc startup   only the named suites (file name without `.bench.ts`)
 *   npm run bench -- --fresh       rebuild cached inputs (the large database) first
 *   npm run bench -- --check       exit 1 when a metric misses its target
 *
 * A suite is a file `bench/suites/<name>.bench.ts` exporting `run(context): Promise<SuiteReport>`.
 * Each suite owns one section of the document, between `<!-- bench:<name> -->` markers; running a
 * subset leaves the other sections as they were.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo, type BenchContext, type MachineInfo, type RunSuite, type SuiteReport } from './harness';

const PROJECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITES_DIR = join(PROJECT_DIR, 'bench', 'suites');
const DOCUMENT = join(PROJECT_DIR, 'docs', 'benchmarks.md');

const PREAMBLE = `# Benchmarks

Measured numbers for the targets in the foundation issue, produced by \`npm run bench\` (bench/run.ts).
Each timed figure is the median or 95th percentile of many single calls timed with
\`process.hrtime.bigint()\`, after untimed warm-up calls. Suites live in \`bench/suites/*.bench.ts\`; each
rewrites only its own section below, so a section's date and command say when it was last measured.
The large database (100,000 patients, about a million appointments) is generated once into
\`.medora/bench/large/\` and reused; \`npm run bench -- --fresh\` rebuilds it.
`;

function suiteNames(): string[] {
  return readdirSync(SUITES_DIR)
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.slice(0, -'.bench.ts'.length))
    .sort();
}

async function loadSuite(name: string): Promise<RunSuite> {
  const module: unknown = await import(pathToFileURL(join(SUITES_DIR, `${name}.bench.ts`)).href);
  const run = typeof module === 'object' && module !== null && 'run' in module ? module.run : undefined;
  if (typeof run !== 'function') throw new Error(`bench/suites/${name}.bench.ts must export run(context)`);
  return run as RunSuite;
}

function machineSection(machine: MachineInfo, command: string, date: string): string {
  return [
    '## Machine (latest run)',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${machine.cpu} |`,
    `| Cores | ${machine.cores} |`,
    `| RAM | ${machine.memory} |`,
    `| Node | ${machine.node} |`,
    `| OS | ${machine.system} |`,
    `| Load average at start (1/5/15 min) | ${machine.loadAverage} |`,
    `| Command | \`${command}\` |`,
    `| Date | ${date} |`,
  ].join('\n');
}

function suiteSection(report: SuiteReport, command: string, date: string, machine: MachineInfo): string {
  const lines = [
    `## ${report.title}`,
    '',
    report.description,
    '',
    '| Metric | Result | Target | Pass |',
    '|---|---:|---:|:---:|',
    ...report.rows.map((row) => `| ${row.metric} | ${row.result} | ${row.target} | ${row.pass === null ? '—' : row.pass ? 'yes' : '**no**'} |`),
    '',
    `Measured ${date} with \`${command}\` on ${machine.cpu} (${machine.cores} cores, ${machine.memory}), Node ${machine.node}, load average ${machine.loadAverage}.`,
  ];
  for (const note of report.notes ?? []) lines.push('', note);
  return lines.join('\n');
}

/** Replaces the text between a section's markers, or appends the section when it is new. */
function replaceSection(document: string, name: string, body: string): string {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${body}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from >= 0 && to > from) return document.slice(0, from) + block + document.slice(to + end.length);
  return `${document.trimEnd()}\n\n${block}\n`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { fresh: { type: 'boolean', default: false }, check: { type: 'boolean', default: false } },
  });
  const available = suiteNames();
  const unknown = positionals.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    console.error(`Unknown suite ${unknown.join(', ')}; available: ${available.join(', ')}`);
    process.exit(2);
  }
  const selected = positionals.length > 0 ? available.filter((name) => positionals.includes(name)) : available;
  const command = ['npm run bench', ...(positionals.length > 0 || values.fresh ? ['--', ...positionals, ...(values.fresh ? ['--fresh'] : [])] : [])].join(' ');
  const machine = machineInfo();
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  const context: BenchContext = { projectDir: PROJECT_DIR, isFresh: values.fresh ?? false, log: (line) => console.log(`  ${line}`) };
  console.log(`Benchmarks on ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, Node ${machine.node} (load ${machine.loadAverage})`);

  /** The sections this run measured; the rest of the document is read again at each write. */
  const sections = new Map<string, string>([['machine', machineSection(machine, command, date)]]);
  let failures = 0;
  for (const name of selected) {
    console.log(`\n${name}`);
    const report = await (await loadSuite(name))(context);
    for (const row of report.rows) {
      const verdict = row.pass === null ? '' : row.pass ? '  pass' : '  FAIL';
      console.log(`  ${row.metric.padEnd(64)} ${row.result.padStart(14)}  ${row.target.padStart(10)}${verdict}`);
      if (row.pass === false) failures += 1;
    }
    sections.set(name, suiteSection(report, command, date, machine));
    // Written after every suite, so an interrupted run still keeps what it measured. The file is read
    // again first: a suite can run for many minutes, and what was written by hand outside the markers
    // meanwhile must not be replaced by the copy read when the run began.
    let document = existsSync(DOCUMENT) ? readFileSync(DOCUMENT, 'utf8') : PREAMBLE;
    for (const [section, body] of sections) document = replaceSection(document, section, body);
    writeFileSync(DOCUMENT, document);
  }
  console.log(`\nWrote ${DOCUMENT}${failures > 0 ? `; ${failures} metric(s) missed the target` : ''}.`);
  if (values.check && failures > 0) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
