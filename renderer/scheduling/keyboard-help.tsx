/** The calendar's keys, one source for the on-screen list (and, in words, docs/scheduling.md). */
export const CALENDAR_KEYS: readonly { keys: string[]; does: string }[] = [
  { keys: ['↑', '↓'], does: 'Previous or next 15-minute slot' },
  { keys: ['←', '→'], does: 'Previous or next physician (day) or day (week)' },
  { keys: ['Home', 'End'], does: 'First or last slot of the day; with Ctrl, also the first or last column' },
  { keys: ['Enter'], does: 'Open the appointment in the slot, or book the free slot' },
  { keys: ['N'], does: 'Book a new appointment in this slot' },
  { keys: ['M'], does: 'Move (reschedule) the appointment: arrows choose the slot, Enter moves it, Escape stops' },
  { keys: ['X', 'Delete'], does: 'Cancel the appointment, with a reason' },
  { keys: ['Tab'], does: 'Leave the calendar for the next control' },
];

/** The keys, shown under the calendar so nobody has to guess them. */
export function KeyboardHelp() {
  return (
    <details className="keys">
      <summary className="keys__summary">Keyboard shortcuts</summary>
      <dl className="keys__list">
        {CALENDAR_KEYS.map((entry) => (
          <div key={entry.does} className="keys__row">
            <dt>
              {entry.keys.map((key, index) => (
                <span key={key}>
                  {index > 0 && ' or '}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{entry.does}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
