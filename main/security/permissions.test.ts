import { describe, expect, it } from 'vitest';
import { decidePermissionCheck, decidePermissionRequest } from './permissions';

const APP = { requestingUrl: 'app://medora/schedule', isMainFrame: true };

describe('decidePermissionRequest', () => {
  it('grants notifications to our main frame', () => {
    expect(decidePermissionRequest('notifications', APP)).toBe(true);
  });

  it.each([
    'media',
    'display-capture',
    'geolocation',
    'clipboard-read',
    'clipboard-sanitized-write',
    'fullscreen',
    'pointerLock',
    'openExternal',
    'hid',
    'usb',
    'serial',
    'midi',
    'midiSysex',
    'idle-detection',
    'fileSystem',
    'window-management',
    'storage-access',
    'unknown',
    '',
  ])('denies %s', (permission) => {
    expect(decidePermissionRequest(permission, APP)).toBe(false);
  });

  it('denies notifications to an iframe, a web page or a look-alike host', () => {
    expect(decidePermissionRequest('notifications', { requestingUrl: 'app://medora/', isMainFrame: false })).toBe(false);
    expect(decidePermissionRequest('notifications', { requestingUrl: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(decidePermissionRequest('notifications', { requestingUrl: 'app://medora.evil/', isMainFrame: true })).toBe(false);
    expect(decidePermissionRequest('notifications', { requestingUrl: 'file:///tmp/x.html', isMainFrame: true })).toBe(false);
  });
});

describe('decidePermissionCheck', () => {
  it('reports notifications as granted for our origin only', () => {
    expect(decidePermissionCheck('notifications', { requestingOrigin: 'app://medora', isMainFrame: true })).toBe(true);
    expect(decidePermissionCheck('notifications', { requestingOrigin: 'https://evil.example', isMainFrame: true })).toBe(false);
    expect(decidePermissionCheck('notifications', { requestingOrigin: 'app://medora', isMainFrame: false })).toBe(false);
  });

  it('reports everything else as denied', () => {
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'hid', 'usb', 'serial', 'fullscreen']) {
      expect(decidePermissionCheck(permission, { requestingOrigin: 'app://medora', isMainFrame: true })).toBe(false);
    }
  });
});
