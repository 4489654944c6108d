import { describe, expect, it } from 'vitest';
import { applyDrafts, buildArgsForm, labelForPath, shownPaths, type FormNode } from './args-form';

const facility = {
  name: 'Mine',
  code: 'TAKEN-1',
  addressLine1: '1 Test Way',
  addressLine2: null,
  city: 'Austin',
  state: 'TX',
  postalCode: '78701',
  phone: null,
  latitude: null,
  longitude: null,
  timeZone: 'America/Chicago',
  hours: { mon: [{ open: '08:00', close: '17:00' }], tue: [] },
  isActive: true,
  resources: [{ id: '0190a1b2-0000-7000-8000-000000000001', name: 'Room 1', kind: 'room', isActive: true }],
};

function find(nodes: readonly FormNode[], path: string): FormNode | undefined {
  for (const node of nodes) {
    if (node.path === path) return node;
    if (node.type === 'group') {
      const inner = find(node.children, path);
      if (inner) return inner;
    }
  }
  return undefined;
}

describe('the edit-and-retry form of a refused change', () => {
  it('gives every value a labelled control of the right kind, from the mutation schema', () => {
    const form = buildArgsForm('facility.save', facility, 'America/Chicago');
    if (!form) throw new Error('no form');
    expect(find(form.nodes, 'code')).toMatchObject({ type: 'field', label: 'Code', leaf: { kind: 'text', empty: 'value' } });
    expect(find(form.nodes, 'addressLine2')).toMatchObject({ label: 'Address line 2', leaf: { kind: 'text', empty: 'null' } });
    expect(find(form.nodes, 'latitude')).toMatchObject({ leaf: { kind: 'number', empty: 'null' } });
    expect(find(form.nodes, 'timeZone')).toMatchObject({ leaf: { kind: 'timeZone' } });
    expect(find(form.nodes, 'isActive')).toMatchObject({ leaf: { kind: 'boolean' } });
    expect(find(form.nodes, 'hours')).toMatchObject({ type: 'group', layout: 'section', label: 'Opening hours' });
    expect(find(form.nodes, 'hours.mon.0')).toMatchObject({ type: 'group', layout: 'row', label: 'Monday' });
    expect(find(form.nodes, 'hours.mon.0.close')).toMatchObject({ label: 'Closes', leaf: { kind: 'time' } });
    expect(find(form.nodes, 'resources.0')).toMatchObject({ type: 'group', label: 'Room or equipment 1' });
    expect(find(form.nodes, 'resources.0.kind')).toMatchObject({ leaf: { kind: 'choice', options: ['room', 'equipment'] } });
    // Ids are kept as entered and not shown.
    expect(find(form.nodes, 'resources.0.id')).toMatchObject({ type: 'kept' });
    expect(shownPaths(form.nodes).has('resources.0.id')).toBe(false);
    expect(form.initial).toMatchObject({ code: 'TAKEN-1', addressLine2: '', latitude: '', isActive: true, 'hours.mon.0.close': '17:00' });
  });

  it('sends back the original input with only the edited values changed', () => {
    const form = buildArgsForm('facility.save', facility, 'America/Chicago');
    if (!form) throw new Error('no form');
    const edited = applyDrafts(facility, form, { ...form.initial, code: 'MINE-2', 'hours.mon.0.close': '18:30', latitude: '30.27', longitude: '-97.74' }, 'America/Chicago');
    expect(edited).toEqual({
      ok: true,
      args: { ...facility, code: 'MINE-2', latitude: 30.27, longitude: -97.74, hours: { mon: [{ open: '08:00', close: '18:30' }], tue: [] } },
    });
    // The original is untouched (the inbox still shows what was entered).
    expect(facility.code).toBe('TAKEN-1');
  });

  it('reports a number it cannot read instead of guessing', () => {
    const form = buildArgsForm('facility.save', facility, 'America/Chicago');
    if (!form) throw new Error('no form');
    expect(applyDrafts(facility, form, { ...form.initial, latitude: 'north' }, 'UTC')).toEqual({ ok: false, fields: [{ path: 'latitude', message: 'Enter a number' }] });
  });

  it('edits roles as choices and an appointment time in the facility time zone', () => {
    const user = { id: '0190a1b2-0000-7000-8000-000000000002', username: 'new.desk', displayName: 'New Desk', email: null, isActive: true, roles: ['front_desk'], facilityIds: [], physicianId: null, attorneyId: null, referringDoctorId: null };
    const userForm = buildArgsForm('user.save', user, 'UTC');
    expect(userForm && find(userForm.nodes, 'roles')).toMatchObject({ type: 'choices', options: expect.arrayContaining(['front_desk', 'billing']) });
    expect(userForm && find(userForm.nodes, 'facilityIds')).toMatchObject({ type: 'kept' });

    const startsAt = Date.UTC(2026, 2, 3, 15, 0); // 09:00 in Chicago (CST)
    const booking = { facilityId: user.id, physicianId: user.id, patientId: user.id, examTypeId: user.id, startsAt, endsAt: startsAt + 30 * 60_000, notes: null };
    const form = buildArgsForm('appointment.book', booking, 'America/Chicago');
    if (!form) throw new Error('no form');
    expect(form.initial.startsAt).toBe('2026-03-03T09:00');
    const edited = applyDrafts(booking, form, { ...form.initial, startsAt: '2026-03-03T10:15', endsAt: '2026-03-03T10:45' }, 'America/Chicago');
    expect(edited).toEqual({ ok: true, args: { ...booking, startsAt: startsAt + 75 * 60_000, endsAt: startsAt + 105 * 60_000 } });
  });

  it('has no form for an input that is not an object, and names paths in words', () => {
    expect(buildArgsForm('facility.save', 'not an object', 'UTC')).toBeNull();
    expect(labelForPath('hours.mon.0.close')).toBe('Opening hours, Monday 1, Closes');
    expect(labelForPath('facilityIds')).toBe('Facilities');
    expect(labelForPath('')).toBe('The change as a whole');
  });
});
