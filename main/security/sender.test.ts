import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './app-origin';
import { isTrustedSender } from './sender';

describe('isTrustedSender', () => {
  const cases: ReadonlyArray<readonly [string, string, boolean, boolean]> = [
    ['our app, main frame', 'app://medora/', true, true],
    ['our app, deep route with query and hash', 'app://medora/schedule?day=2025-01-02#top', true, true],
    ['our app, but an iframe', 'app://medora/', false, false],
    ['a web page', 'https://evil.example/', true, false],
    ['a web page in an iframe', 'https://evil.example/', false, false],
    ['plain http', 'http://medora/', true, false],
    ['a downloaded file', 'file:///C:/Users/me/Downloads/x.html', true, false],
    ['a downloaded file (posix)', 'file:///home/me/Downloads/x.html', true, false],
    ['look-alike host suffix', 'app://medora.evil/', true, false],
    ['look-alike host prefix', 'app://evilmedora/', true, false],
    ['look-alike with credentials', 'app://medora@evil/', true, false],
    ['credentials before our host', 'app://user:pw@medora/', true, false],
    ['our host with a port', 'app://medora:8080/', true, false],
    ['other scheme with our host', 'apps://medora/', true, false],
    ['opaque app: url', 'app:medora', true, false],
    ['empty host', 'app:///medora/index.html', true, false],
    ['upper-case host (never produced by Chromium)', 'app://MEDORA/', true, false],
    ['encoded dot in host', 'app://medora%2eevil/', true, false],
    ['about:blank', 'about:blank', true, false],
    ['data url', 'data:text/html,<script>1</script>', true, false],
    ['javascript url', 'javascript:alert(1)', true, false],
    ['devtools', 'devtools://devtools/bundled/inspector.html', true, false],
    ['empty', '', true, false],
    ['malformed', 'app://medora\\x', true, false],
    ['not a url', 'medora', true, false],
  ];

  it.each(cases)('%s (%s, main frame: %s) → %s', (_name, url, isMainFrame, expected) => {
    expect(isTrustedSender({ url, isMainFrame }, APP_ORIGIN)).toBe(expected);
  });

  it('refuses a missing sender frame (destroyed before the message was handled)', () => {
    expect(isTrustedSender(null, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
  });

  it('defaults to the app origin', () => {
    expect(isTrustedSender({ url: 'app://medora/', isMainFrame: true })).toBe(true);
  });

  it('works for the loopback bridge origin too', () => {
    const bridge = 'http://127.0.0.1:43117';
    expect(isTrustedSender({ url: 'http://127.0.0.1:43117/', isMainFrame: true }, bridge)).toBe(true);
    expect(isTrustedSender({ url: 'http://127.0.0.1:43118/', isMainFrame: true }, bridge)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:43117/', isMainFrame: true }, bridge)).toBe(false);
  });

  it('refuses everything when the configured origin is malformed', () => {
    expect(isTrustedSender({ url: 'app://medora/', isMainFrame: true }, 'not an origin')).toBe(false);
  });
});
