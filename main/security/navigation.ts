import { APP_ORIGIN, isSameOrigin, parseUrl } from './app-origin';
import { isAllowedExternalUrl } from './external-url';

/** A navigation attempt as Electron reports it (`will-navigate`, `will-frame-navigate`, `will-redirect`). */
export interface NavigationAttempt {
  readonly url: string;
  readonly isSameDocument: boolean;
  readonly isMainFrame: boolean;
}

/** What main does with a navigation or window-open attempt. */
export interface NavigationDecision {
  /** Let the navigation proceed (only same-document moves inside our app ever do). */
  readonly allow: boolean;
  /** A vetted URL to hand to `shell.openExternal`, or null. */
  readonly openExternal: string | null;
}

const BLOCK: NavigationDecision = { allow: false, openExternal: null };

/**
 * Decides a navigation of one of our windows. The renderer is a single-page app, so the only legitimate
 * navigations are same-document ones (history API, hash) inside `app://medora`; any full navigation —
 * to the web, to a downloaded file, even to another document of our own origin — is blocked, so the
 * preload API can never end up in a foreign page. A click on an allowlisted external link in the main
 * frame is blocked too, and the link is opened in the user's browser instead.
 */
export function decideNavigation(attempt: NavigationAttempt, appOrigin: string = APP_ORIGIN): NavigationDecision {
  const url = parseUrl(attempt.url);
  const origin = parseUrl(appOrigin);
  if (url === null || origin === null) return BLOCK;
  if (isSameOrigin(url, origin)) {
    return { allow: attempt.isSameDocument === true, openExternal: null };
  }
  if (attempt.isMainFrame === true && isAllowedExternalUrl(attempt.url)) {
    return { allow: false, openExternal: attempt.url };
  }
  return BLOCK;
}

/** A `window.open` / `target=_blank` attempt (Electron's `HandlerDetails`, the part we use). */
export interface WindowOpenAttempt {
  readonly url: string;
}

/**
 * Decides `setWindowOpenHandler`: Medora never opens a second window from web content (`action` is always
 * `deny`), so no child window can inherit or escape the first one's settings. An allowlisted external link
 * (map, mail, phone) is handed to the operating system instead.
 */
export function decideWindowOpen(attempt: WindowOpenAttempt): { readonly action: 'deny'; readonly openExternal: string | null } {
  return { action: 'deny', openExternal: isAllowedExternalUrl(attempt.url) ? attempt.url : null };
}

/**
 * Schemes the renderer's session may load at all. Everything the UI needs comes from our own protocol
 * (plus inline `data:`/`blob:` images and devtools in development); any other request — a remote
 * script, a tracking pixel, a `file:` read — is cancelled at the network layer, behind the CSP.
 */
export function isAllowedRendererRequest(rawUrl: string, appOrigin: string = APP_ORIGIN): boolean {
  const url = parseUrl(rawUrl);
  const origin = parseUrl(appOrigin);
  if (url === null || origin === null) return false;
  if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'devtools:') return true;
  return isSameOrigin(url, origin);
}
