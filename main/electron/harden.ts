import { shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { APP_ORIGIN } from '../security/app-origin';
import { decideNavigation, decideWindowOpen, isAllowedRendererRequest } from '../security/navigation';
import { decidePermissionCheck, decidePermissionRequest } from '../security/permissions';

/** Hands a vetted link to the OS browser / mail / phone app. Failures are logged without the URL. */
function openExternally(url: string | null): void {
  if (url === null) return;
  shell.openExternal(url).catch(() => console.error('[medora] could not open an external link'));
}

/**
 * Applied to every webContents the app ever creates (via `web-contents-created`, so nothing escapes by
 * being created some other way): no navigation away from the single-page app, no new windows, no
 * `<webview>`; allowlisted links open in the user's browser instead. The decisions live in
 * main/security/navigation.ts and are unit-tested there.
 */
export function hardenWebContents(contents: WebContents): void {
  // `will-frame-navigate` covers the main frame and every subframe (`will-navigate` only the main frame).
  contents.on('will-frame-navigate', (event) => {
    const decision = decideNavigation({ url: event.url, isSameDocument: event.isSameDocument, isMainFrame: event.isMainFrame }, APP_ORIGIN);
    if (!decision.allow) event.preventDefault();
    openExternally(decision.openExternal);
  });
  // A redirect is never a user's click: block anything leaving the app, open nothing.
  contents.on('will-redirect', (event) => {
    if (!decideNavigation({ url: event.url, isSameDocument: event.isSameDocument, isMainFrame: event.isMainFrame }, APP_ORIGIN).allow) {
      event.preventDefault();
    }
  });
  contents.setWindowOpenHandler((details) => {
    const decision = decideWindowOpen({ url: details.url });
    openExternally(decision.openExternal);
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[medora] renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
}

/**
 * Session-wide rules for the renderer's session: every permission denied except notifications for our
 * own main frame, no device access, no spellchecker (it may send typed PHI to a cloud service), and every
 * network request outside our own origin cancelled beneath the CSP.
 */
export function hardenSession(target: Session): void {
  target.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(decidePermissionRequest(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, APP_ORIGIN));
  });
  target.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermissionCheck(permission, { requestingOrigin, isMainFrame: details.isMainFrame }, APP_ORIGIN),
  );
  target.setDevicePermissionHandler(() => false);
  target.setSpellCheckerEnabled(false);
  target.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRendererRequest(details.url, APP_ORIGIN) });
  });
}
