import { useRef, useState, type FormEvent } from 'react';
import { WEEKDAYS, type Facility } from '../../shared/admin/facility.contract';
import type { AppError } from '../../shared/ipc/result';
import type { SchedulePhysician } from '../../shared/scheduling/schedule-setup.contract';
import { addDaysToDate, localDate } from '../../shared/time/facility-time';
import { longDate, zoneAbbreviation } from '../format/time';
import { api } from '../platform/api';
import { useChannel } from '../platform/use-channel';
import { fieldErrors, unplacedErrors } from '../ui/field-errors';
import { SelectField, TextField } from '../ui/fields';
import { useFocusOnError } from '../ui/focus-error';
import { FormErrorSummary } from '../ui/form-error-summary';
import { Loaded, Notice } from '../ui/states';
import { barPlacement, checkRows, previewRange, rowsFromSpans, sortRows, spansForSave, WEEK_ORDER, WEEKDAY_NAMES, WEEKDAY_SHORT, weekSummary, weekVersions, type SpanRow, type WeekVersion } from './setup-model';

interface AvailabilityEditorProps {
  physician: SchedulePhysician;
  facility: Facility;
  /** The facilities the physician works at, to switch between. */
  facilities: readonly Facility[];
  onFacilityChange: (facilityId: string) => void;
  onSaved: () => void;
}

/**
 * The weekly template of one physician at one facility as an editable week: the one in effect today, or
 * one already saved to start later (a choice above the week when there is one).
 */
export function AvailabilityEditor(props: AvailabilityEditorProps) {
  const { physician, facility } = props;
  const today = localDate(Date.now(), facility.timeZone);
  const [spans, reload] = useChannel('availability.list', { physicianId: physician.id, facilityId: facility.id });
  const [version, setVersion] = useState(0);
  const [chosenFrom, setChosenFrom] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      {notice && <Notice tone="success">{notice}</Notice>}
      <Loaded state={spans} onRetry={reload} loadingLabel="Loading weekly hours…">
        {(list) => {
          const versions = weekVersions(list, today);
          const chosen = versions.find((candidate) => candidate.effectiveFrom === chosenFrom) ?? (versions[0] as WeekVersion);
          return (
            <>
              {versions.length > 1 && (
                <div className="setup-versions" role="group" aria-label="Which weekly hours">
                  {versions.map((candidate) => (
                    <button
                      key={candidate.effectiveFrom}
                      type="button"
                      className={`button ${candidate === chosen ? 'button--primary' : 'button--quiet'}`}
                      aria-pressed={candidate === chosen}
                      onClick={() => {
                        setNotice(null);
                        setChosenFrom(candidate.effectiveFrom);
                      }}
                    >
                      {candidate.upcoming ? `From ${longDate(candidate.effectiveFrom)}` : 'In effect now'}
                    </button>
                  ))}
                </div>
              )}
              <WeekForm
                key={`${version}:${chosen.effectiveFrom}`}
                {...props}
                today={today}
                week={chosen}
                onEdit={() => setNotice(null)}
                onSaved={(message, savedFrom) => {
                  setNotice(message);
                  setChosenFrom(savedFrom > today ? savedFrom : null);
                  reload();
                  setVersion((count) => count + 1);
                  props.onSaved();
                }}
              />
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function WeekForm({
  physician, facility, facilities, onFacilityChange, onSaved, onEdit, today, week,
}: Omit<AvailabilityEditorProps, 'onSaved'> & { today: string; week: WeekVersion; onEdit: () => void; onSaved: (message: string, effectiveFrom: string) => void }) {
  const [rows, setRows] = useState<SpanRow[]>(() => rowsFromSpans(week.spans));
  const [effectiveFrom, setEffectiveFrom] = useState(week.effectiveFrom);
  const { effectiveTo } = week;
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [isSaving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, error);
  const errors = fieldErrors(error);
  const zone = `${zoneAbbreviation(Date.now(), facility.timeZone)} (${facility.timeZone.replaceAll('_', ' ')})`;
  const range = previewRange(rows);

  const update = (key: string, patch: Partial<SpanRow>) => setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  function add(weekday: number) {
    const last = sortRows(rows.filter((row) => row.weekday === weekday)).at(-1);
    const opening = facility.hours[WEEKDAYS[weekday] as (typeof WEEKDAYS)[number]]?.[0];
    const next = last
      ? { start: last.end < '23:00' ? last.end : '22:00', end: last.end < '22:00' ? `${String(Number(last.end.slice(0, 2)) + 1).padStart(2, '0')}${last.end.slice(2)}` : '23:00' }
      : { start: opening?.open ?? '08:00', end: opening?.close ?? '12:00' };
    const key = crypto.randomUUID();
    setRows((current) => [...current, { key, weekday, ...next }]);
    setFocusKey(key);
  }
  function copyMonday() {
    const monday = rows.filter((row) => row.weekday === 1);
    const others = rows.filter((row) => row.weekday < 2 || row.weekday > 5);
    const copies = [2, 3, 4, 5].flatMap((weekday) => monday.map((row) => ({ key: crypto.randomUUID(), weekday, start: row.start, end: row.end })));
    setRows(sortRows([...others, ...copies]));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    onEdit();
    const ordered = sortRows(rows);
    setRows(ordered);
    const problems = checkRows(ordered);
    if (Object.keys(problems).length > 0) {
      return setError({ code: 'invalid_input', message: 'Some hours are not valid.', fields: Object.entries(problems).map(([path, message]) => ({ path, message })) });
    }
    setSaving(true);
    const result = await api.invoke('availability.save', { physicianId: physician.id, facilityId: facility.id, effectiveFrom, effectiveTo, spans: spansForSave(ordered) });
    setSaving(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    const summary = weekSummary(result.value);
    const until = effectiveTo ? ` until ${longDate(addDaysToDate(effectiveTo, -1))}` : '';
    onSaved(`${physician.name} at ${facility.name} from ${longDate(effectiveFrom)}${until}: ${summary || 'no weekly hours'}.`, effectiveFrom);
  }

  // Errors are keyed by the row's index in the list sent, which is `rows` sorted.
  const indexOf = (row: SpanRow) => rows.indexOf(row);
  const placed = (path: string) => /^spans\.\d+\.(start|end)$/.test(path) || path === 'effectiveFrom' || path === 'effectiveTo';

  return (
    <form ref={formRef} className="form setup-week" onSubmit={(event) => void save(event)} noValidate aria-label={`Weekly availability at ${facility.name}`}>
      <div className="toolbar setup-week__toolbar">
        <SelectField
          label="At facility"
          value={facility.id}
          onValueChange={onFacilityChange}
          options={facilities.map((option) => ({ value: option.id, label: option.name }))}
          hint={`Times are local to the facility: ${zone}.`}
        />
        <TextField
          label="Applies from"
          type="date"
          value={effectiveFrom}
          min={today}
          onValueChange={setEffectiveFrom}
          error={errors.effectiveFrom ?? errors.effectiveTo}
          hint={effectiveTo
            ? `Until ${longDate(addDaysToDate(effectiveTo, -1))}: the hours from ${longDate(effectiveTo)} on stay as they are. Earlier weeks keep theirs.`
            : 'Earlier weeks keep the hours they had.'}
          required
        />
      </div>
      <FormErrorSummary error={error} unplaced={unplacedErrors(errors, placed)} />
      <div className="table-wrap">
        <table className="table setup-week__table">
          <caption className="visually-hidden">
            Weekly hours of {physician.name} at {facility.name}, {zone}
          </caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Working hours</th>
              <th scope="col">
                <span className="visually-hidden">Add</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {WEEK_ORDER.map((weekday) => {
              const dayRows = rows.filter((row) => row.weekday === weekday);
              const opening = facility.hours[WEEKDAYS[weekday] as (typeof WEEKDAYS)[number]] ?? [];
              const day = WEEKDAY_NAMES[weekday] as string;
              return (
                <tr key={weekday}>
                  <th scope="row" className="setup-week__day">
                    {day}
                    <span className="setup-week__open">{opening.length ? `Open ${opening.map((span) => `${span.open}–${span.close}`).join(', ')}` : 'Facility closed'}</span>
                  </th>
                  <td>
                    {dayRows.length === 0 && <span className="muted">Not working</span>}
                    {dayRows.map((row, position) => {
                      const index = indexOf(row);
                      const name = `${day}${position > 0 ? ` (${position + 1})` : ''}`;
                      return (
                        <div key={row.key} className="setup-week__span">
                          <TextField
                            label={
                              <>
                                <span className="visually-hidden">{name} </span>From
                              </>
                            }
                            type="time"
                            step={900}
                            value={row.start}
                            autoFocus={row.key === focusKey}
                            error={errors[`spans.${index}.start`]}
                            onValueChange={(start) => update(row.key, { start })}
                          />
                          <TextField
                            label={
                              <>
                                <span className="visually-hidden">{name} </span>To
                              </>
                            }
                            type="time"
                            step={900}
                            value={row.end}
                            error={errors[`spans.${index}.end`]}
                            onValueChange={(end) => update(row.key, { end })}
                          />
                          <button type="button" className="button button--quiet" onClick={() => setRows(rows.filter((other) => other.key !== row.key))} aria-label={`Remove ${name} ${row.start}–${row.end}`}>
                            Remove
                          </button>
                        </div>
                      );
                    })}
                  </td>
                  <td className="cell--actions">
                    {dayRows.length < 6 && (
                      <button type="button" className="button" onClick={() => add(weekday)} aria-label={`Add hours on ${day}`}>
                        Add hours
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <WeekPreview rows={rows} range={range} facility={facility} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : 'Save weekly hours'}
        </button>
        <button type="button" className="button" onClick={copyMonday} disabled={!rows.some((row) => row.weekday === 1)}>
          Copy Monday to Tuesday–Friday
        </button>
        <button type="button" className="button button--quiet" onClick={() => setRows(rowsFromSpans(week.spans))}>
          Undo changes
        </button>
      </div>
    </form>
  );
}

/** The week drawn as bars over the hours (the table above says the same in words, so this is hidden from screen readers). */
function WeekPreview({ rows, range, facility }: { rows: readonly SpanRow[]; range: { from: number; to: number }; facility: Facility }) {
  const hours: number[] = [];
  for (let minute = range.from; minute <= range.to; minute += 60) hours.push(minute);
  const at = (minute: number) => ((minute - range.from) / (range.to - range.from)) * 100;
  return (
    <div className="setup-preview" aria-hidden="true">
      <div className="setup-preview__scale">
        {hours.map((minute) => (
          <span key={minute} style={{ left: `${at(minute)}%` }}>
            {String(minute / 60).padStart(2, '0')}
          </span>
        ))}
      </div>
      {WEEK_ORDER.map((weekday) => {
        const opening = facility.hours[WEEKDAYS[weekday] as (typeof WEEKDAYS)[number]] ?? [];
        return (
          <div key={weekday} className="setup-preview__row">
            <span className="setup-preview__day">{WEEKDAY_SHORT[weekday]}</span>
            <div className="setup-preview__track">
              {opening.map((span) => {
                const place = barPlacement({ start: span.open, end: span.close }, range);
                return place && <span key={span.open} className="setup-preview__open" style={{ left: `${place.left}%`, width: `${place.width}%` }} />;
              })}
              {rows
                .filter((row) => row.weekday === weekday)
                .map((row) => {
                  const place = barPlacement(row, range);
                  return (
                    place && (
                      <span key={row.key} className="setup-preview__bar" style={{ left: `${place.left}%`, width: `${place.width}%` }}>
                        {row.start}–{row.end}
                      </span>
                    )
                  );
                })}
            </div>
          </div>
        );
      })}
    </div>
  );
}
