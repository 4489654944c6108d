import { parseUrl } from './app-origin';

/** Longer than any map, mail or phone link Medora builds; longer strings are refused outright. */
const MAX_EXTERNAL_URL_LENGTH = 2048;

/**
 * Query parameters a `mailto:` link may carry. Some mail clients honour `attach=`/`attachment=` and would
 * attach a local file chosen by whoever wrote the link, so anything beyond the usual fields is refused.
 */
const MAILTO_PARAMETERS: ReadonlySet<string> = new Set(['subject', 'body', 'cc', 'bcc']);

/** One address as written in a mailto link (already percent-decoded). */
const MAIL_ADDRESS = /^[^\s@/\\<>"]+@[^\s@/\\<>"]+$/;

/** International or local phone number, optional extension: `+1-555-010-0199`, `(555) 010 0199;ext=12` (no spaces in URLs). */
const PHONE_NUMBER = /^\+?[0-9().-]{3,32}(;ext=[0-9]{1,10})?$/;

/**
 * Whether a URL may be handed to `shell.openExternal`, i.e. to the operating system, which will happily
 * run `file:` executables, `javascript:` in a browser, or an unknown protocol handler. Only three forms are
 * allowed: `https:` web pages (any host, no credentials — `https://bank@evil` is a phishing trick),
 * `mailto:` and `tel:`. The string must already be in plain form: whitespace, control characters,
 * backslashes and non-ASCII characters (homograph look-alikes) are refused rather than normalised, because
 * what the user saw must be what the OS opens. Parsed with `URL`, never matched by prefix alone.
 */
export function isAllowedExternalUrl(raw: unknown): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_EXTERNAL_URL_LENGTH) return false;
  // Printable ASCII only, without spaces or backslashes: URL parsing would silently strip tabs and
  // newlines and turn `\` into `/`, so a string that parses "fine" could differ from what was displayed.
  if (!/^[\x21-\x7e]+$/.test(raw) || raw.includes('\\')) return false;
  const url = parseUrl(raw);
  if (url === null) return false;
  switch (url.protocol) {
    case 'https:':
      return isAllowedWebUrl(raw, url);
    case 'mailto:':
      return isAllowedMailUrl(raw, url);
    case 'tel:':
      return isAllowedPhoneUrl(raw, url);
    default:
      return false;
  }
}

function isAllowedWebUrl(raw: string, url: URL): boolean {
  // `https:evil.example` and `https:/evil.example` parse as https://evil.example/; insist on the real form.
  const written = /^https:\/\/([^/?#]*)/i.exec(raw);
  if (written === null) return false;
  const authority = written[1] ?? '';
  // Any `@` in the authority means credentials, even an empty `https://@host`.
  if (authority.includes('@') || url.username !== '' || url.password !== '') return false;
  return url.hostname !== '';
}

function isAllowedMailUrl(raw: string, url: URL): boolean {
  if (!/^mailto:/i.test(raw)) return false;
  const addresses = safeDecode(url.pathname);
  if (addresses === null || addresses === '') return false;
  if (!addresses.split(',').every((address) => MAIL_ADDRESS.test(address))) return false;
  for (const name of url.searchParams.keys()) {
    if (!MAILTO_PARAMETERS.has(name.toLowerCase())) return false;
  }
  return url.hash === '';
}

function isAllowedPhoneUrl(raw: string, url: URL): boolean {
  if (!/^tel:/i.test(raw) || url.search !== '' || url.hash !== '') return false;
  return PHONE_NUMBER.test(url.pathname);
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
