import type { auditChannels } from '../../shared/audit/audit.contract';
import { toCsv } from '../../shared/audit/csv';
import { DomainError } from '../../shared/ipc/result';
import type { HandlerMap } from '../ipc/router';

const CSV_HEADER = ['time_utc', 'user', 'user_id', 'action', 'record_type', 'record_id', 'patient_id', 'facility_id', 'device_id', 'seq', 'detail'] as const;

export const auditHandlers = {
  'audit.list': async (input, ctx) => {
    const page = await ctx.repo.audit.list(input);
    ctx.audit.detail = { filters: { userId: input.userId, patientId: input.patientId, action: input.action, from: input.from, to: input.to }, resultCount: page.entries.length };
    return page;
  },

  /** The export is a PHI read like any other: one entry with the filters and how many rows left. */
  'audit.export': async (input, ctx) => {
    const { entries, isTruncated } = await ctx.repo.audit.exportRows(input);
    const csv = toCsv(CSV_HEADER, entries.map((e) => [
      new Date(e.at).toISOString(), e.userName, e.userId, e.action, e.entityType, e.entityId, e.patientId, e.facilityId, e.deviceId, e.seq, JSON.stringify(e.detail),
    ]));
    ctx.auditRead({
      action: 'audit.export', patientId: input.patientId ?? null, resultCount: entries.length,
      detail: { filters: { userId: input.userId, patientId: input.patientId, action: input.action, from: input.from, to: input.to }, isTruncated },
    });
    return { filename: `medora-audit-${new Date(ctx.now).toISOString().slice(0, 10)}.csv`, csv, rowCount: entries.length, isTruncated };
  },

  'audit.findings': async (_input, ctx) => ctx.repo.audit.findings(),

  'audit.check': async (_input, ctx) => {
    const server = ctx.services.auditServer;
    if (!server) throw new DomainError('unavailable', 'Checking the audit trail needs a connection to the clinic server.');
    return server.check(ctx.session);
  },
} satisfies Pick<HandlerMap, keyof typeof auditChannels>;
