import type { FastifyReply } from 'fastify';

/** Every HTTP error is `{code, message}` with the matching status, never a stack trace. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export function sendError(reply: FastifyReply, error: HttpError): FastifyReply {
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .send({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
}
