import { useState, type FormEvent } from 'react';
import type { AttorneyContact, LinkedLogin, ReferringDoctorContact } from '../../shared/contacts/contact.contract';
import type { AppError } from '../../shared/ipc/result';
import { hrefFor } from '../app/route';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { can } from '../../shared/auth/permissions';
import { Dialog } from '../ui/dialog';
import { FormErrorSummary } from '../ui/form-error-summary';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { TextField } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded, Notice } from '../ui/states';

/*
 * External contacts: attorneys with their law firms, and referring doctors. Cases and referrals pick
 * from these; a clinic admin can give a contact a login under Users.
 */

type Editing =
  | { kind: 'attorney'; contact: AttorneyContact | null }
  | { kind: 'doctor'; contact: ReferringDoctorContact | null };

interface ContactForm {
  name: string;
  organisation: string;
  npi: string;
  phone: string;
  email: string;
  address: string;
}

function toForm(editing: Editing): ContactForm {
  if (editing.kind === 'attorney') {
    const c = editing.contact;
    return { name: c?.name ?? '', organisation: c?.firmName ?? '', npi: '', phone: c?.phone ?? '', email: c?.email ?? '', address: c?.address ?? '' };
  }
  const c = editing.contact;
  return { name: c?.name ?? '', organisation: c?.practiceName ?? '', npi: c?.npi ?? '', phone: c?.phone ?? '', email: c?.email ?? '', address: '' };
}

function ContactDialog({ editing, onSaved, onClose }: { editing: Editing; onSaved: (name: string) => void; onClose: () => void }) {
  const [form, setForm] = useState(() => toForm(editing));
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const set = (key: keyof ContactForm, value: string) => setForm((current) => ({ ...current, [key]: value }));
  const isAttorney = editing.kind === 'attorney';
  const organisationPath = isAttorney ? 'firmName' : 'practiceName';
  const formId = 'contacts-dialog-form';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const id = editing.contact?.id;
    const result = isAttorney
      ? await api.invoke('contact.saveAttorney', { ...(id ? { id } : {}), name: form.name, firmName: form.organisation, phone: form.phone, email: form.email, address: form.address })
      : await api.invoke('contact.saveReferringDoctor', { ...(id ? { id } : {}), name: form.name, practiceName: form.organisation, npi: form.npi, phone: form.phone, email: form.email });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    onSaved(result.value.name);
  }

  const noun = isAttorney ? 'attorney' : 'referring doctor';
  return (
    <Dialog
      open
      title={editing.contact ? `Edit ${editing.contact.name}` : `New ${noun}`}
      onClose={onClose}
      footer={
        <>
          <button type="submit" form={formId} className="button button--primary" disabled={isSaving}>
            {isSaving ? 'Saving…' : `Save ${noun}`}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={(event) => void submit(event)} noValidate>
        <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => ['name', organisationPath, 'npi', 'phone', 'email', 'address'].includes(path))} />
        <div className="form-grid">
          <TextField label={isAttorney ? 'Attorney name' : 'Doctor name'} value={form.name} onValueChange={(v) => set('name', v)} error={errors.name} required autoFocus />
          <TextField
            label={isAttorney ? 'Law firm' : 'Practice'}
            value={form.organisation}
            onValueChange={(v) => set('organisation', v)}
            error={errors[organisationPath]}
            required={isAttorney}
          />
          {!isAttorney && (
            <TextField label="NPI" inputMode="numeric" value={form.npi} onValueChange={(v) => set('npi', v)} error={errors.npi} hint="Ten digits, optional" />
          )}
          <TextField label="Phone" type="tel" value={form.phone} onValueChange={(v) => set('phone', v)} error={errors.phone} />
          <TextField label="Email" type="email" value={form.email} onValueChange={(v) => set('email', v)} error={errors.email} />
          {isAttorney && <TextField label="Address" value={form.address} onValueChange={(v) => set('address', v)} error={errors.address} />}
        </div>
      </form>
    </Dialog>
  );
}

function Logins({ logins, canManageUsers }: { logins: readonly LinkedLogin[]; canManageUsers: boolean }) {
  if (logins.length > 0) {
    return (
      <ul className="chips">
        {logins.map((login) => (
          <li key={login.userId} className={`chip ${login.isActive ? 'chip--positive' : 'chip--neutral'}`}>
            {login.username}
            {login.isActive ? '' : ' (deactivated)'}
          </li>
        ))}
      </ul>
    );
  }
  if (canManageUsers) return <a href={hrefFor('users', 'new')}>Create a login</a>;
  return <span className="muted">None</span>;
}

export function ContactsScreen() {
  const { session } = useSession();
  const canManageUsers = can({ roles: session.roles }, 'user.manage');
  const [directory, reload] = useChannel('contact.list', {});
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title="Contacts"
        subtitle="Attorneys, law firms and referring doctors the clinic works with. Cases and referrals choose from these."
        actions={
          <>
            <button type="button" className="button button--primary" onClick={() => setEditing({ kind: 'attorney', contact: null })}>
              New attorney
            </button>
            <button type="button" className="button" onClick={() => setEditing({ kind: 'doctor', contact: null })}>
              New referring doctor
            </button>
          </>
        }
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <Loaded state={directory} onRetry={reload} loadingLabel="Loading contacts…">
        {(value) => (
          <div className="contacts-lists">
            <Card title="Attorneys and law firms">
              {value.attorneys.length === 0 ? (
                <EmptyState title="No attorneys yet" />
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">Attorney</th>
                        <th scope="col">Law firm</th>
                        <th scope="col">Phone</th>
                        <th scope="col">Email</th>
                        <th scope="col" className="cell--number">Open cases</th>
                        {canManageUsers && <th scope="col">Login</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {value.attorneys.map((attorney) => (
                        <tr key={attorney.id}>
                          <th scope="row">
                            <button type="button" className="button button--link" onClick={() => setEditing({ kind: 'attorney', contact: attorney })}>
                              {attorney.name}
                            </button>
                          </th>
                          <td>{attorney.firmName}</td>
                          <td className="contacts__phone">{attorney.phone ?? <span className="muted">None</span>}</td>
                          <td>{attorney.email ?? <span className="muted">None</span>}</td>
                          <td className="cell--number">{attorney.openCaseCount}</td>
                          {canManageUsers && (
                            <td>
                              <Logins logins={attorney.logins} canManageUsers={canManageUsers} />
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
            <Card title="Referring doctors">
              {value.referringDoctors.length === 0 ? (
                <EmptyState title="No referring doctors yet" />
              ) : (
                <div className="table-wrap">
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col">Doctor</th>
                        <th scope="col">Practice</th>
                        <th scope="col">NPI</th>
                        <th scope="col">Phone</th>
                        {canManageUsers && <th scope="col">Login</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {value.referringDoctors.map((doctor) => (
                        <tr key={doctor.id}>
                          <th scope="row">
                            <button type="button" className="button button--link" onClick={() => setEditing({ kind: 'doctor', contact: doctor })}>
                              {doctor.name}
                            </button>
                          </th>
                          <td>{doctor.practiceName ?? <span className="muted">None</span>}</td>
                          <td>{doctor.npi ? <code>{doctor.npi}</code> : <span className="muted">None</span>}</td>
                          <td className="contacts__phone">{doctor.phone ?? <span className="muted">None</span>}</td>
                          {canManageUsers && (
                            <td>
                              <Logins logins={doctor.logins} canManageUsers={canManageUsers} />
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          </div>
        )}
      </Loaded>
      {editing && (
        <ContactDialog
          key={`${editing.kind}-${editing.contact?.id ?? 'new'}`}
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setNotice(`“${name}” was saved.`);
            reload();
          }}
        />
      )}
    </>
  );
}
