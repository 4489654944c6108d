import { DomainError } from '../../shared/ipc/result';
import type { scheduleSetupChannels } from '../../shared/scheduling/schedule-setup.contract';
import type { HandlerMap } from '../ipc/router';

function notYet(): never {
  throw new DomainError('unavailable', 'This part of scheduling is not available yet.');
}

export const scheduleSetupHandlers = {
  'facility.closures': async () => notYet(),
  'facility.saveClosure': async () => notYet(),
  'facility.removeClosure': async () => notYet(),
  'facility.saveResource': async () => notYet(),
  'physician.scheduleList': async () => notYet(),
  'physician.setFacilities': async () => notYet(),
  'availability.list': async () => notYet(),
  'availability.save': async () => notYet(),
  'timeOff.list': async () => notYet(),
  'timeOff.save': async () => notYet(),
  'timeOff.remove': async () => notYet(),
} satisfies Pick<HandlerMap, keyof typeof scheduleSetupChannels>;
