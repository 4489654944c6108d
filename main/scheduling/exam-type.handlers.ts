import { DomainError } from '../../shared/ipc/result';
import type { examTypeChannels } from '../../shared/scheduling/exam-type.contract';
import type { HandlerMap } from '../ipc/router';

function notYet(): never {
  throw new DomainError('unavailable', 'This part of scheduling is not available yet.');
}

export const examTypeHandlers = {
  'examType.list': async () => notYet(),
  'examType.save': async () => notYet(),
} satisfies Pick<HandlerMap, keyof typeof examTypeChannels>;
