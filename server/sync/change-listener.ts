import pg from 'pg';

/**
 * One LISTEN connection per server instance. Postgres delivers `medora_changes` notifications at
 * commit, whichever instance (or tool) wrote, so a long-poll held here wakes for writes made through
 * any other instance: no process memory is trusted for change detection.
 *
 * A payload is `<clinic>:<table>`, or `<clinic>:<table>:<client>` for a table holding one sync client's
 * rows (PER_CLIENT_TABLES): that commit wakes only the waiters of that client (and any waiter not
 * naming a client). A payload without a client wakes every waiter of the table.
 */
export interface ChangeListener {
  /**
   * Resolves true when a commit touched the clinic's table (and, with `clientId`, that client's rows
   * of it), false after `timeoutMs`, or when `signal` aborts.
   */
  waitForChange(clinicId: string, table: string, timeoutMs: number, signal?: AbortSignal, clientId?: string): Promise<boolean>;
  close(): Promise<void>;
}

type Wake = (changed: boolean) => void;

export async function startChangeListener(url: string): Promise<ChangeListener> {
  /** By `clinic:table`: the waiters for any change (key ''), and those for one client's rows (key = client id). */
  const waiters = new Map<string, Map<string, Set<Wake>>>();
  let client: pg.Client | null = null;
  let closed = false;

  function wakeSet(set: Set<Wake> | undefined) {
    if (!set) return;
    for (const wake of set) wake(true);
    set.clear();
  }

  /** Wakes the waiters a notification concerns, or everyone (null) after a lost connection. */
  function wake(payload: string | null) {
    if (payload === null) {
      for (const byClient of waiters.values()) for (const set of byClient.values()) wakeSet(set);
      return;
    }
    const [clinicId, table, clientId] = payload.split(':', 3);
    const byClient = waiters.get(`${clinicId}:${table}`);
    if (!byClient) return;
    if (clientId === undefined) {
      for (const set of byClient.values()) wakeSet(set);
      return;
    }
    wakeSet(byClient.get(''));
    wakeSet(byClient.get(clientId));
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => wake(message.payload ?? null));
    next.on('error', () => undefined);
    next.on('end', () => {
      if (closed) return;
      // Lost the connection (Postgres restart): wake everyone so they re-read, then reconnect.
      wake(null);
      setTimeout(() => void connect().catch(() => undefined), 500);
    });
    await next.connect();
    await next.query('LISTEN medora_changes');
    client = next;
  }
  await connect();

  return {
    waitForChange(clinicId, table, timeoutMs, signal, clientId) {
      return new Promise((resolve) => {
        const key = `${clinicId}:${table}`;
        const byClient = waiters.get(key) ?? new Map<string, Set<Wake>>();
        waiters.set(key, byClient);
        const clientKey = clientId ?? '';
        const set = byClient.get(clientKey) ?? new Set<Wake>();
        byClient.set(clientKey, set);
        const finish: Wake = (changed) => {
          clearTimeout(timer);
          set.delete(finish);
          if (set.size === 0 && byClient.get(clientKey) === set) byClient.delete(clientKey);
          if (byClient.size === 0 && waiters.get(key) === byClient) waiters.delete(key);
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
      wake(null);
      await client?.end().catch(() => undefined);
    },
  };
}
