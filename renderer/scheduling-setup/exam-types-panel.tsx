import { useRef, useState, type FormEvent } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import { RESOURCE_KINDS } from '../../shared/db/schema-v1';
import type { InputOf } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/ipc/result';
import type { ExamType } from '../../shared/scheduling/exam-type.contract';
import type { SchedulePhysician } from '../../shared/scheduling/schedule-setup.contract';
import { hrefFor, navigate } from '../app/route';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { ColourSwatch } from '../scheduling/appointment-status';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { Checkbox, FieldGroup, SelectField, TextField } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { EmptyState, ErrorState, Loaded, LoadingState, Notice } from '../ui/states';
import { formatCodes, parseCodes } from './setup-model';

const ROOM_LABELS: Record<(typeof RESOURCE_KINDS)[number] | 'any', string> = { any: 'Any room or none', room: 'An exam or treatment room', equipment: 'Equipment (scanner, X-ray)' };

const namesOf = (ids: readonly string[], all: readonly { id: string; name: string }[], everyone: string) =>
  ids.length === 0 ? everyone : ids.map((id) => all.find((item) => item.id === id)?.name ?? 'Unknown').join(', ');

/** Exam (appointment) types: the list, and the editor at `#/scheduling-setup/exam-types/<id|new>`. */
export function ExamTypesPanel({ editing }: { editing: string | null }) {
  const [examTypes, reloadExams] = useChannel('examType.list', { includeInactive: true });
  const [facilities] = useChannel('facility.list', { includeInactive: false });
  const [physicians] = useChannel('physician.scheduleList', {});
  const [notice, setNotice] = useState<string | null>(null);

  if (facilities.status === 'loading' || physicians.status === 'loading') return <LoadingState label="Loading facilities and physicians…" />;
  if (facilities.status === 'error') return <ErrorState error={facilities.error} />;
  if (physicians.status === 'error') return <ErrorState error={physicians.error} />;

  if (editing !== null) {
    if (examTypes.status !== 'ready') return <Loaded state={examTypes} onRetry={reloadExams}>{() => null}</Loaded>;
    const exam = editing === 'new' ? null : (examTypes.value.find((candidate) => candidate.id === editing) ?? null);
    if (editing !== 'new' && !exam) return <ErrorState error={{ code: 'not_found', message: 'That exam type was not found.' }} />;
    return (
      <ExamTypeEditor
        key={editing}
        exam={exam}
        facilities={facilities.value}
        physicians={physicians.value}
        onSaved={(saved) => {
          setNotice(`“${saved.name}” was saved.`);
          reloadExams();
          navigate('scheduling-setup', 'exam-types');
        }}
      />
    );
  }

  return (
    <section className="setup-exams" aria-labelledby="exam-types-title">
      <div className="setup__head">
        <h2 className="setup__title" id="exam-types-title">
          Exam types
        </h2>
        <a className="button button--primary" href={hrefFor('scheduling-setup', 'exam-types', 'new')}>
          New exam type
        </a>
      </div>
      {notice && <Notice tone="success">{notice}</Notice>}
      <Loaded state={examTypes} onRetry={reloadExams} loadingLabel="Loading exam types…" empty={<EmptyState title="No exam types yet">Add the first with “New exam type”.</EmptyState>}>
        {(list) => (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Exam</th>
                  <th scope="col" className="cell--number">
                    Minutes
                  </th>
                  <th scope="col">Needs</th>
                  <th scope="col">Billing</th>
                  <th scope="col">Offered at</th>
                  <th scope="col">Performed by</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {list.map((exam) => (
                  <tr key={exam.id} className={exam.isActive ? undefined : 'row--muted'}>
                    <th scope="row">
                      <span className="setup-exams__name">
                        <ColourSwatch colour={exam.color} />
                        <a href={hrefFor('scheduling-setup', 'exam-types', exam.id)}>{exam.name}</a>
                      </span>
                    </th>
                    <td className="cell--number">{exam.durationMinutes}</td>
                    <td>{exam.resourceKind ? (exam.resourceKind === 'room' ? 'Room' : 'Equipment') : 'Any'}</td>
                    <td>{exam.isBillable ? <code>{formatCodes(exam.defaultCodes)}</code> : <span className="muted">Not billed</span>}</td>
                    <td className="setup-exams__who">{namesOf(exam.facilityIds, facilities.value, 'All facilities')}</td>
                    <td className="setup-exams__who">{namesOf(exam.physicianIds, physicians.value, 'Every physician')}</td>
                    <td>
                      <span className={`chip ${exam.isActive ? 'chip--positive' : 'chip--neutral'}`}>{exam.isActive ? 'Offered' : 'Retired'}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loaded>
    </section>
  );
}

function ExamTypeEditor({
  exam,
  facilities,
  physicians,
  onSaved,
}: {
  exam: ExamType | null;
  facilities: readonly Facility[];
  physicians: readonly SchedulePhysician[];
  onSaved: (exam: ExamType) => void;
}) {
  const [name, setName] = useState(exam?.name ?? '');
  const [duration, setDuration] = useState(String(exam?.durationMinutes ?? 30));
  const [color, setColor] = useState(exam?.color.toLowerCase() ?? '#0f6e6e');
  const [resourceKind, setResourceKind] = useState<string>(exam?.resourceKind ?? 'any');
  const [isBillable, setBillable] = useState(exam?.isBillable ?? true);
  const [codes, setCodes] = useState(formatCodes(exam?.defaultCodes ?? []));
  const [isActive, setActive] = useState(exam?.isActive ?? true);
  const [facilityIds, setFacilityIds] = useState<string[]>([...(exam?.facilityIds ?? [])]);
  const [physicianIds, setPhysicianIds] = useState<string[]>([...(exam?.physicianIds ?? [])]);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const errors = fieldErrors(error);
  const codeError = Object.entries(errors).find(([path]) => path.startsWith('defaultCodes'))?.[1];
  const toggle = (list: string[], id: string, on: boolean) => (on ? [...list, id] : list.filter((item) => item !== id));
  // Physicians who work at one of the chosen facilities (all, when the exam is offered everywhere).
  const shownPhysicians = physicians.filter(
    (physician) => physician.isActive && (facilityIds.length === 0 || physician.facilityIds.some((id) => facilityIds.includes(id)) || physicianIds.includes(physician.id)),
  );

  async function save(event: FormEvent) {
    event.preventDefault();
    const minutes = Number(duration);
    if (!/^\d+$/.test(duration.trim())) {
      return setError({ code: 'invalid_input', message: 'Some fields are not valid.', fields: [{ path: 'durationMinutes', message: 'Enter whole minutes, e.g. 30' }] });
    }
    const input: InputOf<'examType.save'> = {
      ...(exam ? { id: exam.id } : {}),
      name,
      durationMinutes: minutes,
      color,
      resourceKind: resourceKind === 'any' ? null : (resourceKind as (typeof RESOURCE_KINDS)[number]),
      isBillable,
      defaultCodes: parseCodes(codes),
      isActive,
      facilityIds,
      physicianIds,
    };
    setSaving(true);
    const result = await api.invoke('examType.save', input);
    setSaving(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error);
  }

  const placed = (path: string) => /^(name|durationMinutes|color|resourceKind|defaultCodes(\..*)?|facilityIds(\..*)?|physicianIds(\..*)?)$/.test(path);

  return (
    <form ref={formRef} className="form setup-exam-editor" onSubmit={(event) => void save(event)} noValidate aria-labelledby="exam-editor-title">
      <div className="setup__head">
        <h2 className="setup__title" id="exam-editor-title">
          {exam ? exam.name : 'New exam type'}
        </h2>
        <a className="button" href={hrefFor('scheduling-setup', 'exam-types')}>
          <span aria-hidden="true">‹ </span>All exam types
        </a>
      </div>
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, placed)} />
      <div className="form-grid">
        <TextField label="Name" value={name} onValueChange={setName} error={errors.name} required hint="As the desk and the calendar show it, e.g. MRI Lumbar Spine" />
        <TextField label="Duration (minutes)" inputMode="numeric" value={duration} onValueChange={setDuration} error={errors.durationMinutes} required hint="5 to 480 minutes" />
        <div className="setup-exam-editor__colour">
          <TextField label="Colour" type="color" value={color} onValueChange={setColor} error={errors.color} hint="Tints the exam’s appointments on the calendar" />
          <span className="setup-exam-editor__sample" style={{ borderLeftColor: color }}>
            {name || 'Exam'} <span className="muted">{color.toUpperCase()}</span>
          </span>
        </div>
        <SelectField
          label="Room needed"
          value={resourceKind}
          onValueChange={setResourceKind}
          options={(['any', ...RESOURCE_KINDS] as const).map((kind) => ({ value: kind, label: ROOM_LABELS[kind] }))}
          error={errors.resourceKind}
          hint="Bookings of this exam must be in a room or on equipment of this kind"
        />
        <div className="form-grid__wide setup-exam-editor__billing">
          <Checkbox label="Billable" hint="A completed exam is charged with its default codes." checked={isBillable} onCheckedChange={setBillable} />
          <TextField
            label="Default procedure codes"
            value={codes}
            onValueChange={setCodes}
            error={codeError}
            hint="CPT or HCPCS codes with their modifiers, separated by commas, e.g. 97110-GP, 97140-GP"
            fieldClassName="setup-exam-editor__codes"
          />
        </div>
        <div className="form-grid__wide">
          <Checkbox label="Offered" hint="A retired exam stays on past appointments but cannot be booked." checked={isActive} onCheckedChange={setActive} />
        </div>
      </div>
      <FieldGroup legend="Facilities that offer it" error={errors.facilityIds ?? Object.entries(errors).find(([path]) => path.startsWith('facilityIds.'))?.[1]}>
        <p className="field__hint">None ticked: every facility offers it.</p>
        <div className="check-list">
          {facilities.map((facility) => (
            <Checkbox key={facility.id} label={facility.name} checked={facilityIds.includes(facility.id)} onCheckedChange={(on) => setFacilityIds(toggle(facilityIds, facility.id, on))} />
          ))}
        </div>
      </FieldGroup>
      <FieldGroup legend="Physicians who perform it" error={errors.physicianIds ?? Object.entries(errors).find(([path]) => path.startsWith('physicianIds.'))?.[1]}>
        <p className="field__hint">None ticked: every physician performs it.{facilityIds.length > 0 && ' Listed: those working at the ticked facilities.'}</p>
        <div className="check-list check-list--three">
          {shownPhysicians.map((physician) => (
            <Checkbox
              key={physician.id}
              label={physician.name}
              hint={physician.specialty ?? undefined}
              checked={physicianIds.includes(physician.id)}
              onCheckedChange={(on) => setPhysicianIds(toggle(physicianIds, physician.id, on))}
            />
          ))}
        </div>
      </FieldGroup>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : exam ? 'Save changes' : 'Create exam type'}
        </button>
        <a className="button" href={hrefFor('scheduling-setup', 'exam-types')}>
          Cancel
        </a>
      </div>
    </form>
  );
}
