import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { Database } from '../../shared/db/tables';
import { readDeviceSetting, writeDeviceSetting } from '../device/device-settings';
import type { TokenAnswer } from '../../shared/sync/auth-wire';

/** The server answered with an error (`{code, message}`); it decided. */
export class ServerRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ServerRefusal';
  }
}

/** The server could not be reached, or failed (5xx): it did not decide. */
export class ServerUnreachable extends Error {
  constructor(message = 'The clinic server could not be reached.') {
    super(message);
    this.name = 'ServerUnreachable';
  }
}

/** Refusals that end a device's or a user's right to sync; they trigger the revoke path. */
export const REVOKING_CODES = ['device_revoked', 'user_deactivated'] as const;
export type RevokingCode = (typeof REVOKING_CODES)[number];

export function isRevoking(code: string): code is RevokingCode {
  return (REVOKING_CODES as readonly string[]).includes(code);
}

/** No usable token for the user: they must sign in online again before this workstation syncs for them. */
export const SIGN_IN_REQUIRED = 'sign_in_required';

/** Refresh this long before the access token expires, so a request never starts with a dying token. */
const REFRESH_MARGIN_MS = 60_000;
const LOGIN_TIMEOUT_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;

interface Tokens {
  readonly accessToken: string;
  readonly expiresAt: number;
  readonly refreshToken: string;
}

export interface ServerSessionOptions {
  readonly serverUrl: string;
  readonly deviceId: string;
  readonly db: Kysely<Database>;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /** Called once per refusal that revokes this device or a user; the engine wipes or signs out. */
  readonly onRevoked: (code: RevokingCode, userId: string | null, message: string) => void;
}

const refreshTokenKey = (userId: string) => `refresh_token:${userId}`;

/**
 * This workstation's conversation with the clinic server: sign-in, per-user tokens (access tokens in
 * memory only; the rotating refresh token also in device_settings so syncing resumes after a restart),
 * refresh before expiry, and authorized JSON requests.
 */
export class ServerSession {
  private readonly tokens = new Map<string, Tokens>();
  private readonly refreshing = new Map<string, Promise<Tokens>>();
  /** Aborted by `close()`: no request outlives the engine (and the database it writes to). */
  private readonly closing = new AbortController();

  constructor(private readonly options: ServerSessionOptions) {}

  get serverUrl(): string {
    return this.options.serverUrl;
  }

  /** Signs in online. Throws ServerRefusal (the server decided) or ServerUnreachable. */
  async login(username: string, password: string): Promise<TokenAnswer> {
    const body = { username, password, deviceId: this.options.deviceId, deviceName: workstationName() };
    const answer = await this.call<TokenAnswer>('POST', '/v1/auth/login', body, null, LOGIN_TIMEOUT_MS);
    await this.remember(answer);
    return answer;
  }

  /** Whether this workstation can talk to the server for the user without a new sign-in. */
  async canActFor(userId: string): Promise<boolean> {
    return this.tokens.has(userId) || (await readDeviceSetting(this.options.db, refreshTokenKey(userId))) !== null;
  }

  /** A valid access token for the user, refreshed when it is about to expire. */
  async accessToken(userId: string): Promise<string> {
    const current = this.tokens.get(userId);
    if (current && current.expiresAt - REFRESH_MARGIN_MS > this.options.now()) return current.accessToken;
    return (await this.refresh(userId)).accessToken;
  }

  /**
   * Exchanges the refresh token for a new pair. One refresh per user at a time: refresh tokens rotate,
   * so a second concurrent exchange of the same token would be refused.
   */
  refresh(userId: string): Promise<Tokens> {
    const running = this.refreshing.get(userId);
    if (running) return running;
    const attempt = this.exchange(userId).finally(() => this.refreshing.delete(userId));
    this.refreshing.set(userId, attempt);
    return attempt;
  }

  private async exchange(userId: string): Promise<Tokens> {
    const refreshToken = this.tokens.get(userId)?.refreshToken ?? (await readDeviceSetting(this.options.db, refreshTokenKey(userId)));
    if (!refreshToken) throw new ServerRefusal(401, SIGN_IN_REQUIRED, 'Sign in again to resume syncing.');
    try {
      const answer = await this.call<TokenAnswer>('POST', '/v1/auth/refresh', { refreshToken, deviceId: this.options.deviceId }, { userId, token: null }, REQUEST_TIMEOUT_MS);
      return await this.remember(answer);
    } catch (error) {
      if (error instanceof ServerRefusal && error.status === 401 && !isRevoking(error.code)) {
        // The refresh token was refused (expired, rotated elsewhere, password reset): sign in again.
        await this.forget(userId);
        throw new ServerRefusal(401, SIGN_IN_REQUIRED, 'Sign in again to resume syncing.');
      }
      throw error;
    }
  }

  private async remember(answer: TokenAnswer): Promise<Tokens> {
    const tokens = { accessToken: answer.accessToken, expiresAt: answer.accessTokenExpiresAt, refreshToken: answer.refreshToken };
    this.tokens.set(answer.userId, tokens);
    await writeDeviceSetting(this.options.db, refreshTokenKey(answer.userId), answer.refreshToken);
    return tokens;
  }

  /** Aborts every request in flight; later requests fail as unreachable. */
  close(): void {
    this.closing.abort();
  }

  /** Drops the user's tokens, in memory and on disk. */
  async forget(userId: string): Promise<void> {
    this.tokens.delete(userId);
    await this.options.db.deleteFrom('device_settings').where('key', '=', refreshTokenKey(userId)).execute();
  }

  /** Drops every user's tokens (revoked workstation). */
  async forgetAll(): Promise<void> {
    this.tokens.clear();
    await this.options.db.deleteFrom('device_settings').where('key', 'like', 'refresh_token:%').execute();
  }

  /**
   * An authorized JSON request as the user. An expired access token is refreshed and the request
   * retried once; refusals that revoke the device or user are reported before being thrown.
   */
  async request<T>(userId: string, method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
    try {
      return await this.call<T>(method, path, body, { userId, token: await this.accessToken(userId) }, timeoutMs);
    } catch (error) {
      if (!(error instanceof ServerRefusal) || error.status !== 401 || isRevoking(error.code) || error.code === SIGN_IN_REQUIRED) throw error;
      this.tokens.delete(userId);
      return this.call<T>(method, path, body, { userId, token: (await this.refresh(userId)).accessToken }, timeoutMs);
    }
  }

  /** Reports a revoking refusal seen anywhere (shape streams included) to the engine. */
  noticeRefusal(status: number, body: unknown, userId: string | null): RevokingCode | null {
    const { code, message } = errorBody(body);
    if ((status === 401 || status === 403) && code && isRevoking(code)) {
      this.options.onRevoked(code, userId, message ?? 'This workstation can no longer sync with the clinic.');
      return code;
    }
    return null;
  }

  /** One HTTP exchange; `as` names the user the call is made for (null for a sign-in). */
  private async call<T>(method: 'GET' | 'POST', path: string, body: unknown, as: { userId: string; token: string | null } | null, timeoutMs: number): Promise<T> {
    const token = as?.token ?? null;
    let response: Response;
    try {
      response = await this.options.fetch(`${this.options.serverUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.closing.signal]),
      });
    } catch {
      throw new ServerUnreachable();
    }
    const text = await response.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (response.ok) return parsed as T;
    if (response.status >= 500) throw new ServerUnreachable(`The clinic server failed (${response.status}).`);
    const { code, message, details } = errorBody(parsed);
    const refusal = new ServerRefusal(response.status, code ?? `http_${response.status}`, message ?? `The clinic server refused the request (${response.status}).`, details);
    // A revoked device or deactivated user is reported for the caller's user, whatever the call was.
    this.noticeRefusal(response.status, parsed, as?.userId ?? null);
    throw refusal;
  }
}

function errorBody(body: unknown): { code: string | null; message: string | null; details: unknown } {
  if (typeof body !== 'object' || body === null) return { code: null, message: null, details: undefined };
  const record = body as Record<string, unknown>;
  return {
    code: typeof record.code === 'string' ? record.code : null,
    message: typeof record.message === 'string' ? record.message : null,
    details: record.details,
  };
}

function workstationName(): string {
  try {
    return hostname().slice(0, 100) || 'Workstation';
  } catch {
    return 'Workstation';
  }
}
