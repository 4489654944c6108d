import { useRef, useState, type FormEvent } from 'react';
import type { AppStatus } from '../../shared/app/app.contract';
import type { SessionInfo } from '../../shared/auth/session.contract';
import type { AppError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { fieldErrors } from '../ui/field-errors';
import { TextField } from '../ui/fields';
import { Notice } from '../ui/states';
import { AuthPanel } from './auth-panel';
import { SignInError } from './sign-in-error';

export interface LoginScreenProps {
  readonly status: AppStatus;
  /** Why the user is here again (signed out elsewhere, session ended), if that needs saying. */
  readonly notice: string | null;
  readonly onSignedIn: (session: SessionInfo) => void;
}

export function LoginScreen({ status, notice, onSignedIn }: LoginScreenProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const fields = fieldErrors(error);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await api.invoke('auth.login', { username, password });
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.value);
      return;
    }
    setError(result.error);
    setPassword('');
    // Ready for the next try without reaching for the mouse.
    if (username.trim()) passwordRef.current?.focus();
  }

  return (
    <AuthPanel title="Sign in" subtitle={status.clinicName ?? 'Practice management'}>
        {status.state === 'no_clinic' && (
          <Notice tone="info">{status.problem ?? 'No clinic is set up on this workstation yet. An administrator can sign in to set it up.'}</Notice>
        )}
        {notice && !error && <Notice tone="info">{notice}</Notice>}
        {error && <SignInError error={error} />}
        <form className="form login__form" onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            label="Username"
            value={username}
            onValueChange={setUsername}
            error={fields.username}
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            required
          />
          <TextField
            ref={passwordRef}
            label="Password"
            type="password"
            value={password}
            onValueChange={setPassword}
            error={fields.password}
            autoComplete="current-password"
            required
          />
          <button type="submit" className="button button--primary button--block" disabled={isBusy}>
            {isBusy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="login__footer">
          This workstation keeps working without a network connection. Version {status.version}
        </p>
    </AuthPanel>
  );
}
