import type { AppError } from '../../shared/ipc/result';
import { Notice } from './states';

/**
 * Why a save was refused, above the form. Field errors are shown beside their fields; `unplaced` lists the
 * ones whose field the form does not show, so no message from main is ever swallowed.
 */
export function FormErrorSummary({ error, unplaced = [] }: { error: AppError | null; unplaced?: readonly string[] }) {
  if (!error) return null;
  const isFieldProblem = error.code === 'invalid_input';
  return (
    <Notice tone="error">
      <strong>{isFieldProblem ? 'Some fields need attention.' : error.message}</strong>
      {isFieldProblem && unplaced.length < (error.fields?.length ?? 0) && ' The fields are marked below.'}
      {unplaced.length > 0 && (
        <ul>
          {unplaced.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </Notice>
  );
}
