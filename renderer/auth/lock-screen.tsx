import { useId, useRef, useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../shared/auth/session.contract';
import { ROLE_LABELS } from '../../shared/auth/permissions';
import type { AppError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { BrandMark } from '../shell/brand';
import { fieldErrors } from '../ui/field-errors';
import { TextField } from '../ui/fields';
import { SignInError } from './sign-in-error';

/**
 * The lock overlay. It covers the whole window with an opaque panel (nothing behind it is readable on a
 * shared workstation) while the app stays mounted underneath; only the signed-in user's password opens it.
 */
export function LockScreen({ session, onUnlocked, onSignOut }: { session: SessionInfo; onUnlocked: (session: SessionInfo) => void; onSignOut: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const titleId = useId();
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.invoke('auth.unlock', { password });
    setBusy(false);
    setPassword('');
    if (result.ok) {
      onUnlocked(result.value);
      return;
    }
    setError(result.error);
    passwordRef.current?.focus();
  }

  return (
    <div className="lock" role="dialog" aria-modal="true" aria-labelledby={titleId}>
      <div className="lock__panel">
        <BrandMark />
        <h1 className="lock__title" id={titleId}>
          Workstation locked
        </h1>
        <p className="lock__who">
          {session.displayName} · {session.roles.map((role) => ROLE_LABELS[role]).join(', ')}
        </p>
        <p className="lock__explain">Your work is kept as you left it. Enter your password to continue.</p>
        {error && <SignInError error={error} />}
        <form className="form" onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            ref={passwordRef}
            label="Password"
            type="password"
            value={password}
            onValueChange={setPassword}
            error={fieldErrors(error).password}
            autoComplete="current-password"
            autoFocus
            required
          />
          <button type="submit" className="button button--primary button--block" disabled={isBusy}>
            {isBusy ? 'Unlocking…' : 'Unlock'}
          </button>
        </form>
        <p className="lock__signout">
          <button type="button" className="button button--link" onClick={onSignOut}>
            Sign out instead
          </button>
          <span className="field__hint">Not you, or done for the day? Signing out discards anything not saved.</span>
        </p>
      </div>
    </div>
  );
}
