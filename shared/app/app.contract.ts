import { z } from 'zod';
import { PUBLIC, channel, returns } from '../ipc/channel';

/** Start-up state shown before sign-in: a failed migration renders an error screen, never a blank window. */
export interface AppStatus {
  readonly state: 'ready' | 'migration_failed' | 'no_clinic';
  readonly version: string;
  readonly clinicName: string | null;
  readonly deviceId: string;
  /** Plain description of a start-up failure (no stack trace). */
  readonly problem: string | null;
}

export const appChannels = {
  'app.status': channel({
    description: 'Start-up status of this workstation.',
    input: z.object({}).strict(),
    output: returns<AppStatus>(),
    permission: PUBLIC,
    phi: 'none',
    writes: false,
    allowWhenLocked: true,
    passive: true,
  }),
} as const;
