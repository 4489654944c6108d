/**
 * Every channel answers a Result: a value, or a typed error with a code and a plain sentence.
 * Internal errors are logged in main and reach the UI only as `internal` with a generic message.
 */
export const ERROR_CODES = {
  invalid_input: 'Some fields are not valid.',
  unauthenticated: 'Please sign in.',
  forbidden: 'You do not have permission to do that.',
  session_locked: 'The workstation is locked. Unlock it to continue.',
  password_change_required: 'Choose a new password to continue.',
  invalid_credentials: 'The username or password is not correct.',
  account_locked: 'Too many failed sign-in attempts. Try again later.',
  account_inactive: 'This account has been deactivated.',
  not_found: 'That record was not found.',
  conflict: 'That change conflicts with existing data.',
  unknown_channel: 'Unknown request.',
  bad_sender: 'Request refused.',
  unavailable: 'The service is not ready yet.',
  internal: 'Something went wrong. The problem was recorded.',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError {
  /** Dotted path of the field, e.g. `hours.mon.0.open`. */
  readonly path: string;
  readonly message: string;
}

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly fields?: readonly FieldError[];
  /** When the caller may retry (lockout), epoch ms. */
  readonly retryAt?: number;
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string = ERROR_CODES[code], extra: Partial<AppError> = {}): { ok: false; error: AppError } {
  return { ok: false, error: { code, message, ...extra } };
}

/** Thrown by handlers and repositories for expected failures; the router turns it into a Result. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CODES[code],
    readonly fields?: readonly FieldError[],
    readonly retryAt?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
