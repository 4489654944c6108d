import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres, freePort, type EmbeddedServer } from '../server/db/embedded-postgres';
import { connectPostgres, migratePostgres, type PostgresConnection } from '../server/db/postgres';

/** The benchmarks' own embedded Postgres, kept in `.medora/bench/pg` between runs. */
export async function startBenchPostgres(projectDir: string): Promise<EmbeddedServer> {
  return startEmbeddedPostgres({ dataDir: join(projectDir, '.medora', 'bench', 'pg'), quiet: true });
}

function statFields(pid: number | string): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the parenthesised name: field 3 (state) is index 0, ppid 1, utime 11, stime 12, cutime 13, cstime 14.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) a process has used so far, from /proc (NaN once it is gone). */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 : Number.NaN;
}

/**
 * CPU time (ms) used so far by the bench Postgres: the postmaster with its reaped backends (cutime/cstime)
 * plus the backends still running. Differences between two readings give Postgres's share of a run.
 */
export function benchPostgresCpuMs(projectDir: string): number {
  const pid = Number(readFileSync(join(projectDir, '.medora', 'bench', 'pg', 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const main = statFields(pid);
  if (!main) return Number.NaN;
  let ticks = Number(main[11]) + Number(main[12]) + Number(main[13]) + Number(main[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[1]) === pid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return (ticks * 1000) / 100;
}

/** A fresh, migrated database on the bench Postgres. */
export async function freshDatabase(server: EmbeddedServer, name: string): Promise<PostgresConnection> {
  const admin = connectPostgres(server.adminUrl, { max: 1 });
  await admin.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.pool.query(`CREATE DATABASE ${name}`);
  await admin.db.destroy();
  const connection = connectPostgres(server.urlFor(name), { max: 10 });
  await migratePostgres(connection.db);
  return connection;
}

/** `MEDORA_BENCH_SERVER_CPU_PROF=<dir>` writes a V8 CPU profile of the server process there when it stops. */
function serverProfileArgs(): string[] {
  const dir = process.env.MEDORA_BENCH_SERVER_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident memory of the server process now (from /proc), in bytes. */
  rss(): number;
  /** CPU time (user + system) the server process has used so far, in ms (from /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * The sync server in a process of its own (as a clinic runs it), so its memory is measured apart
 * from the benchmark's clients.
 */
export async function spawnServer(projectDir: string, databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...serverProfileArgs(), '--import', 'tsx', join(projectDir, 'server', 'cli.ts')], {
    cwd: projectDir,
    env: { ...process.env, DATABASE_URL: databaseUrl, MEDORA_SERVER_PORT: String(port), MEDORA_SEED_DEMO: 'false', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The sync server did not start in 60 s')), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`The sync server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const match = /VmRSS:\s+(\d+) kB/.exec(status);
      return match ? Number(match[1]) * 1024 : Number.NaN;
    },
    cpuMs() {
      return processCpuMs(child.pid as number);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
