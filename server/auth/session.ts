import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { subjectOf } from '../../shared/auth/identity.repository';
import type { Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { PREPARED } from '../db/postgres';
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
  // The device and the user's identity (the same facts `loadIdentity` reads, made a subject by the same
  // `subjectOf`) in one round trip: every
  // request asks this, and a live workstation's streams each make a request per long-poll.
  const { rows } = await sql<SessionRow>`${PREPARED}SELECT
      d.id AS device_id, d.revoked_at AS device_revoked_at, d.clinic_id AS device_clinic_id,
      u.id AS user_id, u.clinic_id, u.username, u.is_active, u.physician_id, u.attorney_id, u.referring_doctor_id,
      ARRAY(SELECT r.role FROM user_roles r WHERE r.user_id = u.id AND r.deleted_at IS NULL) AS roles,
      ARRAY(SELECT f.facility_id FROM user_facilities f WHERE f.user_id = u.id AND f.deleted_at IS NULL ORDER BY f.facility_id) AS facility_ids
    FROM (SELECT 1) AS one
    LEFT JOIN devices d ON d.id = ${claims.did}
    LEFT JOIN (users u INNER JOIN clinics c ON c.id = u.clinic_id) ON u.id = ${claims.sub} AND u.deleted_at IS NULL`.execute(db);
  const row = rows[0];
  if (!row?.device_id || (row.device_revoked_at !== null && !options.allowRevokedDevice) || row.device_clinic_id !== claims.cid) {
    throw new HttpError(401, 'device_revoked', 'This workstation has been revoked by the clinic. Its local data will be erased.');
  }
  if (!row.user_id || row.clinic_id !== claims.cid) throw new HttpError(401, 'unauthenticated', 'Sign in to continue.');
  if (Number(row.is_active) !== 1) throw new HttpError(401, 'user_deactivated', 'This account has been deactivated.');
  const subject = subjectOf({ ...row, id: row.user_id }, row.roles, row.facility_ids);
  return { subject, deviceId: row.device_id, username: row.username as string };
}

interface SessionRow {
  readonly device_id: string | null;
  readonly device_revoked_at: string | number | null;
  readonly device_clinic_id: string | null;
  readonly user_id: string | null;
  readonly clinic_id: string;
  readonly username: string | null;
  readonly is_active: number | string | null;
  readonly physician_id: string | null;
  readonly attorney_id: string | null;
  readonly referring_doctor_id: string | null;
  readonly roles: string[];
  readonly facility_ids: string[];
}
