import { useState, type FormEvent } from 'react';
import { NEW_PASSWORD_MIN_LENGTH, type SessionInfo } from '../../shared/auth/session.contract';
import type { AppError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { AuthPanel } from './auth-panel';
import { fieldErrors } from '../ui/field-errors';
import { TextField } from '../ui/fields';
import { Notice } from '../ui/states';

/**
 * Shown instead of the app to a user signed in with a password someone else set (an admin's reset, a
 * new login's first password, the operator's temporary password). Main refuses every other request
 * until they have chosen their own, so this is not only a screen rule.
 */
export function ChangePasswordScreen({ session, onChanged, onSignOut }: { session: SessionInfo; onChanged: (session: SessionInfo) => void; onSignOut: () => void }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeated, setRepeated] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (newPassword !== repeated) {
      setError({ code: 'invalid_input', message: 'The two new passwords differ.', fields: [{ path: 'repeated', message: 'Type the same new password again' }] });
      return;
    }
    setBusy(true);
    const result = await api.invoke('auth.changePassword', { currentPassword, newPassword });
    setBusy(false);
    if (result.ok) {
      onChanged(result.value);
      return;
    }
    setError(result.error);
  }

  const fields = fieldErrors(error);
  return (
    <AuthPanel title="Choose your password" subtitle={`${session.displayName} · ${session.clinicName}`}>
        <Notice tone="info">Your password was set by someone else. Choose one only you know before you continue.</Notice>
        {error && error.code !== 'invalid_input' && <Notice tone="error">{error.message}</Notice>}
        <form className="form login__form" onSubmit={(event) => void submit(event)} noValidate>
          <TextField
            label="Current password"
            type="password"
            value={currentPassword}
            onValueChange={setCurrent}
            error={fields.currentPassword}
            autoComplete="current-password"
            autoFocus
            required
          />
          <TextField
            label="New password"
            type="password"
            value={newPassword}
            onValueChange={setNew}
            error={fields.newPassword}
            hint={`At least ${NEW_PASSWORD_MIN_LENGTH} characters. A few unrelated words are easy to type and hard to guess.`}
            autoComplete="new-password"
            required
          />
          <TextField
            label="New password again"
            type="password"
            value={repeated}
            onValueChange={setRepeated}
            error={fields.repeated}
            autoComplete="new-password"
            required
          />
          <button type="submit" className="button button--primary button--block" disabled={isBusy}>
            {isBusy ? 'Saving…' : 'Save and continue'}
          </button>
        </form>
        <p className="login__footer">
          <button type="button" className="button button--link" onClick={onSignOut}>
            Sign out instead
          </button>
        </p>
    </AuthPanel>
  );
}
