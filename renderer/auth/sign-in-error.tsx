import type { AppError } from '../../shared/ipc/result';
import { countdown } from '../format/time';
import { Notice } from '../ui/states';
import { useNow } from '../ui/use-now';

/**
 * Why a sign-in or unlock was refused, in plain words. A lockout shows when the next attempt is possible,
 * counting down, so nobody has to guess or keep trying (each try while locked is refused anyway).
 */
export function SignInError({ error }: { error: AppError }) {
  const retryAt = error.code === 'account_locked' ? (error.retryAt ?? null) : null;
  const now = useNow(retryAt !== null);

  switch (error.code) {
    case 'invalid_input':
      return null; // shown beside the fields
    case 'invalid_credentials':
      return <Notice tone="error">{error.message || 'The username or password is not correct.'}</Notice>;
    case 'account_locked': {
      if (retryAt === null) return <Notice tone="error">{error.message}</Notice>;
      const secondsLeft = (retryAt - now) / 1000;
      return (
        <Notice tone="error">
          <strong>This account is locked after too many failed sign-in attempts.</strong>{' '}
          {secondsLeft > 0 ? (
            <>
              You can try again in{' '}
              <span className="countdown" aria-hidden="true">
                {countdown(secondsLeft)}
              </span>
              {/* A live region would re-read a ticking countdown every second; assistive tech gets the clock time once. */}
              <span className="visually-hidden">
                at {new Date(retryAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit', second: '2-digit' })}
              </span>
              .
            </>
          ) : (
            'You can try again now.'
          )}
        </Notice>
      );
    }
    case 'account_inactive':
      return (
        <Notice tone="error">
          <strong>This account has been deactivated.</strong> Ask your clinic administrator to reactivate it.
        </Notice>
      );
    default:
      return <Notice tone="error">{error.message}</Notice>;
  }
}
