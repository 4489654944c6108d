import { CHANNEL_NAMES, EVENTS } from '../shared/ipc/contract';
import type { ChannelName, EventName, InputOf, MedoraApi, OutputOf } from '../shared/ipc/contract';
import { fail } from '../shared/ipc/result';
import type { Result } from '../shared/ipc/result';

/** The single IPC channel every request travels on; main routes by the `domain.verb` argument. */
export const INVOKE_CHANNEL = 'medora:invoke';
/** The single IPC channel main pushes events on: `(eventName, payload)`. */
export const EVENT_CHANNEL = 'medora:event';
/** The name of the one object on `window`. */
export const EXPOSED_NAME = 'medora';
/** Every key of the exposed object; the preload test pins it so nothing else leaks into the page. */
export const EXPOSED_KEYS = ['invoke', 'on'] as const;

type IpcListener = (event: unknown, ...args: unknown[]) => void;

/** The slice of `ipcRenderer` the API needs, so it can be built and tested without Electron. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: IpcListener): unknown;
  removeListener(channel: string, listener: IpcListener): unknown;
}

const ALLOWED_CHANNELS: ReadonlySet<string> = new Set(CHANNEL_NAMES);
const ALLOWED_EVENTS: ReadonlySet<string> = new Set(EVENTS);

/**
 * Builds `window.medora`: one allowlisted `invoke` and one allowlisted event subscription, nothing else.
 * The page never sees `ipcRenderer` or an `IpcRendererEvent` (whose `sender` would be the raw
 * `ipcRenderer`), so compromised page script can reach main only through channels the contract declares —
 * and main still checks the sender, the session and the input of each one. An unknown channel is refused
 * here, without an IPC round trip, with the same typed error main would answer.
 */
export function createMedoraApi(ipc: IpcRendererLike): MedoraApi {
  function invoke<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
    if (typeof channel !== 'string' || !ALLOWED_CHANNELS.has(channel)) {
      return Promise.resolve(fail('unknown_channel'));
    }
    // Main answers every request with a Result (the router catches handler errors); the cast states that
    // contract. A rejection means main itself failed, which the page sees as a plain internal error.
    return (ipc.invoke(INVOKE_CHANNEL, channel, input) as Promise<Result<OutputOf<C>>>).catch(() => fail('internal'));
  }

  function on(event: EventName, listener: (payload: unknown) => void): () => void {
    if (typeof event !== 'string' || !ALLOWED_EVENTS.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const forward: IpcListener = (_ipcEvent, name, payload) => {
      if (name === event) listener(payload);
    };
    ipc.on(EVENT_CHANNEL, forward);
    let isSubscribed = true;
    return () => {
      if (!isSubscribed) return;
      isSubscribed = false;
      ipc.removeListener(EVENT_CHANNEL, forward);
    };
  }

  return Object.freeze({ invoke, on });
}
