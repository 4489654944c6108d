import { useEffect, useRef, useState } from 'react';
import { can } from '../../shared/auth/permissions';
import type { AppError } from '../../shared/ipc/result';
import type { SchedulingConflict } from '../../shared/scheduling/conflict-types';
import { longDate, zoneAbbreviation } from '../format/time';
import { api } from '../platform/api';
import { useSession } from '../session/session-context';
import { Dialog } from '../ui/dialog';
import { TextField } from '../ui/fields';
import { LoadingState, Notice } from '../ui/states';
import type { GridAppointment } from './calendar-grid';
import { slotInstant, twelveHour } from './calendar-model';
import { ConflictList } from './conflict-list';

/** Where an appointment is being moved to (by keyboard or by dragging). */
export interface MoveTarget {
  readonly appointment: GridAppointment;
  readonly facilityId: string;
  readonly physicianId: string;
  readonly physicianName: string;
  readonly date: string;
  readonly minute: number;
}

/**
 * Confirms a reschedule. The same checks as booking run first (main's `appointment.check`, ignoring the
 * appointment being moved), and their findings are shown in plain words before anything changes.
 */
export function MoveDialog({ target, timeZone, onClose, onMoved }: { target: MoveTarget | null; timeZone: string; onClose: () => void; onMoved: (message: string) => void }) {
  return (
    <Dialog open={target !== null} title="Reschedule" onClose={onClose}>
      {target && <MoveBody key={`${target.appointment.id}-${target.physicianId}-${target.date}-${target.minute}`} target={target} timeZone={timeZone} onClose={onClose} onMoved={onMoved} />}
    </Dialog>
  );
}

function MoveBody({ target, timeZone, onClose, onMoved }: { target: MoveTarget; timeZone: string; onClose: () => void; onMoved: (message: string) => void }) {
  const { session } = useSession();
  const mayOverride = can(session, 'schedule.override');
  const { appointment } = target;
  const startsAt = slotInstant(target.date, target.minute, timeZone);
  const endsAt = startsAt + (appointment.endsAt - appointment.startsAt);
  const [conflicts, setConflicts] = useState<SchedulingConflict[] | null>(null);
  const [problem, setProblem] = useState<AppError | null>(null);
  const [reason, setReason] = useState('');
  const [isSaving, setSaving] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    void api
      .invoke('appointment.check', {
        facilityId: target.facilityId, physicianId: target.physicianId, patientId: appointment.patientId, examTypeId: appointment.examTypeId,
        startsAt, endsAt, excludeAppointmentId: appointment.id,
      })
      .then((result) => {
        if (!isCurrent) return;
        if (result.ok) setConflicts(result.value.conflicts);
        else setProblem(result.error);
      });
    return () => {
      isCurrent = false;
    };
  }, [startsAt, target.physicianId]);

  const moveButton = useRef<HTMLButtonElement>(null);
  const isClear = conflicts !== null && conflicts.length === 0;
  // Once the new time is known to be free, Enter moves it: the keyboard path needs no extra Tab.
  useEffect(() => {
    if (isClear) moveButton.current?.focus();
  }, [isClear]);
  const hard = (conflicts ?? []).some((conflict) => conflict.severity === 'hard');
  const needsOverride = (conflicts ?? []).length > 0;
  const canSave = conflicts !== null && !hard && (!needsOverride || (mayOverride && reason.trim().length > 0));
  const when = `${longDate(target.date)}, ${twelveHour(target.minute)} ${zoneAbbreviation(startsAt, timeZone)}`;

  async function save() {
    setSaving(true);
    setProblem(null);
    const result = await api.invoke('appointment.reschedule', {
      id: appointment.id, startsAt, endsAt,
      ...(target.physicianId !== appointment.physicianId ? { physicianId: target.physicianId } : {}),
      ...(needsOverride ? { override: { reason: reason.trim() } } : {}),
    });
    setSaving(false);
    if (!result.ok) return setProblem(result.error);
    const pending = result.value.syncState === 'pending' ? ' Waiting for the clinic server to confirm.' : '';
    onMoved(`Moved ${appointment.patientName} to ${when} with ${result.value.physicianName}.${pending}`);
  }

  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        if (canSave && !isSaving) void save();
      }}
    >
      <p>
        Move <strong>{appointment.patientName}</strong> ({appointment.examTypeName}) to <strong>{when}</strong> with <strong>{target.physicianName}</strong>?
      </p>
      {problem && <Notice tone="error">{problem.message}</Notice>}
      {conflicts === null && !problem && <LoadingState label="Checking the new time…" />}
      {conflicts && conflicts.length === 0 && <p className="conflicts conflicts--clear">No conflicts at the new time.</p>}
      {conflicts && conflicts.length > 0 && (
        <div className="conflicts" role="alert">
          <p className="conflicts__title">{hard ? 'It cannot move there:' : 'Before moving, note:'}</p>
          <ConflictList conflicts={conflicts} />
          {!hard && mayOverride && <TextField label="Reason to move anyway" value={reason} onValueChange={setReason} />}
          {!hard && !mayOverride && <p className="muted">Only a clinic admin can move over these. Choose another time.</p>}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Keep the old time
        </button>
        <button type="submit" className="button button--primary" disabled={!canSave || isSaving} ref={moveButton}>
          {needsOverride ? 'Move anyway' : 'Move'}
        </button>
      </div>
    </form>
  );
}
