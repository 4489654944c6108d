import type { FieldError } from '../../shared/ipc/result';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import { localTime } from '../../shared/time/facility-time';
import { dateInZone, timeInZone } from '../format/time';
import { labelForPath } from './args-form';

/** What a refused change was, in a line a person recognises: `New facility` — `Eastside Clinic (EAST)`. */
export interface IssueHeadline {
  readonly title: string;
  /** The record it concerns, from the input; null when nothing readable identifies it. */
  readonly subject: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(args: Record<string, unknown>, key: string): string | null {
  const value = args[key];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function both(main: string | null, extra: string | null): string | null {
  if (!main) return extra;
  return extra ? `${main} (${extra})` : main;
}

/** The first few short text values, for a change this version has no wording for. */
function genericSubject(args: Record<string, unknown>): string | null {
  const parts = Object.entries(args)
    .filter(([key, value]) => typeof value === 'string' && value.trim() && value.length <= 60 && key !== 'id' && !/Id$/.test(key))
    .slice(0, 3)
    .map(([key, value]) => `${labelForPath(key)}: ${String(value).trim()}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/**
 * `timeZoneOf` gives the time zone of a facility (appointment times are shown in the facility's zone); when
 * it is not known the time is shown in UTC, labelled so.
 */
export function issueHeadline(issue: SyncIssue, timeZoneOf: (facilityId: string) => string | null): IssueHeadline {
  const args = isRecord(issue.args) ? issue.args : {};
  const isNew = typeof args.id !== 'string';
  switch (issue.name) {
    case 'facility.save':
      return { title: isNew ? 'New facility' : 'Changes to a facility', subject: both(text(args, 'name'), text(args, 'code')) };
    case 'clinic.update':
      return { title: 'Changes to the clinic settings', subject: text(args, 'name') };
    case 'user.save':
      return { title: isNew ? 'New user' : 'Changes to a user', subject: both(text(args, 'displayName'), text(args, 'username')) };
    case 'appointment.book': {
      const { startsAt, endsAt, facilityId } = args;
      if (typeof startsAt !== 'number') return { title: 'Appointment booking', subject: null };
      const zone = (typeof facilityId === 'string' ? timeZoneOf(facilityId) : null) ?? 'UTC';
      const time = typeof endsAt === 'number' ? `${localTime(startsAt, zone)}–${timeInZone(endsAt, zone)}` : timeInZone(startsAt, zone);
      return { title: 'Appointment booking', subject: `${dateInZone(startsAt, zone)}, ${time}` };
    }
    default:
      return { title: issue.description, subject: genericSubject(args) };
  }
}

/** Reasons the server gives as a code rather than a sentence. */
const REASON_WORDS: Readonly<Record<string, string>> = {
  slot_taken: 'This time is already booked',
  period_closed: 'This period is closed',
};

/** A field's reason in words: `Code: Already used by another facility`. */
export function fieldReason(field: FieldError): string {
  const message = REASON_WORDS[field.message] ?? field.message;
  return field.path ? `${labelForPath(field.path)}: ${message}` : message;
}

/** Field messages keyed by path, in words, for the form. */
export function reasonsByPath(fields: readonly FieldError[]): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const field of fields) byPath[field.path] ??= REASON_WORDS[field.message] ?? field.message;
  return byPath;
}
