import pg from 'pg';

/**
 * One LISTEN connection per server instance. Postgres delivers `medora_changes` notifications at
 * commit, whichever instance (or tool) wrote, so a long-poll held here wakes for writes made through
 * any other instance: no process memory is trusted for change detection.
 */
export interface ChangeListener {
  /** Resolves true when the clinic has a new commit, false after `timeoutMs`, or when `signal` aborts. */
  waitForChange(clinicId: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean>;
  close(): Promise<void>;
}

export async function startChangeListener(url: string): Promise<ChangeListener> {
  const waiters = new Map<string, Set<(changed: boolean) => void>>();
  let client: pg.Client | null = null;
  let closed = false;

  function wakeAll(clinicId: string | null) {
    for (const [clinic, set] of waiters) {
      if (clinicId !== null && clinic !== clinicId) continue;
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
    waitForChange(clinicId, timeoutMs, signal) {
      return new Promise((resolve) => {
        const set = waiters.get(clinicId) ?? new Set();
        waiters.set(clinicId, set);
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
