import type { Kysely } from 'kysely';
import type { ServerDatabase } from './db/server-schema';
import type { ChangeListener } from './sync/change-listener';

/** What every route needs. Nothing here is per-request state: instances are interchangeable. */
export interface ServerContext {
  readonly db: Kysely<ServerDatabase>;
  readonly signingKey: Buffer;
  /** Wakes live long-polls on Postgres NOTIFY (from any instance's writes). */
  readonly changes: ChangeListener;
  /** An Argon2id hash checked for unknown usernames, so timing does not reveal which exist. */
  readonly dummyHash: string;
  readonly now: () => number;
  /** Long-poll hold time (20 s in production; shorter in tests). */
  readonly longPollMs: number;
}
