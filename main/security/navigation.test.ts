import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen, isAllowedRendererRequest } from './navigation';

describe('decideNavigation', () => {
  it('allows same-document navigation inside the app (history API, hash)', () => {
    expect(decideNavigation({ url: 'app://medora/schedule#today', isSameDocument: true, isMainFrame: true })).toEqual({
      allow: true,
      openExternal: null,
    });
  });

  const blocked: ReadonlyArray<readonly [string, string, boolean, boolean]> = [
    ['a full reload of another app document', 'app://medora/other.html', false, true],
    ['a web page inside an iframe', 'https://evil.example/', false, false],
    ['a web page with credentials', 'https://bank.example@evil.example/', false, true],
    ['a look-alike host', 'app://medora.evil/', true, true],
    ['credentials on our host', 'app://x@medora/', true, true],
    ['a downloaded file', 'file:///C:/Users/me/Downloads/invoice.html', false, true],
    ['javascript', 'javascript:alert(1)', false, true],
    ['data', 'data:text/html,hi', false, true],
    ['plain http', 'http://example.com/', false, true],
    ['malformed', 'https://exa mple.com/', false, true],
    ['an allowlisted link inside an iframe', 'https://www.openstreetmap.org/', false, false],
  ];
  it.each(blocked)('blocks %s', (_name, url, isSameDocument, isMainFrame) => {
    expect(decideNavigation({ url, isSameDocument, isMainFrame })).toEqual({ allow: false, openExternal: null });
  });

  it('never loads a web page in the window, even one claiming to be same-document', () => {
    expect(decideNavigation({ url: 'https://evil.example/#x', isSameDocument: true, isMainFrame: true }).allow).toBe(false);
  });

  it('hands an allowlisted link to the operating system instead of navigating', () => {
    const map = 'https://www.openstreetmap.org/?mlat=40.7128&mlon=-74.0060';
    expect(decideNavigation({ url: map, isSameDocument: false, isMainFrame: true })).toEqual({
      allow: false,
      openExternal: map,
    });
    expect(decideNavigation({ url: 'mailto:billing@clinic.example', isSameDocument: false, isMainFrame: true })).toEqual({
      allow: false,
      openExternal: 'mailto:billing@clinic.example',
    });
  });
});

describe('decideWindowOpen', () => {
  it('always denies a new window', () => {
    for (const url of ['app://medora/', 'https://maps.google.com/?q=1,2', 'about:blank', 'javascript:1', '']) {
      expect(decideWindowOpen({ url }).action).toBe('deny');
    }
  });

  it('opens allowlisted external links in the browser', () => {
    expect(decideWindowOpen({ url: 'https://maps.google.com/?q=40.7128,-74.0060' }).openExternal).toBe(
      'https://maps.google.com/?q=40.7128,-74.0060',
    );
    expect(decideWindowOpen({ url: 'tel:+1-555-010-0199' }).openExternal).toBe('tel:+1-555-010-0199');
  });

  it('does not open anything else', () => {
    for (const url of ['app://medora/', 'about:blank', 'javascript:alert(1)', 'file:///etc/passwd', 'https://u@evil.example/']) {
      expect(decideWindowOpen({ url }).openExternal).toBeNull();
    }
  });
});

describe('isAllowedRendererRequest', () => {
  it.each([
    ['app://medora/assets/index-abc.js', true],
    ['data:image/png;base64,AAAA', true],
    ['blob:app://medora/7f1c', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['https://cdn.example/lib.js', false],
    ['http://127.0.0.1:9000/', false],
    ['file:///etc/passwd', false],
    ['app://medora.evil/x.js', false],
    ['ws://evil.example/', false],
    ['not a url', false],
  ] as const)('%s → %s', (url, expected) => {
    expect(isAllowedRendererRequest(url)).toBe(expected);
  });
});
