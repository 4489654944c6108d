import type { DOCUMENT_KINDS } from '../../shared/db/schema-v1';
import { useChannel } from '../platform/use-channel';
import { SelectField } from '../ui/fields';

const DATE = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });

/**
 * Links a record to one of the patient's documents (`patient.documents`, scoped like the patient): the LOP
 * of a case, the card images of an insurance policy. Lists the patient's documents of that kind, newest
 * first; stores the document's id. A linked document the list does not hold (removed, or filed where
 * this user cannot see it) stays selected and is named as such, so saving never drops the link silently.
 */
export function DocumentPicker({ patientId, kind, label, value, onValueChange, error, hint }: {
  patientId: string;
  kind: (typeof DOCUMENT_KINDS)[number];
  label: string;
  value: string;
  onValueChange: (documentId: string) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const [documents, reload] = useChannel('patient.documents', { patientId, kind });
  const none = { value: '', label: 'None linked' };
  if (documents.status === 'loading') {
    return <SelectField label={label} value="" onValueChange={() => undefined} options={[{ value: '', label: 'Loading documents…' }]} disabled hint={hint} />;
  }
  if (documents.status === 'error') {
    return (
      <div className="document-picker">
        <SelectField label={label} value={value} onValueChange={onValueChange} options={[none, ...(value ? [{ value, label: 'Linked document (list not loaded)' }] : [])]}
          error={`The documents could not be loaded: ${documents.error.message}`} />
        <button type="button" className="button button--small" onClick={reload}>Try again</button>
      </div>
    );
  }
  const options = documents.value.map((document) => ({
    value: document.id,
    label: `${document.title}${document.caseNumber ? ` · case ${document.caseNumber}` : ''}${document.fileName ? ` · ${document.fileName}` : ''} · ${DATE.format(document.updatedAt)}`,
  }));
  if (value && !options.some((option) => option.value === value)) options.unshift({ value, label: 'Linked document (not among this patient’s documents)' });
  return (
    <SelectField
      label={label}
      value={value}
      onValueChange={onValueChange}
      options={[none, ...options]}
      error={error}
      hint={documents.value.length === 0 ? `${hint ? `${hint} ` : ''}This patient has no documents of this kind yet.` : hint}
    />
  );
}
