/**
 * The sync server's answer to a sign-in or a token refresh (POST /v1/auth/login, /v1/auth/refresh):
 * one wire type for the server that sends it and the workstation that reads it.
 */
export interface TokenAnswer {
  readonly accessToken: string;
  readonly accessTokenExpiresAt: number;
  readonly refreshToken: string;
  readonly userId: string;
  readonly clinicId: string;
  readonly deviceId: string;
  /** Until when this device may unlock offline with a locally cached verifier (clinic policy). */
  readonly offlineValidUntil: number;
  /** The password was set by someone else: the user must choose their own before doing anything else. */
  readonly mustChangePassword: boolean;
}
