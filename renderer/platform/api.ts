import type { ChannelName, EventName, InputOf, MedoraApi, OutputOf } from '../../shared/ipc/contract';
import type { ErrorCode, Result } from '../../shared/ipc/result';
import { createBridgeClient, readBridgeCredentials } from './bridge-client';

declare global {
  interface Window {
    /** Exposed by the preload in Electron; installed by `bridge-client.ts` in browser mode. */
    medora?: MedoraApi;
  }
}

/** Calls that fail because of the session itself; the session layer reacts to them wherever they happen. */
export type SessionInterruption = Extract<ErrorCode, 'session_locked' | 'unauthenticated'>;

function isSessionInterruption(code: ErrorCode): code is SessionInterruption {
  return code === 'session_locked' || code === 'unauthenticated';
}

const unavailable: MedoraApi = {
  invoke: async () => ({
    ok: false,
    error: { code: 'unavailable', message: 'This page was opened without its Medora connection. Start Medora again to get a new link.' },
  }),
  on: () => () => undefined,
};

function resolveTransport(): MedoraApi {
  if (window.medora) return window.medora;
  const credentials = readBridgeCredentials();
  if (!credentials) return unavailable;
  const client = createBridgeClient(credentials);
  // Same global as in Electron, so page code (and tests) reach main the same way in both modes.
  window.medora = client;
  return client;
}

const transport = resolveTransport();
const interruptionListeners = new Set<(code: SessionInterruption) => void>();

/** The typed client of the IPC contract. Inputs and outputs come from `shared/ipc/contract.ts`. */
export const api = {
  async invoke<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
    const result = await transport.invoke(channel, input);
    if (!result.ok && isSessionInterruption(result.error.code)) {
      for (const listener of interruptionListeners) listener(result.error.code);
    }
    return result;
  },
  on(event: EventName, listener: (payload: unknown) => void): () => void {
    return transport.on(event, listener);
  },
  /** Notified when any call answers `session_locked` or `unauthenticated`. */
  onInterruption(listener: (code: SessionInterruption) => void): () => void {
    interruptionListeners.add(listener);
    return () => interruptionListeners.delete(listener);
  },
};
