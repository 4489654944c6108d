import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres, freePort, type EmbeddedServer } from '../server/db/embedded-postgres';
import { connectPostgres, migratePostgres, type PostgresConnection } from '../server/db/postgres';

/** The benchmarks' own embedded Postgres, kept in `.medora/bench/pg` between runs. */
export async function startBenchPostgres(projectDir: string): Promise<EmbeddedServer> {
  return startEmbeddedPostgres({ dataDir: join(projectDir, '.medora', 'bench', 'pg'), quiet: true });
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

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Resident memory of the server process now (from /proc), in bytes. */
  rss(): number;
  stop(): Promise<void>;
}

/**
 * The sync server in a process of its own (as a clinic runs it), so its memory is measured apart
 * from the benchmark's clients.
 */
export async function spawnServer(projectDir: string, databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(projectDir, 'server', 'cli.ts')], {
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
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
