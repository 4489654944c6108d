import { useRef, useState, type FormEvent } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import type { LinkablePeople, PersonOption, UserSummary } from '../../shared/admin/user.contract';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/auth/permissions';
import type { InputOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import { hrefFor } from '../app/route';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { Dialog } from '../ui/dialog';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { Checkbox, FieldGroup, SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { ErrorState, LoadingState, Notice } from '../ui/states';

/** Which linked record each external or clinical role acts as. */
const LINKS = [
  { role: 'physician', field: 'physicianId', people: 'physicians', label: 'Physician record' },
  { role: 'attorney', field: 'attorneyId', people: 'attorneys', label: 'Attorney record' },
  { role: 'referring_doctor', field: 'referringDoctorId', people: 'referringDoctors', label: 'Referring doctor record' },
] as const satisfies readonly { role: Role; field: keyof UserSummary; people: keyof LinkablePeople; label: string }[];
type LinkField = (typeof LINKS)[number]['field'];

interface UserForm extends Record<LinkField, string> {
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly isActive: boolean;
  readonly roles: readonly Role[];
  readonly facilityIds: readonly string[];
  readonly password: string;
}

function toForm(user: UserSummary | null): UserForm {
  return {
    username: user?.username ?? '',
    displayName: user?.displayName ?? '',
    email: user?.email ?? '',
    isActive: user?.isActive ?? true,
    roles: user?.roles ?? [],
    facilityIds: user?.facilityIds ?? [],
    physicianId: user?.physicianId ?? '',
    attorneyId: user?.attorneyId ?? '',
    referringDoctorId: user?.referringDoctorId ?? '',
    password: '',
  };
}

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list.filter((entry) => entry !== item), item] : list.filter((entry) => entry !== item);
}

function personOptions(people: readonly PersonOption[]): { value: string; label: string }[] {
  return [{ value: '', label: 'Not linked' }, ...people.map((person) => ({ value: person.id, label: person.label }))];
}

function ResetPasswordDialog({ user, onClose }: { user: UserSummary; onClose: (done: boolean) => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const result = await api.invoke('user.setPassword', { userId: user.id, password });
    setSaving(false);
    if (result.ok) onClose(true);
    else setError(result.error);
  }

  return (
    <Dialog open title={`Reset the password of ${user.displayName}`} onClose={() => onClose(false)}>
      <form className="form" onSubmit={(event) => void submit(event)} noValidate>
        {error && error.code !== 'invalid_input' && <Notice tone="error">{error.message}</Notice>}
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={password}
          onValueChange={setPassword}
          error={fieldErrors(error).password}
          hint="At least 12 characters. Give it to the user in person; they should change it after signing in."
          autoFocus
        />
        <div className="dialog__footer">
          <button type="submit" className="button button--primary" disabled={isSaving}>
            {isSaving ? 'Saving…' : 'Set new password'}
          </button>
          <button type="button" className="button" onClick={() => onClose(false)}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function UserFormView({
  user,
  facilities,
  people,
  onSaved,
}: {
  user: UserSummary | null;
  facilities: readonly Facility[];
  people: LinkablePeople;
  onSaved: (user: UserSummary) => void;
}) {
  const { session } = useSession();
  const [form, setForm] = useState(() => toForm(user));
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const [isResetting, setResetting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const errors = fieldErrors(error);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const set = <K extends keyof UserForm>(key: K, value: UserForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const isSelf = user?.id === session.userId;

  // The operator role is granted by the operator, not inside a clinic; it is listed only if a user already has it.
  const assignableRoles = ROLES.filter((role) => role !== 'super_admin' || form.roles.includes(role));
  const facilityChoices = facilities.filter((facility) => facility.isActive || form.facilityIds.includes(facility.id));

  async function save(event: FormEvent) {
    event.preventDefault();
    const linked = (field: LinkField, role: Role) => (form.roles.includes(role) && form[field] ? form[field] : null);
    const input: InputOf<'user.save'> = {
      ...(user ? { id: user.id } : { password: form.password }),
      username: form.username,
      displayName: form.displayName,
      email: form.email,
      isActive: form.isActive,
      roles: [...form.roles],
      facilityIds: [...form.facilityIds],
      physicianId: linked('physicianId', 'physician'),
      attorneyId: linked('attorneyId', 'attorney'),
      referringDoctorId: linked('referringDoctorId', 'referring_doctor'),
    };
    setSaving(true);
    const result = await api.invoke('user.save', input);
    setSaving(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error);
  }

  const shown = /^(username|displayName|email|roles(\.\d+)?|facilityIds(\.\d+)?|password|physicianId|attorneyId|referringDoctorId)$/;
  const otherErrors = unplacedErrors(errors, (path) => shown.test(path));
  const groupError = (prefix: string) => Object.entries(errors).find(([path]) => path === prefix || path.startsWith(`${prefix}.`))?.[1];

  return (
    <>
      <form ref={formRef} className="form" onSubmit={(event) => void save(event)} noValidate>
        {notice && <Notice tone="success">{notice}</Notice>}
        <FormErrorSummary error={error} unplaced={otherErrors} />
        <Card
          title="Account"
          actions={
            user && (
              <button type="button" className="button" onClick={() => setResetting(true)}>
                Reset password…
              </button>
            )
          }
        >
          <div className="form-grid">
            <TextField
              label="Username"
              value={form.username}
              onValueChange={(v) => set('username', v)}
              error={errors.username}
              hint="Letters, digits, dots, dashes or underscores, e.g. desk.east"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
            />
            <TextField label="Full name" value={form.displayName} onValueChange={(v) => set('displayName', v)} error={errors.displayName} required />
            <TextField label="Email" type="email" value={form.email} onValueChange={(v) => set('email', v)} error={errors.email} autoComplete="off" />
            {!user && (
              <TextField
                label="Password"
                type="password"
                value={form.password}
                onValueChange={(v) => set('password', v)}
                error={errors.password}
                autoComplete="new-password"
                hint="At least 12 characters."
                required
              />
            )}
            <Checkbox
              label="Account is active"
              hint={isSelf ? 'You cannot deactivate your own account here.' : 'A deactivated user cannot sign in; their history stays.'}
              checked={form.isActive}
              disabled={isSelf}
              onCheckedChange={(v) => set('isActive', v)}
            />
          </div>
        </Card>

        <Card title="Access">
          <div className="form-grid">
            <FieldGroup legend="Roles" error={groupError('roles')}>
              <div className="check-list">
                {assignableRoles.map((role) => (
                  <Checkbox key={role} label={ROLE_LABELS[role]} checked={form.roles.includes(role)} onCheckedChange={(on) => set('roles', toggle(form.roles, role, on))} />
                ))}
              </div>
            </FieldGroup>
            <FieldGroup legend="Facilities" error={groupError('facilityIds')}>
              {facilityChoices.length === 0 ? (
                <p className="muted">No facilities yet.</p>
              ) : (
                <div className="check-list">
                  {facilityChoices.map((facility) => (
                    <Checkbox
                      key={facility.id}
                      label={facility.name}
                      checked={form.facilityIds.includes(facility.id)}
                      onCheckedChange={(on) => set('facilityIds', toggle(form.facilityIds, facility.id, on))}
                    />
                  ))}
                </div>
              )}
              <p className="field__hint">Front desk staff see only the schedules and patients of these facilities.</p>
            </FieldGroup>
            {LINKS.filter((link) => form.roles.includes(link.role)).map((link) => (
              <SelectField
                key={link.field}
                label={link.label}
                value={form[link.field]}
                options={personOptions(people[link.people])}
                onValueChange={(v) => set(link.field, v)}
                error={errors[link.field]}
                hint={`The ${ROLE_LABELS[link.role].toLowerCase()} this login acts as; it decides which records they see.`}
              />
            ))}
          </div>
        </Card>

        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={isSaving}>
            {isSaving ? 'Saving…' : user ? 'Save changes' : 'Create user'}
          </button>
          <a className="button" href={hrefFor('users')}>
            Cancel
          </a>
        </div>
      </form>
      {isResetting && user && (
        <ResetPasswordDialog
          user={user}
          onClose={(done) => {
            setResetting(false);
            if (done) setNotice(`The password of ${user.displayName} was reset.`);
          }}
        />
      )}
    </>
  );
}

/** Create (`userId` null) or edit a user. */
export function UserEditor({ userId, onSaved }: { userId: string | null; onSaved: (user: UserSummary) => void }) {
  const [users, reloadUsers] = useChannel('user.list', { includeInactive: true });
  const [facilities, reloadFacilities] = useChannel('facility.list', { includeInactive: true });
  const [people, reloadPeople] = useChannel('user.linkablePeople', {});
  const back = (
    <a className="button" href={hrefFor('users')}>
      <span aria-hidden="true">‹ </span>All users
    </a>
  );

  const failed = [users, facilities, people].find((state) => state.status === 'error');
  if (failed?.status === 'error') {
    return (
      <>
        <PageHeader title={userId ? 'User' : 'New user'} actions={back} />
        <ErrorState
          error={failed.error}
          onRetry={() => {
            reloadUsers();
            reloadFacilities();
            reloadPeople();
          }}
        />
      </>
    );
  }
  if (users.status !== 'ready' || facilities.status !== 'ready' || people.status !== 'ready') {
    return (
      <>
        <PageHeader title={userId ? 'User' : 'New user'} actions={back} />
        <LoadingState />
      </>
    );
  }
  const user = userId ? users.value.find((candidate) => candidate.id === userId) : null;
  if (user === undefined) {
    return (
      <>
        <PageHeader title="User not found" actions={back} />
        <ErrorState error={{ code: 'not_found', message: 'That user was not found. They may have been removed on another workstation.' }} />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={user ? user.displayName : 'New user'}
        subtitle={user ? `Username ${user.username}` : 'Create a login for a staff member or an external user.'}
        actions={back}
      />
      <UserFormView user={user} facilities={facilities.value} people={people.value} onSaved={onSaved} />
    </>
  );
}
