import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { can } from '../../shared/auth/permissions';
import { authenticate } from '../auth/session';
import type { ServerContext } from '../context';
import { HttpError } from '../http/errors';

/** ISA13 has nine digits: numbers run from 1 to 999,999,999 and then start again at 1. */
export const MAX_INTERCHANGE_CONTROL_NUMBER = 999_999_999;

export function registerInterchangeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  /**
   * The next interchange control number of the caller's clinic (docs/api.md). The counter's row lock
   * serializes workstations, so every 837P file of a clinic carries its own number.
   */
  app.post('/v1/billing/interchange-control-numbers', async (request): Promise<{ controlNumber: number }> => {
    const session = await authenticate(ctx.db, ctx.signingKey, request, ctx.now());
    if (!can(session.subject, 'claim.manage')) throw new HttpError(403, 'forbidden', 'You do not have permission to do that.');
    const result = await sql<{ last_value: number | string }>`
      INSERT INTO interchange_control_counters (clinic_id, last_value) VALUES (${session.subject.clinicId}, 1)
      ON CONFLICT (clinic_id) DO UPDATE SET last_value = interchange_control_counters.last_value % ${MAX_INTERCHANGE_CONTROL_NUMBER} + 1
      RETURNING last_value`.execute(ctx.db);
    return { controlNumber: Number(result.rows[0]?.last_value) };
  });
}
