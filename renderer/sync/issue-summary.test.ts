import { describe, expect, it } from 'vitest';
import type { SyncIssue } from '../../shared/sync/sync.contract';
import { fieldReason, issueHeadline, reasonsByPath } from './issue-summary';

function issue(name: string, args: unknown): SyncIssue {
  return {
    id: '0190a1b2-0000-7000-8000-00000000000a',
    name,
    description: 'Something the server refused.',
    args,
    code: 'conflict',
    message: 'Refused.',
    fields: [],
    status: 'open',
    createdAt: 0,
    resolvedAt: null,
  };
}

const FACILITY_ID = '0190a1b2-0000-7000-8000-00000000000f';
const noZone = () => null;

describe('what a refused change was, in words', () => {
  it('names the record from its input', () => {
    expect(issueHeadline(issue('facility.save', { name: 'Northside Annex', code: 'NORTH' }), noZone)).toEqual({ title: 'New facility', subject: 'Northside Annex (NORTH)' });
    expect(issueHeadline(issue('facility.save', { id: FACILITY_ID, name: 'Eastside', code: 'EAST' }), noZone).title).toBe('Changes to a facility');
    expect(issueHeadline(issue('user.save', { username: 'desk.relief', displayName: 'Riley Relief' }), noZone)).toEqual({ title: 'New user', subject: 'Riley Relief (desk.relief)' });
    expect(issueHeadline(issue('clinic.update', { name: 'Riverside' }), noZone)).toEqual({ title: 'Changes to the clinic settings', subject: 'Riverside' });
  });

  it("shows a booking's time in the facility's zone, or says UTC when that zone is not known", () => {
    const startsAt = Date.UTC(2026, 2, 3, 15, 0);
    const booking = issue('appointment.book', { facilityId: FACILITY_ID, startsAt, endsAt: startsAt + 30 * 60_000 });
    expect(issueHeadline(booking, (id) => (id === FACILITY_ID ? 'America/Chicago' : null)).subject).toBe('Mar 3, 2026, 09:00–09:30 CST');
    expect(issueHeadline(booking, noZone).subject).toBe('Mar 3, 2026, 15:00–15:30 UTC');
  });

  it('falls back to the description and a few short values for a change it has no words for', () => {
    expect(issueHeadline(issue('invoice.issue', { id: FACILITY_ID, number: 'INV-7', memo: 'March' }), noZone)).toEqual({
      title: 'Something the server refused.',
      subject: 'Number: INV-7 · Memo: March',
    });
  });

  it('turns field reasons given as codes into sentences and names the field', () => {
    expect(fieldReason({ path: 'startsAt', message: 'slot_taken' })).toBe('Starts: This time is already booked');
    expect(fieldReason({ path: 'resources.0.name', message: 'Resource name is required' })).toBe('Rooms and equipment 1, Name: Resource name is required');
    expect(reasonsByPath([{ path: 'code', message: 'Already used by another facility' }, { path: 'code', message: 'second' }])).toEqual({ code: 'Already used by another facility' });
  });
});
