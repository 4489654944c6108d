import { EVENTS, type ChannelName, type EventName, type InputOf, type MedoraApi, type OutputOf } from '../../shared/ipc/contract';
import { ERROR_CODES, type AppError, type Result } from '../../shared/ipc/result';

/**
 * Browser-mode transport: the same `MedoraApi` the preload exposes in Electron, spoken over the loopback
 * bridge (an HTTP endpoint on 127.0.0.1 with a per-launch secret). The page is opened as
 * `http://127.0.0.1:<port>/#bridge=<secret>`; the secret is taken out of the address at once (so it is not
 * in history, bookmarks or screenshots) and kept in sessionStorage so a reload of the same tab still works.
 */

const SECRET_KEY = 'medora.bridge.secret';
const WINDOW_KEY = 'medora.bridge.window';
const MAX_BACKOFF_MS = 30_000;

interface BridgeCredentials {
  readonly secret: string;
  /** Identifies this tab to main, which keeps one session per window. */
  readonly windowId: string;
}

/** Reads the launch secret from `#bridge=…` (or from an earlier load of this tab) and removes it from the URL. */
export function readBridgeCredentials(): BridgeCredentials | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('bridge');
  if (fromHash) {
    sessionStorage.setItem(SECRET_KEY, fromHash);
    history.replaceState(history.state, '', location.pathname + location.search);
  }
  const secret = fromHash ?? sessionStorage.getItem(SECRET_KEY);
  if (!secret) return null;
  let windowId = sessionStorage.getItem(WINDOW_KEY);
  if (!windowId) {
    windowId = crypto.randomUUID();
    sessionStorage.setItem(WINDOW_KEY, windowId);
  }
  return { secret, windowId };
}

function failure(code: AppError['code'], message: string = ERROR_CODES[code]): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (EVENTS as readonly string[]).includes(value);
}

export function createBridgeClient(credentials: BridgeCredentials, baseUrl: string = location.origin): MedoraApi {
  const headers = {
    authorization: `Bearer ${credentials.secret}`,
    'x-medora-window': credentials.windowId,
  };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let stream: AbortController | null = null;

  async function invoke<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/bridge/invoke`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ channel, input }),
        cache: 'no-store',
      });
    } catch {
      return failure('unavailable', 'Medora is not reachable. Check that the app is still running, then try again.');
    }
    const body: unknown = await response.json().catch(() => null);
    // The body is main's Result for this channel; the contract, not this transport, gives it its type.
    if (isResult(body)) return body as Result<OutputOf<C>>;
    if (response.status === 401 || response.status === 403) return failure('bad_sender');
    return failure('internal');
  }

  function dispatch(line: string): void {
    if (!line.trim()) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null || !('event' in message) || !isEventName(message.event)) return;
    const payload = 'payload' in message ? message.payload : undefined;
    for (const listener of listeners.get(message.event) ?? []) listener(payload);
  }

  /** Holds one streamed NDJSON connection while anyone listens; reconnects with backoff when it drops. */
  async function connect(controller: AbortController): Promise<void> {
    let backoff = 1_000;
    while (!controller.signal.aborted) {
      try {
        const response = await fetch(`${baseUrl}/bridge/events`, { headers, cache: 'no-store', signal: controller.signal });
        if (response.ok && response.body) {
          backoff = 1_000;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffered = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffered += value;
            const lines = buffered.split('\n');
            buffered = lines.pop() ?? '';
            lines.forEach(dispatch);
          }
        }
      } catch {
        // Dropped or refused: fall through to the backoff below.
      }
      if (controller.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, backoff));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  function on(event: EventName, listener: (payload: unknown) => void): () => void {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    if (!stream) {
      stream = new AbortController();
      void connect(stream);
    }
    return () => {
      set.delete(listener);
      const anyone = [...listeners.values()].some((entries) => entries.size > 0);
      if (!anyone && stream) {
        stream.abort();
        stream = null;
      }
    };
  }

  return { invoke, on };
}
