/**
 * The one origin Medora's renderer is served from. Every security decision (sender check, navigation,
 * permissions, the protocol handler) compares against these values, so they are declared once.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'medora';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the main window loads; the protocol handler answers it with index.html. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/`;

/**
 * Parses a URL without throwing. Security decisions must parse with `URL` (never prefix checks), and a
 * string that does not parse is simply untrusted.
 */
export function parseUrl(raw: unknown): URL | null {
  if (typeof raw !== 'string') return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True when `url` is exactly on `origin`: same scheme, host and port, and no credentials. Compares parsed
 * parts rather than `URL.origin`, because WHATWG URL reports the opaque origin `null` for non-special
 * schemes such as `app:`, which would make every `app:` URL look alike.
 */
export function isSameOrigin(url: URL, origin: URL): boolean {
  return (
    url.protocol === origin.protocol &&
    url.hostname !== '' &&
    url.hostname === origin.hostname &&
    url.port === origin.port &&
    url.username === '' &&
    url.password === ''
  );
}
