import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Content types of what the renderer bundle contains. A file type not listed is refused (404) rather
 * than served as something a browser might sniff: add it here when the bundle grows one.
 */
const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

const INDEX_FILE = 'index.html';

/** A request the handler may answer from the bundle. */
export interface ResolvedAsset {
  readonly ok: true;
  /** Absolute path, guaranteed to lie inside the bundle root. */
  readonly filePath: string;
  readonly mimeType: string;
  /** True when an app route (no file extension) was answered with index.html. */
  readonly isSpaFallback: boolean;
}

/** A request that must not be answered from disk, with the HTTP status to send. */
export interface RefusedAsset {
  readonly ok: false;
  readonly status: 400 | 403 | 404;
  readonly reason: string;
}

export type AssetResolution = ResolvedAsset | RefusedAsset;

/** NUL and other control characters (from `%00`, `%0a`, ...) have no place in a file name we serve. */
function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function refuse(status: RefusedAsset['status'], reason: string): RefusedAsset {
  return { ok: false, status, reason };
}

/**
 * Maps an `app://medora/<path>` request to a file inside `bundleRoot` (the built renderer). This is the
 * only way the window reads from disk, so it refuses anything that could step outside the bundle or be
 * read differently by the file system than by this check: `..` and `.` segments in any spelling
 * (`%2e%2e`, `.%2E`), encoded separators (`%2f`, `%5c`), backslashes, NUL, drive letters and empty
 * segments (absolute paths), dotfiles, other hosts, credentials and ports. The raw string is inspected as well as
 * the parsed one, because `URL` silently resolves dot segments. `/` is index.html; a path whose last
 * segment has no extension is an app route and also gets index.html (single-page app).
 */
export function resolveAppRequest(rawUrl: string, bundleRoot: string): AssetResolution {
  if (typeof rawUrl !== 'string' || rawUrl.length > 4096) return refuse(400, 'malformed');
  if (!/^[\x21-\x7e]+$/.test(rawUrl) || rawUrl.includes('\\')) return refuse(400, 'malformed');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse(400, 'malformed');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') {
    return refuse(403, 'foreign origin');
  }

  // The path exactly as written: between the authority and the query or fragment.
  const afterScheme = rawUrl.slice(`${APP_SCHEME}://`.length);
  const pathStart = afterScheme.search(/[/?#]/);
  const rawPath = pathStart === -1 || afterScheme[pathStart] !== '/' ? '/' : (/^[^?#]*/.exec(afterScheme.slice(pathStart))?.[0] ?? '/');

  const segments: string[] = [];
  const rawSegments = rawPath.split('/').slice(1);
  for (const [index, rawSegment] of rawSegments.entries()) {
    const isLast = index === rawSegments.length - 1;
    if (rawSegment === '') {
      if (isLast) break; // trailing slash: `/` or `/schedule/`
      return refuse(400, 'empty segment');
    }
    if (/%2f|%5c|%00/i.test(rawSegment)) return refuse(400, 'encoded separator');
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return refuse(400, 'malformed');
    }
    if (segment === '.' || segment === '..' || /[/\\:]/.test(segment) || hasControlCharacter(segment)) {
      return refuse(400, 'path traversal');
    }
    // Dotfiles (`.env`, `.git`) are never part of the bundle's public surface.
    if (segment.startsWith('.')) return refuse(404, 'hidden file');
    segments.push(segment);
  }

  const last = segments.at(-1);
  const extension = last === undefined ? '' : path.extname(last).toLowerCase();
  const isSpaFallback = extension === '';
  const relative = isSpaFallback ? [INDEX_FILE] : segments;
  const mimeType = MIME_TYPES[isSpaFallback ? '.html' : extension];
  if (mimeType === undefined) return refuse(404, 'unknown file type');

  const root = path.resolve(bundleRoot);
  const filePath = path.resolve(root, ...relative);
  const fromRoot = path.relative(root, filePath);
  // Belt and braces: whatever got past the segment checks must still land inside the root.
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return refuse(403, 'outside bundle');
  return { ok: true, filePath, mimeType, isSpaFallback };
}
