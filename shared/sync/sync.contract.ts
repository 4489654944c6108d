import { z } from 'zod';
import { AUTHENTICATED, channel, returns } from '../ipc/channel';
import type { FieldError } from '../ipc/result';
import { uuid } from '../validation/fields';
import type { SyncStatus } from './sync-status';

/**
 * A change the clinic server refused, kept with what the user entered and why it was refused, until
 * a person retries it (after editing) or discards it. Nothing a user entered is dropped silently.
 */
export interface SyncIssue {
  readonly id: string;
  /** The named mutation, e.g. `facility.save`. */
  readonly name: string;
  /** What it does, in words ("Create a facility, or update one when `id` is given."). */
  readonly description: string;
  /** The input exactly as it was entered. */
  readonly args: unknown;
  /** The server's reason: an error code and a plain sentence, with the fields it concerns. */
  readonly code: string;
  readonly message: string;
  readonly fields: readonly FieldError[];
  readonly status: 'open' | 'resolved' | 'discarded';
  /** When the server's refusal reached this workstation (epoch ms). */
  readonly createdAt: number;
  readonly resolvedAt: number | null;
}

export const syncChannels = {
  'sync.status': channel({
    description: 'Sync state of this workstation: online, pending changes, last sync, first-download progress, revocation.',
    input: z.object({}).strict(),
    output: returns<SyncStatus>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: false,
    allowWhenLocked: true,
    passive: true,
  }),
  'sync.issues': channel({
    description: "The signed-in user's open sync issues: changes the server refused, with their input and reason.",
    input: z.object({ includeClosed: z.boolean().optional() }).strict(),
    output: returns<SyncIssue[]>(),
    permission: AUTHENTICATED,
    phi: 'read',
    writes: false,
  }),
  'sync.retryIssue': channel({
    description: 'Runs a refused change again with edited input, as a new change; the issue is marked resolved.',
    input: z.object({ id: uuid, args: z.record(z.string(), z.unknown()) }).strict(),
    output: returns<SyncIssue>(),
    permission: AUTHENTICATED,
    phi: 'write',
    writes: true,
  }),
  'sync.discardIssue': channel({
    description: 'Marks a refused change as discarded (it is kept, not deleted). Needs `confirm: true`.',
    input: z.object({ id: uuid, confirm: z.literal(true, { message: 'Confirm that the change should be discarded' }) }).strict(),
    output: returns<SyncIssue>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: true,
  }),
  'sync.cancelInitialSync': channel({
    description: 'Pauses the first download of clinic data; what arrived stays. It stays paused until resumed.',
    input: z.object({}).strict(),
    output: returns<SyncStatus>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: true,
  }),
  'sync.resumeInitialSync': channel({
    description: 'Resumes a paused first download where it stopped.',
    input: z.object({}).strict(),
    output: returns<SyncStatus>(),
    permission: AUTHENTICATED,
    phi: 'none',
    writes: true,
  }),
} as const;
