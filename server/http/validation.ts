import type { z } from 'zod';
import { HttpError } from './errors';

/** Validates a body (or params) with zod; failures are a 400 naming the fields, and nothing is written. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    throw new HttpError(400, 'invalid_input', 'Some fields are not valid.', {
      fields: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(body)', message: issue.message })),
    });
  }
  return parsed.data;
}
