import { DomainError } from '../../shared/ipc/result';
import type { calendarChannels } from '../../shared/scheduling/calendar.contract';
import type { HandlerMap } from '../ipc/router';

function notYet(): never {
  throw new DomainError('unavailable', 'This part of scheduling is not available yet.');
}

export const calendarHandlers = {
  'calendar.day': async () => notYet(),
  'calendar.week': async () => notYet(),
  'calendar.flowBoard': async () => notYet(),
} satisfies Pick<HandlerMap, keyof typeof calendarChannels>;
