import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClinicFixture, FIXTURE_PASSWORD, type ClinicFixture } from '../../test/support/clinic-fixture';
import { startBridge, type Bridge } from './bridge';

let fixture: ClinicFixture;
let bridge: Bridge;

beforeAll(async () => {
  fixture = await createClinicFixture();
  const staticDir = mkdtempSync(join(tmpdir(), 'medora-static-'));
  mkdirSync(join(staticDir, 'assets'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Medora</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  bridge = await startBridge({ router: fixture.core.router, staticDir });
});
afterAll(async () => {
  await bridge.close();
  await fixture.cleanup();
});

/** Raw HTTP so tests can set Host and Origin exactly as an attacker would. */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(bridge.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: { host: url.host, ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const auth = () => ({ authorization: `Bearer ${bridge.secret}`, 'x-medora-window': 'window-0001', 'content-type': 'application/json' });

describe('loopback bridge', () => {
  it('listens on 127.0.0.1 only and puts the secret in the URL fragment', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/#bridge=${bridge.secret}`);
  });

  it('routes an authenticated call through the same router', async () => {
    const login = await send('POST', '/bridge/invoke', auth(), JSON.stringify({ channel: 'auth.login', input: { username: 'clinic.admin', password: FIXTURE_PASSWORD } }));
    expect(login.status).toBe(200);
    expect(JSON.parse(login.body)).toMatchObject({ ok: true, value: { username: 'clinic.admin' } });
    const clinic = await send('POST', '/bridge/invoke', auth(), JSON.stringify({ channel: 'clinic.get', input: {} }));
    expect(JSON.parse(clinic.body)).toMatchObject({ ok: true, value: { name: 'Fixture Clinic' } });
    const otherWindow = await send('POST', '/bridge/invoke', { ...auth(), 'x-medora-window': 'window-0002' }, JSON.stringify({ channel: 'clinic.get', input: {} }));
    expect(JSON.parse(otherWindow.body)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('refuses a call without the secret or with a wrong one (401)', async () => {
    const body = JSON.stringify({ channel: 'app.status', input: {} });
    expect((await send('POST', '/bridge/invoke', { 'x-medora-window': 'window-0001' }, body)).status).toBe(401);
    expect((await send('POST', '/bridge/invoke', { ...auth(), authorization: 'Bearer nope' }, body)).status).toBe(401);
  });

  it('refuses another origin and a rebinding host (403)', async () => {
    const body = JSON.stringify({ channel: 'app.status', input: {} });
    expect((await send('POST', '/bridge/invoke', { ...auth(), origin: 'https://evil.example' }, body)).status).toBe(403);
    expect((await send('POST', '/bridge/invoke', { ...auth(), origin: 'http://127.0.0.1:1' }, body)).status).toBe(403);
    expect((await send('POST', '/bridge/invoke', { ...auth(), host: 'evil.example' }, body)).status).toBe(403);
    expect((await send('GET', '/', { host: 'medora.evil.example' })).status).toBe(403);
  });

  it('answers bad JSON, oversized bodies and unknown routes with typed 4xx errors', async () => {
    const bad = await send('POST', '/bridge/invoke', auth(), '{not json');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await send('POST', '/bridge/invoke', auth(), JSON.stringify({ channel: 'app.status', input: { pad: 'x'.repeat(1_100_000) } }))).status).toBe(413);
    expect((await send('DELETE', '/bridge/invoke', auth())).status).toBe(405);
    const unknown = await send('POST', '/bridge/invoke', auth(), JSON.stringify({ channel: 'shell.exec', input: {} }));
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('serves the renderer with the CSP and refuses traversal', async () => {
    const index = await send('GET', '/', {});
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(String(index.headers['content-security-policy'])).not.toContain('unsafe');
    expect((await send('GET', '/assets/app.js', {})).status).toBe(200);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/..%5cpackage.json']) {
      const response = await send('GET', path, {});
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toContain('"name": "medora"');
    }
  });

  it('streams events to the right window', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const url = new URL(bridge.origin);
      const req = httpRequest({ host: url.hostname, port: url.port, path: '/bridge/events', headers: { ...auth(), host: url.host } }, (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
          if (text.includes('session.changed')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', (error) => (String(error).includes('socket hang up') ? undefined : reject(error)));
      req.end();
      setTimeout(() => fixture.core.router.emit('bridge:window-0001', 'session.changed', { reason: 'test' }), 100);
    });
    expect(await received).toContain('"reason":"test"');
  });
});
