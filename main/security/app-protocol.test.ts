import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppRequest } from './app-protocol';

const ROOT = path.resolve('/opt/medora/dist/renderer');
const inRoot = (...parts: string[]): string => path.join(ROOT, ...parts);

describe('resolveAppRequest', () => {
  const served: ReadonlyArray<readonly [string, string, string, boolean]> = [
    ['app://medora/', inRoot('index.html'), 'text/html; charset=utf-8', true],
    ['app://medora', inRoot('index.html'), 'text/html; charset=utf-8', true],
    ['app://medora/index.html', inRoot('index.html'), 'text/html; charset=utf-8', false],
    ['app://medora/assets/index-3f9a.js', inRoot('assets', 'index-3f9a.js'), 'text/javascript; charset=utf-8', false],
    ['app://medora/assets/index-3f9a.css?v=2', inRoot('assets', 'index-3f9a.css'), 'text/css; charset=utf-8', false],
    ['app://medora/assets/Logo.SVG#x', inRoot('assets', 'Logo.SVG'), 'image/svg+xml', false],
    ['app://medora/fonts/inter%20var.woff2', inRoot('fonts', 'inter var.woff2'), 'font/woff2', false],
    ['app://medora/schedule', inRoot('index.html'), 'text/html; charset=utf-8', true],
    ['app://medora/patients/0190c1f2-aaaa/cases/', inRoot('index.html'), 'text/html; charset=utf-8', true],
    ['app://medora/billing?tab=aging', inRoot('index.html'), 'text/html; charset=utf-8', true],
  ];
  it.each(served)('%s → file', (url, filePath, mimeType, isSpaFallback) => {
    expect(resolveAppRequest(url, ROOT)).toEqual({ ok: true, filePath, mimeType, isSpaFallback });
  });

  const refused: ReadonlyArray<readonly [string, string, number]> = [
    ['dot-dot', 'app://medora/../../etc/passwd', 400],
    ['dot-dot in the middle', 'app://medora/assets/../../secret.json', 400],
    ['single dot', 'app://medora/./index.html', 400],
    ['encoded dot-dot', 'app://medora/%2e%2e/%2e%2e/etc/passwd', 400],
    ['upper-case encoded dot-dot', 'app://medora/%2E%2E/secret.json', 400],
    ['half-encoded dot-dot', 'app://medora/.%2e/secret.json', 400],
    ['encoded slash', 'app://medora/..%2f..%2fetc%2fpasswd', 400],
    ['encoded slash alone', 'app://medora/assets%2findex.js', 400],
    ['encoded backslash', 'app://medora/..%5c..%5cwindows%5cwin.ini', 400],
    ['backslash', 'app://medora/..\\..\\windows\\win.ini', 400],
    ['NUL', 'app://medora/index.html%00.png', 400],
    ['raw NUL', 'app://medora/index.html\u0000.png', 400],
    ['double-encoded dot-dot is a literal name, and its type is unknown', 'app://medora/%252e%252e/x.exe', 404],
    ['absolute path', 'app://medora//etc/passwd', 400],
    ['windows drive', 'app://medora/C:/Windows/win.ini', 400],
    ['encoded drive', 'app://medora/C%3A/Windows/win.ini', 400],
    ['alternate data stream', 'app://medora/index.html::$DATA', 400],
    ['malformed escape', 'app://medora/%E0%A4%A', 400],
    ['whitespace', 'app://medora/index .html', 400],
    ['other host', 'app://evil/index.html', 403],
    ['look-alike host', 'app://medora.evil/index.html', 403],
    ['credentials', 'app://x@medora/index.html', 403],
    ['port', 'app://medora:1/index.html', 403],
    ['other scheme', 'file:///opt/medora/dist/renderer/index.html', 403],
    ['web', 'https://medora/index.html', 403],
    ['unknown file type', 'app://medora/app.exe', 404],
    ['dotfile', 'app://medora/.env', 404],
    ['dot directory', 'app://medora/.git/config.json', 404],
    ['triple dot', 'app://medora/.../x.js', 404],
    ['not a url', 'medora/index.html', 400],
  ];
  it.each(refused)('refuses %s', (_name, url, status) => {
    const result = resolveAppRequest(url, ROOT);
    expect(result.ok).toBe(false);
    expect(result.ok ? 0 : result.status).toBe(status);
  });

  it('treats a double-encoded dot-dot as a literal name that the file system never decodes', () => {
    expect(resolveAppRequest('app://medora/%252e%252e/x.js', ROOT)).toEqual({
      ok: true,
      filePath: inRoot('%2e%2e', 'x.js'),
      mimeType: 'text/javascript; charset=utf-8',
      isSpaFallback: false,
    });
  });

  it('never resolves outside the root, whatever the input', () => {
    const probes = ['..', '%2e%2e', '.%2e', '%2e.', '..%00', '....', '.../', 'a/../..', '%c0%ae%c0%ae', '%u002e%u002e'];
    for (const probe of probes) {
      const result = resolveAppRequest(`app://medora/${probe}/x.js`, ROOT);
      if (result.ok) expect(path.relative(ROOT, result.filePath).startsWith('..')).toBe(false);
    }
  });
});
