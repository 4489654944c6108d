import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../shared/auth/permissions';
import type { AuditUploadAnswer } from '../../shared/audit/audit-wire';
import { authenticate, type ServerSession } from '../auth/session';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';
import { parseBody } from '../http/validation';
import { checkClinicAuditTrail, listFindings, recordFindings, verifyOnReceipt } from './audit-verify';

/** Entries per upload; a device sends its backlog in pieces of this size or less. */
export const MAX_AUDIT_ENTRIES_PER_UPLOAD = 500;

const hash = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 hex digest');
const optionalId = z.string().max(100).nullable();

const entry = z.object({
  id: z.string().uuid(),
  clinic_id: z.string().uuid(),
  device_id: z.string().uuid(),
  seq: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  user_id: z.string().uuid().nullable(),
  facility_id: z.string().uuid().nullable(),
  action: z.string().min(1).max(100),
  entity_type: z.string().max(60).nullable(),
  entity_id: optionalId,
  patient_id: z.string().uuid().nullable(),
  detail_json: z.string().max(8_192).refine((text) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }, 'Not JSON'),
  prev_hash: hash,
  hash,
}).strict();

const uploadBody = z.object({
  entries: z.array(entry).min(1).max(MAX_AUDIT_ENTRIES_PER_UPLOAD),
}).strict();

function requireAuditReader(session: ServerSession): void {
  if (!can(session.subject, 'audit.read')) throw new HttpError(403, 'forbidden', 'You do not have permission to do that.');
}

export function registerAuditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { db } = ctx;

  /**
   * A workstation hands in its audit entries (docs/api.md). Only its own: every entry names the
   * device and clinic of the token. Stored as sent (the chain must stay verifiable), then verified.
   * A revoked workstation may still hand in its entries with a token issued before the revocation,
   * right before it erases itself (docs/audit.md, "A revoked workstation").
   */
  app.post('/v1/audit/entries', async (request): Promise<AuditUploadAnswer> => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now(), { allowRevokedDevice: true });
    const body = parseBody(uploadBody, request.body);
    const foreign = body.entries.findIndex((e) => e.device_id !== session.deviceId || e.clinic_id !== session.subject.clinicId);
    if (foreign >= 0) {
      throw new HttpError(403, 'forbidden', 'A workstation can only hand in its own audit entries.', { fields: [{ path: `entries.${foreign}`, message: 'Another device or clinic' }] });
    }
    const now = ctx.now();
    const entries = [...body.entries].sort((a, b) => a.seq - b.seq);
    return db.transaction().execute(async (tx) => {
      const existing = await tx.selectFrom('audit_log').select(['id', 'seq', 'hash']).where('device_id', '=', session.deviceId)
        .where('seq', 'in', entries.map((e) => e.seq)).execute();
      const bySeq = new Map(existing.map((row) => [row.seq, row]));
      const fresh = [];
      const conflicts: number[] = [];
      for (const incoming of entries) {
        const stored = bySeq.get(incoming.seq);
        if (!stored) {
          fresh.push(incoming);
          bySeq.set(incoming.seq, incoming);
        } else if (stored.id !== incoming.id || stored.hash !== incoming.hash) {
          // A position already taken by another entry: the first one stays, the attempt is reported.
          conflicts.push(incoming.seq);
        }
      }
      if (fresh.length > 0) await tx.insertInto('audit_log').values(fresh).onConflict((oc) => oc.column('id').doNothing()).execute();
      const findings = [
        ...(await recordFindings(tx, session.subject.clinicId, session.deviceId, conflicts.map((seq) => ({ seq, problem: 'conflict' as const })), 'receipt', now)),
        ...(await verifyOnReceipt(tx, session.subject.clinicId, session.deviceId, now)),
      ];
      return {
        acceptedThrough: entries.at(-1)!.seq,
        stored: fresh.length,
        findings: findings.map(({ seq, problem }) => ({ seq, problem })),
      };
    });
  });

  /** Clinic admins: verify the clinic's whole audit trail now; new findings are stored and sync to admins. */
  app.post('/v1/admin/audit/check', async (request) => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now());
    requireAuditReader(session);
    return checkClinicAuditTrail(db, session.subject.clinicId, ctx.now());
  });

  /** Clinic admins: what verification has found, newest first. */
  app.get('/v1/admin/audit/findings', async (request) => {
    const session = await authenticate(db, ctx.signingKey, request, ctx.now());
    requireAuditReader(session);
    const findings = await listFindings(db, session.subject.clinicId);
    return {
      findings: findings.map((f) => ({ id: f.id, deviceId: f.device_id, seq: f.seq, problem: f.problem, detectedAt: f.detected_at, detectedBy: f.detected_by })),
    };
  });
}
