import Fastify, { type FastifyInstance } from 'fastify';
import { registerOperatorRoutes } from './admin/operator.routes';
import { registerAuditRoutes } from './audit/audit.routes';
import { registerAuthRoutes } from './auth/auth.routes';
import { registerInterchangeRoutes } from './billing/interchange.routes';
import type { ServerContext } from './context';
import { HttpError, sendError } from './http/errors';
import { registerMutationRoutes } from './sync/mutation.routes';
import { registerShapeRoutes } from './sync/shape.routes';

/** Request bodies above this are refused with 413 before parsing. */
export const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

export interface BuildOptions {
  readonly https?: { key: Buffer; cert: Buffer } | null;
  readonly logger?: boolean;
}

/**
 * The HTTP API (docs/api.md). Every error is `{code, message}` with a fitting status and no stack
 * trace; malformed JSON, wrong types and oversized bodies are 4xx and write nothing.
 */
export function buildServer(ctx: ServerContext, options: BuildOptions = {}): FastifyInstance {
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    logger: options.logger ?? false,
    ...(options.https ? { https: options.https } : {}),
    trustProxy: false,
    // On shutdown, drop held long-polls instead of waiting up to 20 s for each: clients retry.
    forceCloseConnections: true,
  } as object) as unknown as FastifyInstance;

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof HttpError) return sendError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    const code = (error as { code?: string }).code;
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(reply, new HttpError(413, 'too_large', 'The request body is too large.'));
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, new HttpError(415, 'unsupported_media_type', 'Send JSON (application/json).'));
    if (status && status >= 400 && status < 500) return sendError(reply, new HttpError(status, 'invalid_input', 'The request is not valid JSON or is malformed.'));
    app.log.error(error);
    return sendError(reply, new HttpError(500, 'internal', 'Something went wrong on the server.'));
  });
  // MEDORA_SERVER_TIMING=1: one line per request on stderr (path, status, milliseconds from arrival to the
  // last byte handed to the socket), for profiling the sync endpoints. The query string (tokens never
  // travel there; table and offset do) is kept, the body and headers are not.
  if (process.env.MEDORA_SERVER_TIMING === '1') {
    app.addHook('onResponse', async (request, reply) => {
      process.stderr.write(`[timing] ${Date.now()} ${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms\n`);
    });
  }
  app.setNotFoundHandler((_request, reply) => sendError(reply, new HttpError(404, 'not_found', 'No such endpoint.')));

  app.get('/v1/health', async (_request, reply) => {
    try {
      await ctx.db.selectFrom('sync_version').select('v').executeTakeFirstOrThrow();
      return { status: 'active' };
    } catch {
      return reply.code(503).send({ code: 'unavailable', message: 'The database is not reachable.', status: 'waiting' });
    }
  });

  registerAuthRoutes(app, ctx);
  registerShapeRoutes(app, ctx);
  registerMutationRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  registerInterchangeRoutes(app, ctx);
  registerOperatorRoutes(app, ctx);
  return app;
}
