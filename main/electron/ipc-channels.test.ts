import { describe, expect, it } from 'vitest';
import * as preload from '../../preload/medora-api';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels';

describe('IPC channel names', () => {
  it('are the same in main and in the preload', () => {
    expect(INVOKE_CHANNEL).toBe(preload.INVOKE_CHANNEL);
    expect(EVENT_CHANNEL).toBe(preload.EVENT_CHANNEL);
  });
});
