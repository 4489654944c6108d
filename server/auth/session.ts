import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { loadIdentity } from '../../shared/auth/identity.repository';
import type { Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import type { ServerDatabase } from '../db/server-schema';
import { HttpError } from '../http/errors';
import { verifyAccessToken } from './tokens';

/** Who is calling, rebuilt from Postgres on every request: the server keeps no session state. */
export interface ServerSession {
  readonly subject: Subject;
  readonly deviceId: string;
  readonly username: string;
}

/** The shared, portable queries take the synced-table view of the server database. */
export function sharedView(db: Kysely<ServerDatabase>): Kysely<Database> {
  return db as unknown as Kysely<Database>;
}

export interface AuthenticateOptions {
  /**
   * Let a revoked workstation through with a token issued before the revocation (15 minutes at most).
   * Only the audit hand-in asks for this: what happened on the workstation before it learned of the
   * revocation belongs in the clinic's trail, and it is the one thing such a device may still send.
   */
  readonly allowRevokedDevice?: boolean;
}

/**
 * Verifies the bearer token, then that the device is still enrolled and the user still active, so a
 * revocation or deactivation takes effect on the very next request.
 */
export async function authenticate(db: Kysely<ServerDatabase>, key: Buffer, request: FastifyRequest, now: number, options: AuthenticateOptions = {}): Promise<ServerSession> {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  const claims = verifyAccessToken(key, header.slice('Bearer '.length), now);
  if (!claims) throw new HttpError(401, 'token_expired', 'The session has expired. Refresh the token or sign in again.');
  const device = await db.selectFrom('devices').select(['id', 'revoked_at', 'clinic_id']).where('id', '=', claims.did).executeTakeFirst();
  if (!device || (device.revoked_at !== null && !options.allowRevokedDevice) || device.clinic_id !== claims.cid) {
    throw new HttpError(401, 'device_revoked', 'This workstation has been revoked by the clinic. Its local data will be erased.');
  }
  const identity = await loadIdentity(sharedView(db), claims.sub);
  if (!identity || identity.subject.clinicId !== claims.cid) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  if (!identity.isActive) throw new HttpError(401, 'user_deactivated', 'This account has been deactivated.');
  return { subject: identity.subject, deviceId: device.id, username: identity.username };
}
