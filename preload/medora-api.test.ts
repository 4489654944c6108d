import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENTS } from '../shared/ipc/contract';
import type { ChannelName, EventName, InputOf } from '../shared/ipc/contract';
import { EVENT_CHANNEL, EXPOSED_KEYS, INVOKE_CHANNEL, createMedoraApi } from './medora-api';
import type { IpcRendererLike } from './medora-api';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** A stand-in for ipcRenderer that records what the API does with it. */
function fakeIpc(answer: () => Promise<unknown> = () => Promise.resolve({ ok: true, value: 'pong' })) {
  const invoked: unknown[][] = [];
  const listeners = new Map<string, Set<Listener>>();
  const ipc: IpcRendererLike = {
    invoke(channel, ...args) {
      invoked.push([channel, ...args]);
      return answer();
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(channel, set);
      return ipc;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
  };
  const rawEvent = { sender: ipc, senderId: 0, ports: [] };
  function emit(name: string, payload: unknown): void {
    for (const listener of listeners.get(EVENT_CHANNEL) ?? []) listener(rawEvent, name, payload);
  }
  return { ipc, invoked, listeners, emit };
}

const FIRST_CHANNEL = CHANNEL_NAMES[0] as ChannelName;
const FIRST_EVENT = EVENTS[0] as EventName;

/** Calls invoke with a name the types would reject, as compromised page script could. */
function invokeUnchecked(api: ReturnType<typeof createMedoraApi>, channel: unknown, input: unknown) {
  return api.invoke(channel as ChannelName, input as InputOf<ChannelName>);
}

describe('window.medora', () => {
  it('exposes exactly invoke and on', () => {
    const api = createMedoraApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect([...EXPOSED_KEYS]).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards a declared channel to main on the one invoke channel', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = createMedoraApi(ipc);
    await expect(invokeUnchecked(api, FIRST_CHANNEL, {})).resolves.toEqual({ ok: true, value: 'pong' });
    expect(invoked).toEqual([[INVOKE_CHANNEL, FIRST_CHANNEL, {}]]);
  });

  it.each([
    ['an undeclared channel', 'patient.exportEverything'],
    ['a raw Electron channel', 'medora:invoke'],
    ['a prototype key', '__proto__'],
    ['a prototype method', 'toString'],
    ['an empty name', ''],
    ['a non-string', 42],
    ['an object pretending to be a name', { toString: () => FIRST_CHANNEL }],
  ])('refuses %s without contacting main', async (_name, channel) => {
    const { ipc, invoked } = fakeIpc();
    const result = await invokeUnchecked(createMedoraApi(ipc), channel, {});
    expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'Unknown request.' } });
    expect(invoked).toEqual([]);
  });

  it('turns a failure of main itself into a typed internal error', async () => {
    const { ipc } = fakeIpc(() => Promise.reject(new Error('No handler registered for medora:invoke')));
    const result = await invokeUnchecked(createMedoraApi(ipc), FIRST_CHANNEL, {});
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'Something went wrong. The problem was recorded.' } });
  });

  it('delivers only the payload of the subscribed event, never the IPC event object', () => {
    const { ipc, emit } = fakeIpc();
    const received: unknown[][] = [];
    createMedoraApi(ipc).on(FIRST_EVENT, (...args: unknown[]) => received.push(args));
    emit(FIRST_EVENT, { state: 'online' });
    emit('some.other', { secret: true });
    expect(received).toEqual([[{ state: 'online' }]]);
  });

  it('stops delivering after unsubscribe, and unsubscribing twice is harmless', () => {
    const { ipc, emit, listeners } = fakeIpc();
    const received: unknown[] = [];
    const unsubscribe = createMedoraApi(ipc).on(FIRST_EVENT, (payload) => received.push(payload));
    unsubscribe();
    unsubscribe();
    emit(FIRST_EVENT, 1);
    expect(received).toEqual([]);
    expect(listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });

  it.each([['an undeclared event', 'patient.changed'], ['a raw Electron channel', 'medora:event'], ['a non-string', 7]])(
    'refuses to subscribe to %s',
    (_name, event) => {
      const { ipc, listeners } = fakeIpc();
      expect(() => createMedoraApi(ipc).on(event as EventName, () => undefined)).toThrow();
      expect(listeners.size).toBe(0);
    },
  );

  it('refuses a listener that is not a function', () => {
    const { ipc, listeners } = fakeIpc();
    expect(() => createMedoraApi(ipc).on(FIRST_EVENT, 'alert(1)' as unknown as (payload: unknown) => void)).toThrow(TypeError);
    expect(listeners.size).toBe(0);
  });
});
