import { useRef, type FormEvent, type ReactNode } from 'react';
import type { AppError } from '../../shared/ipc/result';
import { unplacedErrors } from '../ui/field-errors';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';

/**
 * The add form under a setup list (closed days, time off and blocks): an optional heading, the error summary
 * for what no field shows, the fields in one row and the submit button. Focus moves to the first error.
 * The same form changes a listed row in place (its owner fills the fields, passes `onCancel` and labels).
 * The owner keeps the state: the fields, the error (its remove buttons set it too) and whether it is busy.
 */
export function SetupAddForm({ className, fieldsClassName, heading, label, error, errors, placed, isBusy, submitLabel, busyLabel = 'Adding…', onSubmit, onCancel, children }: {
  className: string;
  fieldsClassName: string;
  /** A visible heading that names the form; without one, `label` does. */
  heading?: { id: string; text: string };
  label?: string;
  error: AppError | null;
  errors: Record<string, string>;
  /** The error paths a field of this form shows. */
  placed: (path: string) => boolean;
  isBusy: boolean;
  submitLabel: string;
  busyLabel?: string;
  onSubmit: (event: FormEvent) => Promise<void>;
  /** While a listed row is being changed in this form: leaves it unchanged and empties the form. */
  onCancel?: () => void;
  children: ReactNode;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  return (
    <form ref={formRef} className={`form ${className}`} onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby={heading?.id} aria-label={heading ? undefined : label}>
      {heading && (
        <h3 className="setup__subtitle" id={heading.id}>
          {heading.text}
        </h3>
      )}
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, placed)} />
      <div className={fieldsClassName}>
        {children}
        <button type="submit" className="button button--primary" disabled={isBusy}>
          {isBusy ? busyLabel : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
