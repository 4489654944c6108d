import type { ReactNode } from 'react';
import type { AppError } from '../../shared/ipc/result';
import type { Loadable } from '../platform/use-channel';

/** Loading, empty and error states in plain words, the same everywhere. */

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state state--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      {children && <div className="state__body">{children}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry, title = 'This could not be loaded' }: { error: AppError; onRetry?: () => void; title?: string }) {
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{title}</p>
      <p className="state__body">{error.message}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/**
 * What a screen shows for one `useChannel` read: the loading state, the error with "Try again", the
 * `empty` state when the value is an empty list, and otherwise `children` with the value.
 */
export function Loaded<T>({
  state,
  onRetry,
  loadingLabel,
  empty,
  children,
}: {
  state: Loadable<T>;
  onRetry?: () => void;
  loadingLabel?: string;
  /** Shown instead of `children` when the value is an empty array. */
  empty?: ReactNode;
  children: (value: T) => ReactNode;
}) {
  if (state.status === 'loading') return <LoadingState label={loadingLabel} />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={onRetry} />;
  if (empty !== undefined && Array.isArray(state.value) && state.value.length === 0) return <>{empty}</>;
  return <>{children(state.value)}</>;
}

/** A one-line message above a form: success, or an error summary. */
export function Notice({ tone, children }: { tone: 'success' | 'error' | 'info'; children: ReactNode }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
