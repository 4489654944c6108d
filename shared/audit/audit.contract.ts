import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { uuid } from '../validation/fields';

export interface AuditEntry {
  readonly id: string;
  readonly at: number;
  readonly deviceId: string;
  readonly seq: number;
  readonly userId: string | null;
  readonly userName: string | null;
  readonly facilityId: string | null;
  readonly action: string;
  readonly entityType: string | null;
  readonly entityId: string | null;
  readonly patientId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  /** Pass back as `before` to read older entries; null at the end. */
  readonly nextBefore: { at: number; id: string } | null;
  readonly chainValid: boolean;
}

export const auditListInput = z
  .object({
    userId: uuid.optional(),
    patientId: uuid.optional(),
    action: z.string().trim().max(60).optional(),
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    before: z.object({ at: z.number().int(), id: uuid }).strict().optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export const auditChannels = {
  'audit.list': channel({
    description: 'Audit trail entries, newest first, with filters. Reading it is itself audited.',
    input: auditListInput,
    output: returns<AuditPage>(),
    permission: 'audit.read',
    phi: 'read',
    writes: false,
  }),
} as const;
