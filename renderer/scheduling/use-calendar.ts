import { useCallback, useContext, useEffect, useState } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import type { CalendarDay } from '../../shared/scheduling/calendar.contract';
import type { Loadable } from '../platform/use-channel';
import { api } from '../platform/api';
import { SessionContext } from '../session/session-context';

/**
 * Reads a facility's week (`calendar.week`): per day a column per physician with availability, time off,
 * PHI-free busy-elsewhere blocks and appointments (with whether the server has confirmed them).
 */
export function useCalendarWeek(facility: Facility | null, startDate: string | null): [Loadable<CalendarDay[]>, () => void] {
  const [state, setState] = useState<Loadable<CalendarDay[]>>({ status: 'loading' });
  const [reloads, setReloads] = useState(0);
  const resumeCount = useContext(SessionContext)?.resumeCount ?? 0;
  const facilityId = facility?.id ?? null;

  useEffect(() => {
    if (!facility || !startDate) return;
    let isCurrent = true;
    setState((previous) => (previous.status === 'ready' && previous.value[0]?.facility.id === facility.id && previous.value[0]?.date === startDate ? previous : { status: 'loading' }));
    void readWeek(facility.id, startDate).then((next) => {
      if (isCurrent) setState(next);
    });
    return () => {
      isCurrent = false;
    };
  }, [facilityId, startDate, reloads, resumeCount]);

  const reload = useCallback(() => setReloads((count) => count + 1), []);
  return [state, reload];
}

async function readWeek(facilityId: string, startDate: string): Promise<Loadable<CalendarDay[]>> {
  const week = await api.invoke('calendar.week', { facilityId, startDate });
  if (week.ok) return { status: 'ready', value: [...week.value.days] };
  return { status: 'error', error: week.error };
}
