/**
 * The two Electron IPC channels between main and the preload. Declared again in preload/medora-api.ts
 * (the preload may import only `electron` and `shared/`); ipc-channels.test.ts asserts both agree.
 */
export const INVOKE_CHANNEL = 'medora:invoke';
export const EVENT_CHANNEL = 'medora:event';
