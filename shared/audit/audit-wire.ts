import type { ChainProblemKind } from './audit-chain';

/**
 * Wire types of the server's audit endpoints (docs/api.md), one definition for the server that sends
 * them and the workstation that reads them.
 */

/** POST /v1/audit/entries: the device may forget its upload backlog through `acceptedThrough`. */
export interface AuditUploadAnswer {
  readonly acceptedThrough: number;
  /** Entries new to the server (a resend after a lost answer stores nothing). */
  readonly stored: number;
  /** What verification on receipt found in this device's chain. */
  readonly findings: readonly { readonly seq: number; readonly problem: ChainProblemKind }[];
}

/** One problem found by a check. */
export interface AuditFindingReport {
  readonly deviceId: string;
  readonly seq: number;
  readonly problem: ChainProblemKind;
  /** False when an earlier check had already recorded it. */
  readonly isNew: boolean;
}

/** POST /v1/admin/audit/check. */
export interface AuditCheckReport {
  readonly checkedAt: number;
  readonly devices: number;
  readonly entries: number;
  readonly findings: readonly AuditFindingReport[];
}
