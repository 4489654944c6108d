import { z } from 'zod';
import { channel, returns } from '../ipc/channel';
import { uuid } from '../validation/fields';
import type { AuditCheckReport } from './audit-wire';
import type { ChainProblemKind } from './audit-chain';

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

/** Filters of the viewer and the export (no paging). */
export const auditExportInput = auditListInput.omit({ before: true, limit: true });

/** Rows one export may hold; narrow the filters for more. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

export interface AuditExport {
  readonly filename: string;
  /** RFC 4180 CSV with formula-looking cells neutralised (shared/audit/csv.ts). */
  readonly csv: string;
  readonly rowCount: number;
  /** True when more entries matched than one export holds. */
  readonly isTruncated: boolean;
}

/** A problem the server's verification found in a workstation's audit chain (docs/audit.md). */
export interface AuditFinding {
  readonly id: string;
  readonly deviceId: string;
  readonly seq: number;
  readonly problem: ChainProblemKind;
  readonly detectedAt: number;
  readonly detectedBy: 'receipt' | 'check';
}

export const auditChannels = {
  'audit.list': channel({
    description: 'Audit trail entries, newest first, with filters. Reading it is itself audited.',
    input: auditListInput,
    output: returns<AuditPage>(),
    permission: 'audit.read',
    phi: 'read',
    writes: false,
  }),
  'audit.export': channel({
    description: 'The audit entries matching the filters as CSV. The export is itself audited, with its row count.',
    input: auditExportInput,
    output: returns<AuditExport>(),
    permission: 'audit.read',
    phi: 'read',
    writes: false,
  }),
  'audit.findings': channel({
    description: "What the server's verification of the audit trail found, newest first (synced to this workstation).",
    input: z.object({}).strict(),
    output: returns<AuditFinding[]>(),
    permission: 'audit.read',
    phi: 'none',
    writes: false,
  }),
  'audit.check': channel({
    description: "Hands this workstation's audit entries to the server and has it verify the clinic's whole trail now (online only).",
    input: z.object({}).strict(),
    output: returns<AuditCheckReport>(),
    permission: 'audit.read',
    phi: 'none',
    writes: false,
  }),
} as const;
