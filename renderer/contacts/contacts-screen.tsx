import { useState, type FormEvent, type ReactNode } from 'react';
import type { AttorneyContact, LinkedLogin, ReferringDoctorContact } from '../../shared/contacts/contact.contract';
import type { AppError, Result } from '../../shared/ipc/result';
import { hrefFor } from '../app/route';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { can } from '../../shared/auth/permissions';
import { Dialog } from '../ui/dialog';
import { FormErrorSummary } from '../ui/form-error-summary';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { TextField, type TextFieldProps } from '../ui/fields';
import { Card, PageHeader } from '../ui/page';
import { EmptyState, Loaded, Notice } from '../ui/states';

/*
 * External contacts: attorneys with their law firms, and referring doctors. Cases and referrals pick
 * from these; a clinic admin can give a contact a login under Users. Both kinds share one table and one
 * dialog; what differs (columns, fields, the channel that saves) is said once per kind below.
 */

interface ContactForm {
  name: string;
  organisation: string;
  npi: string;
  phone: string;
  email: string;
  address: string;
}

/** One field of the dialog: the form key it edits, the input path its errors come back at, and how it looks. */
interface FieldSpec {
  readonly key: keyof ContactForm;
  readonly path: string;
  readonly props: Pick<TextFieldProps, 'label'> & Partial<TextFieldProps>;
}

/** What the dialog needs of a kind of contact. */
interface ContactFormKind {
  readonly id: 'attorney' | 'doctor';
  readonly noun: string;
  readonly fields: readonly FieldSpec[];
  save(form: ContactForm, id: string | undefined): Promise<Result<{ name: string }>>;
}

const phoneField: FieldSpec = { key: 'phone', path: 'phone', props: { label: 'Phone', type: 'tel' } };
const emailField: FieldSpec = { key: 'email', path: 'email', props: { label: 'Email', type: 'email' } };

const ATTORNEY_FORM: ContactFormKind = {
  id: 'attorney',
  noun: 'attorney',
  fields: [
    { key: 'name', path: 'name', props: { label: 'Attorney name', required: true } },
    { key: 'organisation', path: 'firmName', props: { label: 'Law firm', required: true } },
    phoneField,
    emailField,
    { key: 'address', path: 'address', props: { label: 'Address' } },
  ],
  save: (form, id) => api.invoke('contact.saveAttorney', { ...(id ? { id } : {}), name: form.name, firmName: form.organisation, phone: form.phone, email: form.email, address: form.address }),
};

const DOCTOR_FORM: ContactFormKind = {
  id: 'doctor',
  noun: 'referring doctor',
  fields: [
    { key: 'name', path: 'name', props: { label: 'Doctor name', required: true } },
    { key: 'organisation', path: 'practiceName', props: { label: 'Practice', required: false } },
    { key: 'npi', path: 'npi', props: { label: 'NPI', inputMode: 'numeric', hint: 'Ten digits, optional' } },
    phoneField,
    emailField,
  ],
  save: (form, id) => api.invoke('contact.saveReferringDoctor', { ...(id ? { id } : {}), name: form.name, practiceName: form.organisation, npi: form.npi, phone: form.phone, email: form.email }),
};

function attorneyForm(c: AttorneyContact | null): ContactForm {
  return { name: c?.name ?? '', organisation: c?.firmName ?? '', npi: '', phone: c?.phone ?? '', email: c?.email ?? '', address: c?.address ?? '' };
}

function doctorForm(c: ReferringDoctorContact | null): ContactForm {
  return { name: c?.name ?? '', organisation: c?.practiceName ?? '', npi: c?.npi ?? '', phone: c?.phone ?? '', email: c?.email ?? '', address: '' };
}

/** The dialog open: which kind, the contact edited (null for a new one) and the form it starts from. */
interface Editing {
  readonly kind: ContactFormKind;
  readonly contact: { readonly id: string; readonly name: string } | null;
  readonly initial: ContactForm;
}

function ContactDialog({ editing, onSaved, onClose }: { editing: Editing; onSaved: (name: string) => void; onClose: () => void }) {
  const { kind, contact } = editing;
  const [form, setForm] = useState(editing.initial);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const set = (key: keyof ContactForm, value: string) => setForm((current) => ({ ...current, [key]: value }));
  const formId = 'contacts-dialog-form';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    const result = await kind.save(form, contact?.id);
    setSaving(false);
    if (!result.ok) return setError(result.error);
    onSaved(result.value.name);
  }

  return (
    <Dialog
      open
      title={contact ? `Edit ${contact.name}` : `New ${kind.noun}`}
      onClose={onClose}
      footer={
        <>
          <button type="submit" form={formId} className="button button--primary" disabled={isSaving}>
            {isSaving ? 'Saving…' : `Save ${kind.noun}`}
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </>
      }
    >
      <form id={formId} className="form" onSubmit={(event) => void submit(event)} noValidate>
        <FormErrorSummary error={error} unplaced={unplacedErrors(errors, (path) => kind.fields.some((field) => field.path === path))} />
        <div className="form-grid">
          {kind.fields.map((field, index) => (
            <TextField key={field.key} {...field.props} value={form[field.key]} onValueChange={(v) => set(field.key, v)} error={errors[field.path]} autoFocus={index === 0 ? true : undefined} />
          ))}
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

const none = <span className="muted">None</span>;

/** A column of a contact table after the name (the row header). */
interface Column<C> {
  readonly header: string;
  /** A number, right-aligned in its header and cells. */
  readonly numeric?: boolean;
  readonly className?: string;
  readonly cell: (contact: C) => ReactNode;
}

function ContactTable<C extends { readonly id: string; readonly name: string; readonly logins: readonly LinkedLogin[] }>({ title, emptyTitle, nameHeader, rows, columns, canManageUsers, onEdit }: {
  title: string;
  emptyTitle: string;
  nameHeader: string;
  rows: readonly C[];
  columns: readonly Column<C>[];
  canManageUsers: boolean;
  onEdit: (contact: C) => void;
}) {
  return (
    <Card title={title}>
      {rows.length === 0 ? (
        <EmptyState title={emptyTitle} />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{nameHeader}</th>
                {columns.map((column) => (
                  <th key={column.header} scope="col" className={column.numeric ? 'cell--number' : undefined}>{column.header}</th>
                ))}
                {canManageUsers && <th scope="col">Login</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((contact) => (
                <tr key={contact.id}>
                  <th scope="row">
                    <button type="button" className="button button--link" onClick={() => onEdit(contact)}>
                      {contact.name}
                    </button>
                  </th>
                  {columns.map((column) => (
                    <td key={column.header} className={column.numeric ? 'cell--number' : column.className}>{column.cell(contact)}</td>
                  ))}
                  {canManageUsers && (
                    <td>
                      <Logins logins={contact.logins} canManageUsers={canManageUsers} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

const ATTORNEY_COLUMNS: readonly Column<AttorneyContact>[] = [
  { header: 'Law firm', cell: (attorney) => attorney.firmName },
  { header: 'Phone', className: 'contacts__phone', cell: (attorney) => attorney.phone ?? none },
  { header: 'Email', cell: (attorney) => attorney.email ?? none },
  { header: 'Open cases', numeric: true, cell: (attorney) => attorney.openCaseCount },
];

const DOCTOR_COLUMNS: readonly Column<ReferringDoctorContact>[] = [
  { header: 'Practice', cell: (doctor) => doctor.practiceName ?? none },
  { header: 'NPI', cell: (doctor) => (doctor.npi ? <code>{doctor.npi}</code> : none) },
  { header: 'Phone', className: 'contacts__phone', cell: (doctor) => doctor.phone ?? none },
];

export function ContactsScreen() {
  const { session } = useSession();
  const canManageUsers = can({ roles: session.roles }, 'user.manage');
  const [directory, reload] = useChannel('contact.list', {});
  const [editing, setEditing] = useState<Editing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const editAttorney = (contact: AttorneyContact | null) => setEditing({ kind: ATTORNEY_FORM, contact, initial: attorneyForm(contact) });
  const editDoctor = (contact: ReferringDoctorContact | null) => setEditing({ kind: DOCTOR_FORM, contact, initial: doctorForm(contact) });

  return (
    <>
      <PageHeader
        title="Contacts"
        subtitle="Attorneys, law firms and referring doctors the clinic works with. Cases and referrals choose from these."
        actions={
          <>
            <button type="button" className="button button--primary" onClick={() => editAttorney(null)}>
              New attorney
            </button>
            <button type="button" className="button" onClick={() => editDoctor(null)}>
              New referring doctor
            </button>
          </>
        }
      />
      {notice && <Notice tone="success">{notice}</Notice>}
      <Loaded state={directory} onRetry={reload} loadingLabel="Loading contacts…">
        {(value) => (
          <div className="contacts-lists">
            <ContactTable
              title="Attorneys and law firms" emptyTitle="No attorneys yet" nameHeader="Attorney"
              rows={value.attorneys} columns={ATTORNEY_COLUMNS} canManageUsers={canManageUsers} onEdit={editAttorney}
            />
            <ContactTable
              title="Referring doctors" emptyTitle="No referring doctors yet" nameHeader="Doctor"
              rows={value.referringDoctors} columns={DOCTOR_COLUMNS} canManageUsers={canManageUsers} onEdit={editDoctor}
            />
          </div>
        )}
      </Loaded>
      {editing && (
        <ContactDialog
          key={`${editing.kind.id}-${editing.contact?.id ?? 'new'}`}
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
