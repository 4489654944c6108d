import { DomainError } from '../../shared/ipc/result';
import type { seriesChannels } from '../../shared/scheduling/series.contract';
import type { HandlerMap } from '../ipc/router';

function notYet(): never {
  throw new DomainError('unavailable', 'This part of scheduling is not available yet.');
}

export const seriesHandlers = {
  'series.preview': async () => notYet(),
  'series.create': async () => notYet(),
  'series.update': async () => notYet(),
  'series.cancel': async () => notYet(),
} satisfies Pick<HandlerMap, keyof typeof seriesChannels>;
