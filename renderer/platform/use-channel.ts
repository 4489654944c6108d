import { useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ChannelName, InputOf, OutputOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import { SessionContext } from '../session/session-context';
import { api } from './api';

export type Loadable<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: AppError }
  | { readonly status: 'ready'; readonly value: T };

/**
 * Reads a channel for a screen and re-reads when the input changes. `null` input waits (e.g. until a
 * facility is chosen). A read refused because the workstation was locked runs again after unlocking.
 */
export function useChannel<C extends ChannelName>(channel: C, input: InputOf<C> | null): [Loadable<OutputOf<C>>, () => void] {
  const [state, setState] = useState<Loadable<OutputOf<C>>>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);
  const resumeCount = useContext(SessionContext)?.resumeCount ?? 0;

  // Inputs are small plain objects; their JSON is the identity that decides when to read again.
  const key = input === null ? null : JSON.stringify(input);
  const stableInput = useMemo(() => input, [key]);

  useEffect(() => {
    if (stableInput === null) return;
    let isCurrent = true;
    setState({ status: 'loading' });
    void api.invoke(channel, stableInput).then((result) => {
      if (!isCurrent) return;
      setState(result.ok ? { status: 'ready', value: result.value } : { status: 'error', error: result.error });
    });
    return () => {
      isCurrent = false;
    };
  }, [channel, stableInput, reloads]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  const failedWhileLocked = state.status === 'error' && state.error.code === 'session_locked';
  // Runs only when the session resumes, not when the failure itself arrives (that would retry while locked).
  useEffect(() => {
    if (failedWhileLocked) reload();
  }, [resumeCount]);
  return [state, reload];
}
