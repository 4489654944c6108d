import { ShapeStream, type Message, type Row } from '@electric-sql/client';

export interface ReadChange {
  readonly operation: 'insert' | 'update' | 'delete';
  readonly key: string;
  readonly value: Row;
  /** Undefined for snapshot rows. */
  readonly lsn: number | undefined;
  readonly op: number | undefined;
  /** The stream position right after the batch this change came in. */
  readonly offsetAfter: string;
}

export interface ReadResult {
  readonly changes: ReadChange[];
  readonly handle: string | undefined;
  readonly offset: string;
  /** Every (handle, offset) position the stream passed through, in order. */
  readonly positions: { handle: string | undefined; offset: string }[];
  readonly upToDateAt: number;
}

/**
 * Reads a shape with the real `@electric-sql/client` until an up-to-date whose global version is at
 * least `untilVersion` (or the first up-to-date), optionally resuming from a stored position.
 */
export async function readShape(options: {
  url: string; token: string; table: string; clientId: string; resume?: { handle: string | undefined; offset: string }; untilVersion?: number; timeoutMs?: number;
}): Promise<ReadResult> {
  const controller = new AbortController();
  const stream = new ShapeStream({
    url: `${options.url}/v1/shape`,
    params: { table: options.table, client_id: options.clientId },
    headers: { authorization: `Bearer ${options.token}` },
    parser: { int8: (value: string) => Number(value) },
    signal: controller.signal,
    ...(options.resume ? { offset: options.resume.offset as `${number}_${number}`, handle: options.resume.handle } : {}),
  });
  const changes: ReadChange[] = [];
  const positions: { handle: string | undefined; offset: string }[] = [];
  let upToDateAt = -1;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`shape ${options.table} not up to date in time (${changes.length} changes)`)), options.timeoutMs ?? 30_000);
    stream.subscribe((batch: Message<Row>[]) => {
      const offsetAfter = stream.lastOffset;
      for (const message of batch) {
        if ('operation' in message.headers) {
          const headers = message.headers as { operation: ReadChange['operation']; lsn?: string; op_position?: number };
          changes.push({
            operation: headers.operation, key: (message as { key: string }).key, value: (message as { value: Row }).value,
            lsn: headers.lsn === undefined ? undefined : Number(headers.lsn), op: headers.op_position, offsetAfter,
          });
        } else if (message.headers.control === 'up-to-date') {
          upToDateAt = Number((message.headers as { global_last_seen_lsn?: string }).global_last_seen_lsn ?? -1);
        }
      }
      positions.push({ handle: stream.shapeHandle, offset: offsetAfter });
      if (upToDateAt >= 0 && upToDateAt >= (options.untilVersion ?? 0)) {
        clearTimeout(timer);
        resolve();
      }
    }, reject);
  });
  controller.abort();
  return { changes, handle: stream.shapeHandle, offset: stream.lastOffset, positions, upToDateAt };
}

/** Applies changes to a map keyed by id (insert/update upsert the full row; delete removes). */
export function applyChanges(table: Map<string, Row>, changes: readonly ReadChange[]): Map<string, Row> {
  for (const change of changes) {
    const id = String(change.value.id);
    if (change.operation === 'delete') table.delete(id);
    else table.set(id, { ...(table.get(id) ?? {}), ...change.value });
  }
  return table;
}
