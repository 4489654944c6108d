import { DomainError } from '../../shared/ipc/result';
import type { bookingChannels } from '../../shared/scheduling/booking.contract';
import type { HandlerMap } from '../ipc/router';

function notYet(): never {
  throw new DomainError('unavailable', 'This part of scheduling is not available yet.');
}

export const bookingHandlers = {
  'appointment.get': async () => notYet(),
  'appointment.check': async () => notYet(),
  'appointment.slots': async () => notYet(),
  'appointment.nextAvailable': async () => notYet(),
  'appointment.book': async () => notYet(),
  'appointment.setStatus': async () => notYet(),
  'appointment.cancel': async () => notYet(),
  'appointment.reschedule': async () => notYet(),
  'appointment.issueAlternatives': async () => notYet(),
  'appointment.rebookIssue': async () => notYet(),
} satisfies Pick<HandlerMap, keyof typeof bookingChannels>;
