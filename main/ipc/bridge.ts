import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventName } from '../../shared/ipc/contract';
import { fail } from '../../shared/ipc/result';
import { APP_ORIGIN } from '../security/app-origin';
import { resolveAppRequest } from '../security/app-protocol';
import { RENDERER_CSP } from '../security/csp';
import type { Router } from './router';

/**
 * The loopback bridge: the same router as Electron IPC, reachable over HTTP on 127.0.0.1 only, for
 * browser mode (no Electron binary) and tests. A per-launch secret authenticates the page; the Host
 * and Origin checks stop DNS rebinding and other sites; no CORS headers are ever sent, so a page on
 * another origin cannot read an answer (or even send the authorization header past preflight).
 */
export interface BridgeOptions {
  readonly router: Router;
  /** The built renderer to serve (browser mode); omit to serve only the API. */
  readonly staticDir?: string;
  readonly port?: number;
  /** Fixed secret (tests); by default 32 random bytes per launch. */
  readonly secret?: string;
}

export interface Bridge {
  /** Address to open in a browser, including the secret in the fragment (never sent to a server). */
  readonly url: string;
  readonly origin: string;
  readonly secret: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const WINDOW_ID = /^[A-Za-z0-9-]{8,64}$/;

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function secretMatches(header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const eventStreams = new Map<ServerResponse, string>();
  let origin = '';
  let host = '';

  const unsubscribe = options.router.onEvent((windowKey: string | null, event: EventName, payload: unknown) => {
    for (const [response, key] of eventStreams) {
      if (windowKey === null || windowKey === key) response.write(`${JSON.stringify({ event, payload })}\n`);
    }
  });

  /** Host must be our loopback address (DNS rebinding); Origin, when sent, must be ours. */
  function checkOrigin(request: IncomingMessage, response: ServerResponse): boolean {
    if (request.headers.host !== host) {
      sendJson(response, 403, fail('bad_sender', 'Request refused: wrong host.'));
      return false;
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      sendJson(response, 403, fail('bad_sender', 'Request refused: wrong origin.'));
      return false;
    }
    return true;
  }

  /** Authenticated API caller: returns the window key, or answers the refusal itself. */
  function authenticate(request: IncomingMessage, response: ServerResponse): string | null {
    if (!checkOrigin(request, response)) return null;
    if (!secretMatches(request.headers.authorization, secret)) {
      sendJson(response, 401, fail('bad_sender', 'Request refused: missing or wrong bridge secret.'));
      return null;
    }
    const windowId = request.headers['x-medora-window'];
    if (typeof windowId !== 'string' || !WINDOW_ID.test(windowId)) {
      sendJson(response, 400, fail('invalid_input', 'Missing window id.'));
      return null;
    }
    return `bridge:${windowId}`;
  }

  async function handleInvoke(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const windowKey = authenticate(request, response);
    if (!windowKey) return;
    const body = await readBody(request);
    if (body === null) return sendJson(response, 413, fail('invalid_input', 'Request too large.'));
    let message: unknown;
    try {
      message = JSON.parse(body);
    } catch {
      return sendJson(response, 400, fail('invalid_input', 'The request is not valid JSON.'));
    }
    if (!message || typeof message !== 'object') return sendJson(response, 400, fail('invalid_input', 'Expected {channel, input}.'));
    const { channel, input } = message as { channel?: unknown; input?: unknown };
    const result = await options.router.dispatch({ transport: 'bridge', windowKey }, channel, input);
    sendJson(response, 200, result);
  }

  function handleEvents(request: IncomingMessage, response: ServerResponse): void {
    const windowKey = authenticate(request, response);
    if (!windowKey) return;
    response.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.write(`${JSON.stringify({ event: 'bridge.ready', payload: null })}\n`);
    eventStreams.set(response, windowKey);
    request.on('close', () => eventStreams.delete(response));
  }

  function handleStatic(request: IncomingMessage, response: ServerResponse): void {
    if (!options.staticDir) return sendJson(response, 404, fail('not_found'));
    const resolved = resolveAppRequest(`${APP_ORIGIN}${request.url ?? '/'}`, options.staticDir);
    if (!resolved.ok) {
      response.writeHead(resolved.status, { 'content-type': 'text/plain' });
      response.end(resolved.reason);
      return;
    }
    const stream = createReadStream(resolved.filePath);
    stream.on('open', () => {
      response.writeHead(200, {
        'content-type': resolved.mimeType,
        'content-security-policy': RENDERER_CSP,
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      stream.pipe(response);
    });
    stream.on('error', () => {
      if (!response.headersSent) response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    });
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const route = `${request.method} ${path}`;
    const handled =
      route === 'POST /bridge/invoke' ? handleInvoke(request, response)
      : route === 'GET /bridge/events' ? handleEvents(request, response)
      : request.method === 'GET' && checkOrigin(request, response) ? handleStatic(request, response)
      : response.headersSent ? undefined
      : sendJson(response, 405, fail('invalid_input', 'Method not allowed.'));
    Promise.resolve(handled).catch(() => {
      if (!response.headersSent) sendJson(response, 500, fail('internal'));
    });
  });

  // Loopback only: the bridge never listens on another address.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  host = `127.0.0.1:${port}`;
  origin = `http://${host}`;

  return {
    url: `${origin}/#bridge=${secret}`,
    origin,
    secret,
    async close() {
      unsubscribe();
      for (const response of eventStreams.keys()) response.end();
      eventStreams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
