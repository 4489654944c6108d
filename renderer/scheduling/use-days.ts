import { useCallback, useContext, useEffect, useState } from 'react';
import type { DayAppointments } from '../../shared/scheduling/appointment.contract';
import type { AppError } from '../../shared/ipc/result';
import type { Loadable } from '../platform/use-channel';
import { api } from '../platform/api';
import { SessionContext } from '../session/session-context';

/**
 * Reads `appointment.day` for several dates of one facility at once (a week, or the day in view and its
 * week, so the physician columns stay the same while the desk moves between days). One failed day fails
 * the whole read: a calendar with a silently missing day would mislead.
 */
export function useDays(facilityId: string | null, dates: readonly string[]): [Loadable<DayAppointments[]>, () => void] {
  const [state, setState] = useState<Loadable<DayAppointments[]>>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);
  const resumeCount = useContext(SessionContext)?.resumeCount ?? 0;
  const key = facilityId ? `${facilityId}|${dates.join(',')}` : null;

  useEffect(() => {
    if (!facilityId) return;
    let isCurrent = true;
    setState({ status: 'loading' });
    void Promise.all(dates.map((date) => api.invoke('appointment.day', { facilityId, date }))).then((results) => {
      if (!isCurrent) return;
      const failed = results.find((result) => !result.ok);
      if (failed && !failed.ok) {
        setState({ status: 'error', error: failed.error satisfies AppError });
        return;
      }
      setState({ status: 'ready', value: results.flatMap((result) => (result.ok ? [result.value] : [])) });
    });
    return () => {
      isCurrent = false;
    };
  }, [key, reloads, resumeCount]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return [state, reload];
}
