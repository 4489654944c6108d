import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_SCHEME } from '../security/app-origin';
import { resolveAppRequest } from '../security/app-protocol';
import { RENDERER_CSP } from '../security/csp';

/**
 * Must run before `app` is ready: makes `app://` a standard, secure origin (so `'self'` in the CSP, fetch
 * and storage behave as on https) without bypassing the CSP and without CORS or service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Headers on every response of our origin; the CSP is what keeps an injected script from running. */
function securityHeaders(mimeType: string): Record<string, string> {
  return {
    'content-type': mimeType,
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  };
}

/**
 * Serves `app://medora/...` from the built renderer (`bundleRoot`, inside the asar when packaged). Path
 * checks are in main/security/app-protocol.ts; only GET and HEAD are answered.
 */
export function serveAppProtocol(bundleRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const resolved = resolveAppRequest(request.url, bundleRoot);
    if (!resolved.ok) return new Response(null, { status: resolved.status });
    try {
      const body = await readFile(resolved.filePath);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: securityHeaders(resolved.mimeType) });
    } catch {
      return new Response(null, { status: 404 });
    }
  });
}
