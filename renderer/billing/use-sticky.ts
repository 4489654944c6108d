import { useRef } from 'react';
import type { Loadable } from '../platform/use-channel';

/**
 * Keeps showing the last value while a read runs again (after a posting, or a new filter), so the screen
 * does not blank out and focus stays where it was; the first load still shows as loading.
 */
export function useSticky<T>(state: Loadable<T>): Loadable<T> {
  const last = useRef<Loadable<T>>(state);
  if (state.status !== 'loading') last.current = state;
  return state.status === 'loading' && last.current.status === 'ready' ? last.current : state;
}
