import { useState } from 'react';
import type { Facility } from '../../shared/admin/facility.contract';
import type { AppError } from '../../shared/ipc/result';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { SelectField, TextField } from '../ui/fields';
import { EmptyState, ErrorState, LoadingState, Notice } from '../ui/states';
import type { PatientChoice } from './booking-dialog';

/**
 * The facility's waitlist: patients who want an earlier (or any) slot of an exam. Entries are added here;
 * after a cancellation the appointment shows the matching entries so the desk can offer the slot.
 */
export function WaitlistPanel({ facility, canWrite, patients }: { facility: Facility; canWrite: boolean; patients: readonly PatientChoice[] }) {
  const [entries, reload] = useChannel('waitlist.list', { facilityId: facility.id });
  const [examTypes] = useChannel('examType.list', { facilityId: facility.id });
  const [patientId, setPatientId] = useState('');
  const [examTypeId, setExamTypeId] = useState('');
  const [earliestOn, setEarliestOn] = useState('');
  const [notes, setNotes] = useState('');
  const [problem, setProblem] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function add() {
    setProblem(null);
    const result = await api.invoke('waitlist.add', { patientId, examTypeId, facilityId: facility.id, physicianId: null, earliestOn: earliestOn || null, notes: notes.trim() || null });
    if (!result.ok) return setProblem(result.error);
    setDone(`${result.value.patientName} is on the waitlist for ${result.value.examTypeName}.`);
    setPatientId('');
    setNotes('');
    reload();
  }

  async function resolve(id: string) {
    const result = await api.invoke('waitlist.resolve', { id });
    if (!result.ok) return setProblem(result.error);
    reload();
  }

  return (
    <div className="waitlist">
      {problem && <Notice tone="error">{problem.message}</Notice>}
      {done && <Notice tone="success">{done}</Notice>}
      {canWrite && (
        <form
          className="toolbar"
          aria-label="Add to the waitlist"
          onSubmit={(event) => {
            event.preventDefault();
            if (patientId && examTypeId) void add();
          }}
        >
          <SelectField label="Patient" value={patientId} onValueChange={setPatientId} options={[{ value: '', label: 'Choose a patient' }, ...patients.map((patient) => ({ value: patient.id, label: patient.name }))]} fieldClassName="toolbar__facility" />
          <SelectField
            label="Exam type"
            value={examTypeId}
            onValueChange={setExamTypeId}
            options={[{ value: '', label: 'Choose an exam' }, ...(examTypes.status === 'ready' ? examTypes.value.map((exam) => ({ value: exam.id, label: exam.name })) : [])]}
            fieldClassName="toolbar__exam"
          />
          <TextField label="Not before" type="date" value={earliestOn} onValueChange={setEarliestOn} />
          <TextField label="Notes" value={notes} onValueChange={setNotes} />
          <button type="submit" className="button button--primary" disabled={!patientId || !examTypeId}>
            Add to waitlist
          </button>
        </form>
      )}
      {entries.status === 'loading' && <LoadingState label="Loading the waitlist…" />}
      {entries.status === 'error' && <ErrorState error={entries.error} onRetry={reload} />}
      {entries.status === 'ready' && entries.value.length === 0 && <EmptyState title="Nobody is waiting">Patients who want an earlier slot appear here.</EmptyState>}
      {entries.status === 'ready' && entries.value.length > 0 && (
        <div className="table-wrap">
          <table className="table table--dense">
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">Exam</th>
                <th scope="col">Not before</th>
                <th scope="col">Notes</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.value.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{entry.patientName}</th>
                  <td>{entry.examTypeName}</td>
                  <td>{entry.earliestOn ?? 'Any time'}</td>
                  <td>{entry.notes}</td>
                  <td>
                    {canWrite && (
                      <button type="button" className="button button--quiet" onClick={() => void resolve(entry.id)}>
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
