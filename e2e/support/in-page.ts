import type { Page } from 'playwright-core';
import type { ChannelName, InputOf, MedoraApi, OutputOf } from '../../shared/ipc/contract';
import type { Result } from '../../shared/ipc/result';

/**
 * Calls a channel from inside the page, exactly as page code would: through `window.medora` (the preload
 * in Electron, the bridge client in browser mode), with this window's session.
 */
export async function invokeInPage<C extends ChannelName>(page: Page, channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>> {
  const result: unknown = await page.evaluate(
    ([name, payload]) => (globalThis as unknown as { medora: MedoraApi }).medora.invoke(name as ChannelName, payload as never),
    [channel, input] as const,
  );
  // The answer crossed a JSON boundary; its shape is the contract's, which the channel name fixes.
  return result as Result<OutputOf<C>>;
}
