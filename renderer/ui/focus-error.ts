import { useEffect, type RefObject } from 'react';
import type { AppError } from '../../shared/ipc/result';

/**
 * After a refused save, moves focus to the first field marked invalid (or to the form's error notice), so the
 * user sees what is wrong even when they pressed Save at the bottom of a long form.
 */
export function useFocusOnError(formRef: RefObject<HTMLFormElement | null>, error: AppError | null): void {
  useEffect(() => {
    const form = formRef.current;
    if (!error || !form) return;
    const target = form.querySelector<HTMLElement>('[aria-invalid="true"], .field-group--invalid input') ?? form.querySelector<HTMLElement>('[role="alert"]');
    if (!target) return;
    if (!target.matches('input, select, textarea, button')) target.tabIndex = -1;
    target.focus();
  }, [formRef, error]);
}
