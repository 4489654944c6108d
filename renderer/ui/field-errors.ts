import type { AppError } from '../../shared/ipc/result';

/** Field errors of an `invalid_input` answer keyed by dotted path (`hours.mon.0.close`), first message per path. */
export function fieldErrors(error: AppError | null | undefined): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const field of error?.fields ?? []) byPath[field.path] ??= field.message;
  return byPath;
}

/** Field errors whose path is not one of the fields a form shows, so the form can still list them. */
export function unplacedErrors(errors: Record<string, string>, placed: (path: string) => boolean): string[] {
  return Object.entries(errors)
    .filter(([path]) => !placed(path))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}
