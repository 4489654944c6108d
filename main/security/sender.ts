import { APP_ORIGIN, isSameOrigin, parseUrl } from './app-origin';

/** What main knows about the frame that sent an IPC message (from `event.senderFrame`). */
export interface SenderInfo {
  readonly url: string;
  readonly isMainFrame: boolean;
}

/**
 * Decides whether an IPC message may reach the router at all: only the main frame of a document served
 * from our own origin. An iframe, a page the window was somehow navigated to, a downloaded `file:` page or
 * a look-alike host (`app://medora.evil`) is refused, so a compromised or foreign document cannot call any
 * channel even if it gets hold of the preload API. Parsed with `URL`, never with prefix checks.
 */
export function isTrustedSender(sender: SenderInfo | null | undefined, appOrigin: string = APP_ORIGIN): boolean {
  if (sender === null || sender === undefined || sender.isMainFrame !== true) return false;
  const origin = parseUrl(appOrigin);
  const url = parseUrl(sender.url);
  if (origin === null || url === null) return false;
  return isSameOrigin(url, origin);
}
