import { DomainError } from '../../shared/ipc/result';
import type { waitlistChannels } from '../../shared/scheduling/waitlist.contract';
import type { HandlerMap } from '../ipc/router';

function notYet(): never {
  throw new DomainError('unavailable', 'This part of scheduling is not available yet.');
}

export const waitlistHandlers = {
  'waitlist.list': async () => notYet(),
  'waitlist.add': async () => notYet(),
  'waitlist.resolve': async () => notYet(),
  'waitlist.matches': async () => notYet(),
} satisfies Pick<HandlerMap, keyof typeof waitlistChannels>;
