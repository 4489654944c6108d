import type { appChannels } from '../../shared/app/app.contract';
import type { HandlerMap } from '../ipc/router';

export const appHandlers = {
  'app.status': async (_input, ctx) => ctx.services.status(),
} satisfies Pick<HandlerMap, keyof typeof appChannels>;
