import pg from 'pg';

/**
 * One LISTEN connection per server instance. Postgres delivers `medora_changes` notifications at
 * commit, whichever instance (or tool) wrote, so a long-poll held here wakes for writes made through
 * any other instance: no process memory is trusted for change detection.
 */
export interface ChangeListener {
  /** Resolves true when a commit touched the clinic's table, false after `timeoutMs`, or when `signal` aborts. */
  waitForChange(clinicId: string, table: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

export async function startChangeListener(url: string): Promise<ChangeListener> {
  const waiters = new Map<string, Set<(changed: boolean) => void>>();
  let client: pg.Client | null = null;
  let closed = false;

  /** Wakes the waiters of one `clinic:table` key, or everyone (null) after a lost connection. */
  function wakeAll(key: string | null) {
    for (const [waitKey, set] of waiters) {
      if (key !== null && waitKey !== key) continue;
      for (const wake of set) wake(true);
      set.clear();
    }
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => wakeAll(message.payload ?? null));
    next.on('error', () => undefined);
    next.on('end', () => {
      if (closed) return;
      // Lost the connection (Postgres restart): wake everyone so they re-read, then reconnect.
      wakeAll(null);
      setTimeout(() => void connect().catch(() => undefined), 500);
    });
    await next.connect();
    await next.query('LISTEN medora_changes');
    client = next;
  }
  await connect();

  return {
    waitForChange(clinicId, table, timeoutMs, signal) {
      return new Promise((resolve) => {
        const key = `${clinicId}:${table}`;
        const set = waiters.get(key) ?? new Set();
        waiters.set(key, set);
        const finish = (changed: boolean) => {
          clearTimeout(timer);
          set.delete(finish);
          signal?.removeEventListener('abort', onAbort);
          resolve(changed);
        };
        const onAbort = () => finish(false);
        const timer = setTimeout(() => finish(false), timeoutMs);
        signal?.addEventListener('abort', onAbort);
        set.add(finish);
      });
    },
    async close() {
      closed = true;
      wakeAll(null);
      await client?.end().catch(() => undefined);
    },
  };
}
