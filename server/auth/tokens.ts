import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/server-schema';

export const ACCESS_TOKEN_TTL_MS = 15 * 60_000;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60_000;

export interface AccessClaims {
  /** user id */
  readonly sub: string;
  /** clinic id */
  readonly cid: string;
  /** device id */
  readonly did: string;
  /** expiry, epoch ms */
  readonly exp: number;
}

/**
 * The signing key lives in Postgres, so every server instance verifies every other instance's tokens
 * and no instance keeps state of its own. Created once, on first use.
 */
export async function loadSigningKey(db: Kysely<ServerDatabase>): Promise<Buffer> {
  await db
    .insertInto('server_settings')
    .values({ key: 'token_signing_key', value: randomBytes(32).toString('base64') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('server_settings').select('value').where('key', '=', 'token_signing_key').executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}

export function signAccessToken(key: Buffer, claims: AccessClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = createHmac('sha256', key).update(payload).digest('base64url');
  return `${payload}.${signature}`;
}

/** The claims of a valid, unexpired token; null otherwise (never throws on garbage). */
export function verifyAccessToken(key: Buffer, token: string, now: number): AccessClaims | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = createHmac('sha256', key).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessClaims;
    if (typeof claims.sub !== 'string' || typeof claims.cid !== 'string' || typeof claims.did !== 'string' || typeof claims.exp !== 'number') return null;
    return claims.exp > now ? claims : null;
  } catch {
    return null;
  }
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
