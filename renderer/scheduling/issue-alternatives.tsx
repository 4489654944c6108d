import { useState } from 'react';
import type { AppError } from '../../shared/ipc/result';
import type { Slot } from '../../shared/scheduling/conflict-types';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import { zoneAbbreviation } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { Card } from '../ui/page';
import { LoadingState, Notice } from '../ui/states';
import { wallClock } from './calendar-model';

function slotWords(slot: Slot): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone: slot.timeZone, weekday: 'long', month: 'short', day: 'numeric' }).format(slot.startsAt);
  return `${day}, ${wallClock(slot.startsAt, slot.timeZone)} ${zoneAbbreviation(slot.startsAt, slot.timeZone)} with ${slot.physicianName} at ${slot.facilityName}`;
}

/**
 * For a booking the clinic server refused (the slot was taken by another desk while this one was offline):
 * the next free slots for the same patient and exam, each booked in one action (`appointment.rebookIssue`,
 * which also resolves the issue). Shown only for refused bookings.
 */
export function IssueAlternatives({ issue, onRebooked }: { issue: SyncIssue; onRebooked: (notice: string) => void }) {
  const isBooking = issue.name === 'appointment.book' && issue.status === 'open';
  const [slots] = useChannel('appointment.issueAlternatives', isBooking ? { issueId: issue.id, limit: 5 } : null);
  const [problem, setProblem] = useState<AppError | null>(null);
  const [isBusy, setBusy] = useState(false);
  // A workstation whose main process cannot search for alternatives yet shows the edit form alone.
  if (!isBooking || (slots.status === 'error' && slots.error.code === 'unavailable')) return null;

  async function rebook(slot: Slot) {
    setBusy(true);
    setProblem(null);
    const result = await api.invoke('appointment.rebookIssue', {
      issueId: issue.id,
      slot: { physicianId: slot.physicianId, facilityId: slot.facilityId, startsAt: slot.startsAt, endsAt: slot.endsAt, resourceId: slot.resourceId },
    });
    setBusy(false);
    if (!result.ok) return setProblem(result.error);
    onRebooked(`Booked ${result.value.patientName} on ${slotWords(slot)} instead.`);
  }

  return (
    <Card title="Book the next free time instead">
      {problem && <Notice tone="error">{problem.message}</Notice>}
      {slots.status === 'loading' && <LoadingState label="Finding the next free times…" />}
      {slots.status === 'error' && <p className="muted">No alternatives could be found: {slots.error.message}</p>}
      {slots.status === 'ready' && slots.value.length === 0 && <p className="muted">Nothing is free for this exam in the next four weeks. Edit the change below or discard it.</p>}
      {slots.status === 'ready' && slots.value.length > 0 && (
        <ul className="alternatives">
          {slots.value.map((slot) => (
            <li key={`${slot.physicianId}-${slot.startsAt}`} className="alternatives__item">
              <span>{slotWords(slot)}</span>
              <button type="button" className="button button--primary" disabled={isBusy} onClick={() => void rebook(slot)}>
                Book this
              </button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
