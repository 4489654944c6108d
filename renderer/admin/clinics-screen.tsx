import { useRef, useState, type FormEvent } from 'react';
import type { OperatorAdmin, OperatorClinic } from '../../shared/admin/operator.contract';
import type { InputOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { Dialog } from '../ui/dialog';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded, Notice } from '../ui/states';
import { timeZoneOptions } from '../ui/time-zones';

/*
 * The operator's console: every clinic on the Medora server and its clinic admins. It shows logins
 * and sizes only — never a patient, case or invoice — and needs the server (nothing is kept offline).
 */

interface AdminForm {
  readonly username: string;
  readonly displayName: string;
  readonly email: string;
  readonly temporaryPassword: string;
}
const emptyAdmin: AdminForm = { username: '', displayName: '', email: '', temporaryPassword: '' };

/** Admin fields; `prefix` is the path of the admin object in the channel's input (`admin.`). */
function AdminFields({ form, onChange, errors, prefix }: { form: AdminForm; onChange: (form: AdminForm) => void; errors: Record<string, string>; prefix: string }) {
  const set = (key: keyof AdminForm, value: string) => onChange({ ...form, [key]: value });
  return (
    <div className="form-grid">
      <TextField label="Admin’s name" value={form.displayName} onValueChange={(v) => set('displayName', v)} error={errors[`${prefix}displayName`]} required autoComplete="off" />
      <TextField
        label="Admin’s username"
        value={form.username}
        onValueChange={(v) => set('username', v)}
        error={errors[`${prefix}username`]}
        hint="Unique across every clinic: sign-in does not ask for the clinic."
        required
        autoComplete="off"
        spellCheck={false}
      />
      <TextField label="Admin’s email" type="email" value={form.email} onValueChange={(v) => set('email', v)} error={errors[`${prefix}email`]} autoComplete="off" />
      <TextField
        label="Temporary password"
        type="password"
        value={form.temporaryPassword}
        onValueChange={(v) => set('temporaryPassword', v)}
        error={errors[`${prefix}temporaryPassword`]}
        hint="At least 12 characters. Hand it over in person; the admin sets their own under Users."
        required
        autoComplete="new-password"
      />
    </div>
  );
}

function toAdminInput(form: AdminForm): InputOf<'operator.createClinic'>['admin'] {
  return { username: form.username, displayName: form.displayName, email: form.email || null, temporaryPassword: form.temporaryPassword };
}

function NewClinicForm({ onCreated, onCancel }: { onCreated: (clinic: OperatorClinic) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [zone, setZone] = useState('America/New_York');
  const [admin, setAdmin] = useState<AdminForm>(emptyAdmin);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const errors = fieldErrors(error);
  const placed = new Set(['name', 'defaultTimeZone', 'admin.username', 'admin.displayName', 'admin.email', 'admin.temporaryPassword']);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const result = await api.invoke('operator.createClinic', { name, defaultTimeZone: zone, admin: toAdminInput(admin) });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    onCreated(result.value);
  }

  return (
    <form ref={formRef} className="form clinics-new" onSubmit={(event) => void submit(event)} noValidate aria-label="New clinic">
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => placed.has(path))} />
      <Card title="New clinic">
        <div className="form-grid">
          <TextField label="Clinic name" value={name} onValueChange={setName} error={errors.name} required autoFocus />
          <SelectField
            label="Default time zone"
            value={zone}
            options={timeZoneOptions(zone)}
            onValueChange={setZone}
            error={errors.defaultTimeZone}
            hint="Day boundaries where no facility zone applies. Each facility has its own."
          />
        </div>
        <h3 className="clinics-new__subhead">First clinic admin</h3>
        <AdminFields form={admin} onChange={setAdmin} errors={errors} prefix="admin." />
      </Card>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>
          {isSaving ? 'Creating…' : 'Create clinic'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

type AdminAction = { kind: 'add'; clinic: OperatorClinic } | { kind: 'reset'; clinic: OperatorClinic; admin: OperatorAdmin };

/** Add an admin to a clinic, or give one a new temporary password. */
function AdminDialog({ action, onDone, onClose }: { action: AdminAction; onDone: (message: string) => void; onClose: () => void }) {
  const [admin, setAdmin] = useState<AdminForm>(emptyAdmin);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const formId = 'clinics-admin-dialog-form';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const result =
      action.kind === 'add'
        ? await api.invoke('operator.saveAdmin', { kind: 'create', clinicId: action.clinic.id, admin: toAdminInput(admin) })
        : await api.invoke('operator.resetAdminPassword', { clinicId: action.clinic.id, userId: action.admin.id, temporaryPassword: admin.temporaryPassword });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    onDone(action.kind === 'add' ? `${admin.displayName} is now an admin of ${action.clinic.name}.` : `${action.admin.displayName} has a new temporary password; their sessions were signed out.`);
  }

  const title = action.kind === 'add' ? `Add an admin to ${action.clinic.name}` : `New temporary password for ${action.admin.displayName}`;
  return (
    <Dialog
      open
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="submit" form={formId} className="button button--primary" disabled={isSaving}>
            {isSaving ? 'Saving…' : action.kind === 'add' ? 'Add admin' : 'Set password'}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={(event) => void submit(event)} noValidate>
        <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => path.startsWith('admin.') || path === 'temporaryPassword')} />
        {action.kind === 'add' ? (
          <AdminFields form={admin} onChange={setAdmin} errors={errors} prefix="admin." />
        ) : (
          <TextField
            label="Temporary password"
            type="password"
            value={admin.temporaryPassword}
            onValueChange={(v) => setAdmin({ ...admin, temporaryPassword: v })}
            error={errors.temporaryPassword}
            hint="At least 12 characters. Their open sessions end."
            required
            autoFocus
            autoComplete="new-password"
          />
        )}
      </form>
    </Dialog>
  );
}

function ClinicCard({ clinic, onAction, onChanged }: { clinic: OperatorClinic; onAction: (action: AdminAction) => void; onChanged: (message: string, error?: AppError) => void }) {
  async function setActive(admin: OperatorAdmin, isActive: boolean) {
    const result = await api.invoke('operator.saveAdmin', { kind: 'update', clinicId: clinic.id, userId: admin.id, displayName: admin.displayName, email: admin.email, isActive });
    if (!result.ok) return onChanged('', result.error);
    onChanged(isActive ? `${admin.displayName} can sign in again.` : `${admin.displayName} is deactivated and signed out everywhere.`);
  }
  return (
    <Card
      title={clinic.name}
      className="clinics-card"
      actions={
        <button type="button" className="button" onClick={() => onAction({ kind: 'add', clinic })}>
          Add admin<span className="visually-hidden"> to {clinic.name}</span>
        </button>
      }
    >
      <dl className="clinics-card__facts">
        <div>
          <dt>Time zone</dt>
          <dd>{clinic.defaultTimeZone}</dd>
        </div>
        <div>
          <dt>Facilities</dt>
          <dd>{clinic.facilityCount}</dd>
        </div>
        <div>
          <dt>Active logins</dt>
          <dd>{clinic.activeUserCount}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{new Date(clinic.createdAt).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' })}</dd>
        </div>
      </dl>
      {clinic.admins.length === 0 ? (
        <p className="muted">No clinic admin yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Admins of {clinic.name}</caption>
            <thead>
              <tr>
                <th scope="col">Admin</th>
                <th scope="col">Username</th>
                <th scope="col">Email</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {clinic.admins.map((admin) => (
                <tr key={admin.id} className={admin.isActive ? undefined : 'row--muted'}>
                  <th scope="row">{admin.displayName}</th>
                  <td>
                    <code>{admin.username}</code>
                  </td>
                  <td>{admin.email ?? <span className="muted">None</span>}</td>
                  <td>
                    <span className={`chip ${admin.isActive ? 'chip--positive' : 'chip--neutral'}`}>{admin.isActive ? 'Active' : 'Deactivated'}</span>
                  </td>
                  <td className="clinics-card__actions">
                    <button type="button" className="button button--quiet" onClick={() => onAction({ kind: 'reset', clinic, admin })}>
                      Reset password<span className="visually-hidden"> of {admin.displayName}</span>
                    </button>
                    <button type="button" className="button button--quiet" onClick={() => void setActive(admin, !admin.isActive)}>
                      {admin.isActive ? 'Deactivate' : 'Reactivate'}
                      <span className="visually-hidden"> {admin.displayName}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function ClinicsScreen() {
  const [clinics, reload] = useChannel('operator.clinics', {});
  const [isCreating, setCreating] = useState(false);
  const [action, setAction] = useState<AdminAction | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<AppError | null>(null);
  const show = (message: string, error?: AppError) => {
    setProblem(error ?? null);
    setNotice(error ? null : message);
    if (!error) reload();
  };

  return (
    <>
      <PageHeader
        title="Clinics"
        subtitle="Every clinic on this Medora server and its admins. You see logins only, never patient information."
        actions={
          !isCreating && (
            <button type="button" className="button button--primary" onClick={() => setCreating(true)}>
              New clinic
            </button>
          )
        }
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      {problem && <Notice tone="error">{problem.message}</Notice>}
      {isCreating && (
        <NewClinicForm
          onCancel={() => setCreating(false)}
          onCreated={(clinic) => {
            setCreating(false);
            show(`${clinic.name} was created. ${clinic.admins[0]?.displayName ?? 'Its admin'} can sign in with the temporary password.`);
          }}
        />
      )}
      <Loaded state={clinics} onRetry={reload} loadingLabel="Loading clinics…" empty={<EmptyState title="No clinics yet" />}>
        {(list) => (
          <div className="clinics-list">
            {list.map((clinic) => (
              <ClinicCard key={clinic.id} clinic={clinic} onAction={setAction} onChanged={show} />
            ))}
          </div>
        )}
      </Loaded>
      {action && (
        <AdminDialog
          key={action.kind === 'add' ? `add-${action.clinic.id}` : `reset-${action.admin.id}`}
          action={action}
          onClose={() => setAction(null)}
          onDone={(message) => {
            setAction(null);
            show(message);
          }}
        />
      )}
    </>
  );
}
