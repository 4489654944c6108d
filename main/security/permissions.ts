import { APP_ORIGIN } from './app-origin';
import { isTrustedSender } from './sender';

/**
 * The only web permissions Medora's renderer uses: staff notifications (new message, sync issue). Any
 * other request — camera, microphone, geolocation, screen capture, clipboard read, HID/USB/serial,
 * `openExternal` — is denied; the window has no use for it and PHI is on screen.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** The part of Electron's permission request details the decision reads. */
export interface PermissionRequestInfo {
  /** The last URL the requesting frame loaded (`details.requestingUrl`). */
  readonly requestingUrl: string;
  readonly isMainFrame: boolean;
}

/**
 * Decides `session.setPermissionRequestHandler`: grant only an allowlisted permission, and only to the main
 * frame of our own origin — an iframe or a foreign page never gets even notifications.
 */
export function decidePermissionRequest(permission: string, request: PermissionRequestInfo, appOrigin: string = APP_ORIGIN): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedSender({ url: request.requestingUrl, isMainFrame: request.isMainFrame }, appOrigin);
}

/** The part of Electron's permission check arguments the decision reads. */
export interface PermissionCheckInfo {
  /** `requestingOrigin` (an origin, e.g. `app://medora`). */
  readonly requestingOrigin: string;
  readonly isMainFrame: boolean;
}

/**
 * Decides `session.setPermissionCheckHandler` (the synchronous "is it granted?" query most web APIs make
 * before requesting). Same rule as a request, so a check never reports a permission a request would deny.
 */
export function decidePermissionCheck(permission: string, check: PermissionCheckInfo, appOrigin: string = APP_ORIGIN): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedSender({ url: check.requestingOrigin, isMainFrame: check.isMainFrame }, appOrigin);
}
