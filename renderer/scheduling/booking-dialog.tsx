import { useEffect, useMemo, useState } from 'react';
import { can } from '../../shared/auth/permissions';
import type { Facility } from '../../shared/admin/facility.contract';
import type { AppError } from '../../shared/ipc/result';
import type { SchedulingConflict, Slot } from '../../shared/scheduling/conflict-types';
import type { SeriesPreview } from '../../shared/scheduling/series.contract';
import { instantAt, localDate, localTime, weekdayOf } from '../../shared/time/facility-time';
import { zoneAbbreviation } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { useSession } from '../session/session-context';
import { Dialog } from '../ui/dialog';
import { Checkbox, FieldGroup, SelectField, TextField } from '../ui/fields';
import { Notice } from '../ui/states';
import { ColourSwatch } from './appointment-status';
import { clockOf, wallClock } from './calendar-model';
import { ConflictList } from './conflict-list';

/** A patient the desk can book for: from search, or one already on this facility's calendar. */
export interface PatientChoice {
  readonly id: string;
  readonly name: string;
  /** Date of birth and MRN, to tell two patients of the same name apart. */
  readonly detail?: string;
}

export interface BookingStart {
  readonly facilityId: string;
  readonly physicianId: string | null;
  readonly date: string;
  /** Wall-clock minute in the facility's zone. */
  readonly minute: number | null;
  readonly patient?: PatientChoice | null;
  readonly examTypeId?: string | null;
}

const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function slotLabel(slot: Slot): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: slot.timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(slot.startsAt);
  return `${day}, ${wallClock(slot.startsAt, slot.timeZone)} ${zoneAbbreviation(slot.startsAt, slot.timeZone)} · ${slot.physicianName} · ${slot.facilityName}`;
}

/**
 * Books one appointment or a recurring series. Choosing the patient, exam and facility narrows the
 * physicians and free slots; "Find next available" searches every facility the user may book at. Before
 * saving, the conflicts are shown in plain words (checked by main with the same rules as the booking);
 * soft ones can be overridden with a reason by roles allowed to, hard ones never.
 */
export function BookingDialog({
  start,
  facilities,
  patients,
  onClose,
  onBooked,
}: {
  start: BookingStart | null;
  facilities: readonly Facility[];
  /** Patients the desk can pick without a search (on this week's calendar, or the one being rebooked). */
  patients: readonly PatientChoice[];
  onClose: () => void;
  onBooked: (message: string, where: { facilityId: string; date: string }) => void;
}) {
  return (
    <Dialog open={start !== null} title="Book an appointment" onClose={onClose}>
      {start && <BookingForm key={JSON.stringify(start)} start={start} facilities={facilities} patients={patients} onClose={onClose} onBooked={onBooked} />}
    </Dialog>
  );
}

function BookingForm({
  start,
  facilities,
  patients,
  onClose,
  onBooked,
}: {
  start: BookingStart;
  facilities: readonly Facility[];
  patients: readonly PatientChoice[];
  onClose: () => void;
  onBooked: (message: string, where: { facilityId: string; date: string }) => void;
}) {
  const { session } = useSession();
  const mayOverride = can(session, 'schedule.override');
  const [patientQuery, setPatientQuery] = useState(start.patient?.name ?? '');
  const [patient, setPatient] = useState<PatientChoice | null>(start.patient ?? null);
  const [facilityId, setFacilityId] = useState(start.facilityId);
  const [examTypeId, setExamTypeId] = useState(start.examTypeId ?? '');
  const [physicianId, setPhysicianId] = useState(start.physicianId ?? '');
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.minute === null ? '' : clockOf(start.minute));
  const [repeats, setRepeats] = useState(false);
  const [weekdays, setWeekdays] = useState<number[]>([weekdayOf(start.date)]);
  const [weeks, setWeeks] = useState('4');
  const [overrideReason, setOverrideReason] = useState('');
  const [nextSlots, setNextSlots] = useState<Slot[] | null>(null);
  const [conflicts, setConflicts] = useState<SchedulingConflict[] | null>(null);
  const [preview, setPreview] = useState<SeriesPreview | null>(null);
  const [problem, setProblem] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);

  const facility = facilities.find((candidate) => candidate.id === facilityId) ?? null;
  const timeZone = facility?.timeZone ?? 'UTC';
  const [examTypes] = useChannel('examType.list', { facilityId });
  const [physicians] = useChannel('physician.scheduleList', { facilityId });
  const examType = examTypes.status === 'ready' ? (examTypes.value.find((exam) => exam.id === examTypeId) ?? null) : null;
  const physicianOptions = physicians.status === 'ready' ? physicians.value.filter((physician) => !examType || examType.physicianIds.length === 0 || examType.physicianIds.includes(physician.id)) : [];
  const [slots] = useChannel('appointment.slots', examTypeId ? { examTypeId, facilityId, from: date, to: date, ...(physicianId ? { physicianId } : {}), ...(patient ? { patientId: patient.id } : {}) } : null);

  const startsAt = facility && time ? instantAt(date, time, timeZone) : null;
  const endsAt = startsAt !== null && examType ? startsAt + examType.durationMinutes * 60_000 : null;
  const proposal = patient && examType && physicianId && startsAt !== null && endsAt !== null ? { facilityId, physicianId, patientId: patient.id, examTypeId, startsAt, endsAt } : null;
  const proposalKey = proposal ? JSON.stringify(proposal) : null;

  // Conflicts follow every change of the proposal, so the desk sees them before pressing Book.
  useEffect(() => {
    setConflicts(null);
    setPreview(null);
    if (!proposal || repeats) return;
    let isCurrent = true;
    void api.invoke('appointment.check', proposal).then((result) => {
      if (isCurrent) setConflicts(result.ok ? result.value.conflicts : null);
      if (isCurrent && !result.ok) setProblem(result.error);
    });
    return () => {
      isCurrent = false;
    };
  }, [proposalKey, repeats]);

  // The clinic-wide search (`patient.search`, the caller's row scope applies); the patients already on this
  // week's calendar answer at once and stand in when the search cannot run.
  const [found, setFound] = useState<PatientChoice[] | null>(null);
  const query = patientQuery.trim();
  const isChoosing = query.length >= 2 && patient?.name !== patientQuery;
  useEffect(() => {
    setFound(null);
    if (!isChoosing) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      void api.invoke('patient.search', { query, limit: 8 }).then((result) => {
        if (!isCurrent || !result.ok) return;
        setFound(result.value.map((hit) => ({ id: hit.id, name: hit.displayName, detail: `born ${hit.dateOfBirth} · MRN ${hit.mrn}` })));
      });
    }, 150);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [query, isChoosing]);
  const matchingPatients = useMemo(() => {
    if (!isChoosing) return [];
    if (found) return found;
    const lower = query.toLowerCase();
    return patients.filter((candidate) => candidate.name.toLowerCase().includes(lower)).slice(0, 8);
  }, [query, isChoosing, found, patients]);

  async function findNext() {
    if (!examTypeId) return;
    setProblem(null);
    const result = await api.invoke('appointment.nextAvailable', { examTypeId, limit: 6, ...(patient ? { patientId: patient.id } : {}) });
    if (result.ok) setNextSlots(result.value);
    else setProblem(result.error);
  }

  function chooseSlot(slot: Slot) {
    setFacilityId(slot.facilityId);
    setPhysicianId(slot.physicianId);
    setDate(localDate(slot.startsAt, slot.timeZone));
    setTime(localTime(slot.startsAt, slot.timeZone));
    setNextSlots(null);
  }

  const rule = { startDate: date, weekdays: [...weekdays].sort(), weeks: Number(weeks) || 0, startTime: time };
  const ruleKey = JSON.stringify(rule);
  // A preview answers one rule: any change asks for a new check before the series can be saved.
  useEffect(() => setPreview(null), [ruleKey]);
  async function checkSeries() {
    if (!patient || !examTypeId || !physicianId || !time) return;
    setProblem(null);
    const result = await api.invoke('series.preview', { patientId: patient.id, physicianId, facilityId, examTypeId, rule });
    if (result.ok) setPreview(result.value);
    else setProblem(result.error);
  }

  const hardConflict = (conflicts ?? []).some((conflict) => conflict.severity === 'hard');
  const needsOverride = !repeats && (conflicts ?? []).length > 0;
  const conflictedDates = preview ? preview.occurrences.filter((occurrence) => occurrence.conflicts.length > 0).map((occurrence) => occurrence.date) : [];
  const canSave = repeats
    ? preview !== null && conflictedDates.length < preview.occurrences.length
    : proposal !== null && conflicts !== null && !hardConflict && (!needsOverride || (mayOverride && overrideReason.trim().length > 0));

  async function save() {
    if (!patient || !examTypeId || !physicianId || !time) return;
    setSaving(true);
    setProblem(null);
    const override = overrideReason.trim() ? { override: { reason: overrideReason.trim() } } : {};
    if (repeats) {
      const result = await api.invoke('series.create', { patientId: patient.id, physicianId, facilityId, examTypeId, rule, skipDates: conflictedDates, ...override });
      setSaving(false);
      if (!result.ok) return setProblem(result.error);
      const skipped = conflictedDates.length > 0 ? `, ${conflictedDates.length} conflicting ${conflictedDates.length === 1 ? 'date' : 'dates'} left out` : '';
      onBooked(`Booked ${result.value.appointmentIds.length} appointments for ${patient.name}${skipped}.`, { facilityId, date });
      return;
    }
    if (!proposal) return;
    const result = await api.invoke('appointment.book', { ...proposal, ...override });
    setSaving(false);
    if (!result.ok) {
      setProblem(result.error);
      return;
    }
    const pending = result.value.syncState === 'pending' ? ' It is saved here and shown as waiting until the clinic server confirms it.' : '';
    onBooked(`Booked ${patient.name} at ${wallClock(result.value.startsAt, result.value.timeZone)} with ${result.value.physicianName}.${pending}`, { facilityId, date });
  }

  const slotOptions = slots.status === 'ready' ? slots.value.filter((slot) => !physicianId || slot.physicianId === physicianId) : [];
  return (
    <form
      className="form booking"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSave && !isSaving) void save();
      }}
    >
      {problem && <Notice tone="error">{problem.message}</Notice>}
      <div className="booking__patient">
        <TextField
          label="Patient"
          value={patientQuery}
          autoFocus={!start.patient}
          autoComplete="off"
          spellCheck={false}
          hint={patient ? `Chosen: ${patient.name}` : 'Type two or more letters of the name, then pick with the arrow keys or Tab.'}
          onValueChange={(value) => {
            setPatientQuery(value);
            if (patient && value !== patient.name) setPatient(null);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && matchingPatients[0]) {
              event.preventDefault();
              setPatient(matchingPatients[0]);
              setPatientQuery(matchingPatients[0].name);
            }
          }}
        />
        {matchingPatients.length > 0 && (
          <ul className="picker" aria-label="Matching patients">
            {matchingPatients.map((candidate) => (
              <li key={candidate.id}>
                <button
                  type="button"
                  className="picker__option"
                  onClick={() => {
                    setPatient(candidate);
                    setPatientQuery(candidate.name);
                  }}
                >
                  {candidate.name}
                  {candidate.detail && <span className="picker__detail"> {candidate.detail}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="form-grid">
        <SelectField
          label="Exam type"
          value={examTypeId}
          onValueChange={setExamTypeId}
          options={[{ value: '', label: examTypes.status === 'ready' ? 'Choose an exam' : examTypes.status === 'error' ? 'Exam types could not be loaded' : 'Loading…' }, ...(examTypes.status === 'ready' ? examTypes.value.filter((exam) => exam.isActive).map((exam) => ({ value: exam.id, label: `${exam.name} (${exam.durationMinutes} min)` })) : [])]}
          error={examTypes.status === 'error' ? examTypes.error.message : undefined}
          hint={examType ? <span className="exam"><ColourSwatch colour={examType.color} />{examType.isBillable ? 'Billable' : 'Not billable'}{examType.resourceKind ? `, needs a ${examType.resourceKind}` : ''}</span> : undefined}
        />
        <SelectField
          label="Facility"
          value={facilityId}
          onValueChange={(id) => {
            setFacilityId(id);
            setPhysicianId('');
          }}
          options={facilities.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
        />
        <SelectField
          label="Physician"
          value={physicianId}
          onValueChange={setPhysicianId}
          options={[{ value: '', label: 'Any physician' }, ...physicianOptions.map((physician) => ({ value: physician.id, label: physician.name }))]}
        />
        <div className="form-grid__pair">
          <TextField label="Date" type="date" value={date} required onValueChange={(value) => value && setDate(value)} />
          <TextField label={`Time (${zoneAbbreviation(instantAt(date, '12:00', timeZone), timeZone)})`} type="time" step={300} value={time} onValueChange={setTime} />
        </div>
      </div>
      {examTypeId && slots.status === 'ready' && (
        <FieldGroup legend={`Free times on this day${physicianId ? '' : ' (any physician)'}`}>
          {slotOptions.length === 0 ? (
            <p className="muted">No free times this day. Try another day or “Find next available”.</p>
          ) : (
            <div className="slot-list">
              {slotOptions.slice(0, 24).map((slot) => (
                <button
                  key={`${slot.physicianId}-${slot.startsAt}`}
                  type="button"
                  className={`slot${startsAt === slot.startsAt && physicianId === slot.physicianId ? ' slot--chosen' : ''}`}
                  aria-pressed={startsAt === slot.startsAt && physicianId === slot.physicianId}
                  onClick={() => chooseSlot(slot)}
                >
                  {wallClock(slot.startsAt, slot.timeZone)}
                  {!physicianId && <span className="slot__who"> {slot.physicianName}</span>}
                </button>
              ))}
            </div>
          )}
        </FieldGroup>
      )}
      <div className="button-row">
        <button type="button" className="button" disabled={!examTypeId} onClick={() => void findNext()}>
          Find next available
        </button>
      </div>
      {nextSlots && (
        <FieldGroup legend="Next available, all facilities you book at">
          {nextSlots.length === 0 ? (
            <p className="muted">Nothing free in the next four weeks.</p>
          ) : (
            <ul className="next-slots">
              {nextSlots.map((slot) => (
                <li key={`${slot.physicianId}-${slot.startsAt}`}>
                  <button type="button" className="button button--link" onClick={() => chooseSlot(slot)}>
                    {slotLabel(slot)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </FieldGroup>
      )}
      <Checkbox label="Repeats (a series, e.g. 3 times a week for 4 weeks)" checked={repeats} onCheckedChange={setRepeats} />
      {repeats && (
        <FieldGroup legend="Repeat on">
          <div className="weekday-picks">
            {WEEKDAY_SHORT.map((label, weekday) => (
              <Checkbox
                key={label}
                label={label}
                checked={weekdays.includes(weekday)}
                onCheckedChange={(checked) => setWeekdays((current) => (checked ? [...current, weekday] : current.filter((day) => day !== weekday)))}
              />
            ))}
          </div>
          <TextField label="For how many weeks" type="number" min={1} max={52} value={weeks} onValueChange={setWeeks} fieldClassName="weeks-field" />
          <button type="button" className="button" disabled={!proposal || weekdays.length === 0} onClick={() => void checkSeries()}>
            Check the dates
          </button>
          {preview && (
            <div className="series-preview" role="region" aria-label="Series dates">
              <p>
                {preview.occurrences.length} dates;{' '}
                {conflictedDates.length === 0 ? 'none has a conflict.' : `${conflictedDates.length} ${conflictedDates.length === 1 ? 'has a conflict and will be left out' : 'have conflicts and will be left out'}:`}
              </p>
              <ul className="series-preview__list">
                {preview.occurrences.map((occurrence) => (
                  <li key={occurrence.index} className={occurrence.conflicts.length > 0 ? 'series-preview__item--conflict' : undefined}>
                    <strong>
                      {new Intl.DateTimeFormat('en-US', { timeZone: preview.timeZone, weekday: 'short', month: 'short', day: 'numeric' }).format(occurrence.startsAt)}{' '}
                      {wallClock(occurrence.startsAt, preview.timeZone)}
                    </strong>
                    {occurrence.conflicts.length > 0 ? <ConflictList conflicts={occurrence.conflicts} /> : <span className="muted"> free</span>}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </FieldGroup>
      )}
      {!repeats && conflicts && conflicts.length > 0 && (
        <div className="conflicts" role="alert">
          <p className="conflicts__title">{hardConflict ? 'This time cannot be booked:' : 'Before booking, note:'}</p>
          <ConflictList conflicts={conflicts} />
          {!hardConflict && mayOverride && (
            <TextField label="Reason to book anyway" value={overrideReason} onValueChange={setOverrideReason} hint="Kept with the appointment and in the audit log." />
          )}
          {!hardConflict && !mayOverride && <p className="muted">Only a clinic admin can book over these. Choose another time.</p>}
        </div>
      )}
      {!repeats && conflicts && conflicts.length === 0 && proposal && <p className="conflicts conflicts--clear">No conflicts: the physician, the patient and the room are free.</p>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <button type="submit" className="button button--primary" disabled={!canSave || isSaving}>
          {isSaving ? 'Booking…' : repeats ? 'Book the series' : needsOverride ? 'Book anyway' : 'Book'}
        </button>
      </div>
    </form>
  );
}
