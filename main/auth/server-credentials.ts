import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { hashPassword } from '../../server/auth/password';
import type { TokenAnswer } from '../../shared/sync/auth-wire';
import { ServerRefusal, ServerUnreachable, type ServerSession } from '../sync/server-session';
import type { CredentialSource } from './auth.service';

export interface ServerCredentialOptions {
  readonly db: Kysely<Database>;
  readonly server: ServerSession;
  /**
   * After the server accepted the password: sync for this user and make sure the replica knows them
   * (a fresh workstation has no user rows yet). May throw a DomainError to refuse the sign-in.
   */
  readonly onSignedIn: (answer: TokenAnswer) => Promise<void>;
  /** The server says the account was deactivated: end its sessions, drop its cached verifier. */
  readonly onUserDeactivated: (userId: string | null, message: string) => Promise<void>;
}

/**
 * The clinic server as the first password source (before the device's cache). When it answers, it
 * decides: a right password also refreshes the local Argon2id verifier and its offline lease, so the
 * next sign-in works offline until the lease ends; a wrong one is refused without asking the cache.
 * When the server cannot be reached (or fails), it answers `undefined` and the local cache decides.
 */
export function serverCredentialSource(options: ServerCredentialOptions): CredentialSource {
  const { db, server } = options;
  return {
    async verify(username, password, now) {
      let answer: TokenAnswer;
      try {
        answer = await server.login(username, password);
      } catch (error) {
        if (error instanceof ServerUnreachable) return undefined;
        if (!(error instanceof ServerRefusal)) throw error;
        switch (error.code) {
          case 'invalid_credentials':
            return null;
          case 'rate_limited':
            throw new DomainError('account_locked', error.message);
          case 'device_revoked':
            // The session reported it to the engine, which erases the replica.
            throw new DomainError('forbidden', error.message);
          case 'user_deactivated': {
            const cached = await db.selectFrom('local_credentials').select('user_id').where('username', '=', username).executeTakeFirst();
            await options.onUserDeactivated(cached?.user_id ?? null, error.message);
            throw new DomainError('account_inactive', error.message);
          }
          default:
            // Anything else (a malformed request, a server too new for this app) cannot tell: ask the cache.
            return undefined;
        }
      }
      await cacheVerifier(db, {
        userId: answer.userId, clinicId: answer.clinicId, username, password, offlineValidUntil: answer.offlineValidUntil, mustChangePassword: answer.mustChangePassword, now,
      });
      await options.onSignedIn(answer);
      return answer.userId;
    },
  };
}

/**
 * Stores (or replaces) the user's offline verifier. A username now belonging to another user id (an
 * account renamed on the server) loses its old row first, so the unique username index holds.
 */
export async function cacheVerifier(
  db: Kysely<Database>,
  input: { userId: string; clinicId: string; username: string; password: string; offlineValidUntil: number; mustChangePassword: boolean; now: number },
): Promise<void> {
  const hash = await hashPassword(input.password);
  const mustChange = input.mustChangePassword ? 1 : 0;
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('local_credentials').where('username', '=', input.username).where('user_id', '!=', input.userId).execute();
    await tx.insertInto('local_credentials').values({
      user_id: input.userId, clinic_id: input.clinicId, username: input.username, password_hash: hash,
      offline_valid_until: input.offlineValidUntil, must_change_password: mustChange, updated_at: input.now,
    }).onConflict((oc) => oc.column('user_id').doUpdateSet({
      clinic_id: input.clinicId, username: input.username, password_hash: hash, offline_valid_until: input.offlineValidUntil, must_change_password: mustChange, updated_at: input.now,
    })).execute();
  });
}
