import type { Kysely } from 'kysely';
import { afterFailure, lockedUntil, type ThrottleState } from '../../shared/auth/lockout';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { verifyAgainstDummy, verifyPassword } from '../../server/auth/password';
import type { Session } from './session-store';
import { loadIdentity } from '../../shared/auth/identity.repository';

/**
 * Where a password is checked. The device's cached Argon2id verifier is one source; the sync server
 * becomes the first one when online, and refreshes the cache (so the server is the source of truth
 * without changing this service).
 */
export interface CredentialSource {
  /** The user id when the password is right, `null` when wrong or unknown, `undefined` when it cannot tell (offline). */
  verify(username: string, password: string, now: number): Promise<string | null | undefined>;
}

/** Checks passwords against `local_credentials` (Argon2id), honouring the offline lease. */
export function localCredentialSource(db: Kysely<Database>): CredentialSource {
  return {
    async verify(username, password, now) {
      const credential = await db.selectFrom('local_credentials').selectAll().where('username', '=', username).executeTakeFirst();
      if (!credential) return verifyAgainstDummy(password).then(() => null);
      if (credential.offline_valid_until !== null && credential.offline_valid_until < now) return undefined;
      return (await verifyPassword(credential.password_hash, password)) ? credential.user_id : null;
    },
  };
}

async function readThrottle(db: Kysely<Database>, username: string): Promise<ThrottleState | null> {
  const row = await db.selectFrom('login_throttle').selectAll().where('username', '=', username).executeTakeFirst();
  return row ? { failedCount: row.failed_count, lockedUntil: row.locked_until, lastFailedAt: row.last_failed_at } : null;
}

async function recordFailure(db: Kysely<Database>, username: string, now: number): Promise<ThrottleState> {
  const next = afterFailure(await readThrottle(db, username), now);
  await db
    .insertInto('login_throttle')
    .values({ username, failed_count: next.failedCount, locked_until: next.lockedUntil, last_failed_at: next.lastFailedAt })
    .onConflict((oc) => oc.column('username').doUpdateSet({
      failed_count: next.failedCount, locked_until: next.lockedUntil, last_failed_at: next.lastFailedAt,
    }))
    .execute();
  return next;
}

export interface AuthServiceOptions {
  readonly db: Kysely<Database>;
  readonly deviceId: string;
  readonly sources: readonly CredentialSource[];
}

/** The outcome a caller audits: who tried, and whether it worked. */
export type SignInAttempt = { readonly ok: true; readonly session: Session } | { readonly ok: false; readonly error: DomainError };

/** Sign-in and unlock, with lockout that survives restarts. */
export class AuthService {
  constructor(private readonly options: AuthServiceOptions) {}

  /** Verifies the password; the first source that can tell decides. */
  private async verify(username: string, password: string, now: number): Promise<string | null> {
    for (const source of this.options.sources) {
      const result = await source.verify(username, password, now);
      if (result !== undefined) return result;
    }
    return null;
  }

  /** Checks lockout, then the password, then that the account is active; builds the window's session. */
  async signIn(windowKey: string, rawUsername: string, password: string, now: number): Promise<SignInAttempt> {
    const { db, deviceId } = this.options;
    const username = rawUsername.trim().toLowerCase();
    const until = lockedUntil(await readThrottle(db, username), now);
    if (until !== null) return { ok: false, error: lockedError(until, now) };

    const userId = await this.verify(username, password, now);
    if (!userId) {
      const state = await recordFailure(db, username, now);
      const lockedNow = lockedUntil(state, now);
      return { ok: false, error: lockedNow ? lockedError(lockedNow, now) : new DomainError('invalid_credentials') };
    }
    const identity = await loadIdentity(db, userId);
    if (!identity) return { ok: false, error: new DomainError('invalid_credentials') };
    if (!identity.isActive) return { ok: false, error: new DomainError('account_inactive') };
    await db.deleteFrom('login_throttle').where('username', '=', username).execute();
    const credential = await db.selectFrom('local_credentials').select('must_change_password').where('user_id', '=', userId).executeTakeFirst();
    return {
      ok: true,
      session: {
        windowKey,
        subject: identity.subject,
        username: identity.username,
        displayName: identity.displayName,
        clinicName: identity.clinicName,
        deviceId,
        idleTimeoutMs: identity.idleTimeoutMinutes * 60_000,
        lastActivityAt: now,
        lockedAt: null,
        mustChangePassword: credential?.must_change_password === 1,
      },
    };
  }

  /** Unlocks a locked session with its own user's password; failures count toward lockout. */
  async unlock(session: Session, password: string, now: number): Promise<DomainError | null> {
    const { db } = this.options;
    const until = lockedUntil(await readThrottle(db, session.username), now);
    if (until !== null) return lockedError(until, now);
    const userId = await this.verify(session.username, password, now);
    if (userId !== session.subject.userId) {
      const state = await recordFailure(db, session.username, now);
      const lockedNow = lockedUntil(state, now);
      return lockedNow ? lockedError(lockedNow, now) : new DomainError('invalid_credentials', 'The password is not correct.');
    }
    await db.deleteFrom('login_throttle').where('username', '=', session.username).execute();
    session.lockedAt = null;
    session.lastActivityAt = now;
    return null;
  }
}

function lockedError(until: number, now: number): DomainError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return new DomainError('account_locked', `Too many failed sign-in attempts. Try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, until);
}
