import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '../../shared/auth/permissions';
import { AUTHENTICATED, PUBLIC } from '../../shared/ipc/channel';
import { CHANNEL_NAMES, channels, type ChannelName } from '../../shared/ipc/contract';
import { ERROR_CODES } from '../../shared/ipc/result';
import { createClinicFixture, type ClinicFixture } from '../../test/support/clinic-fixture';
import { sampleInputs } from '../../test/support/sample-inputs';
import type { Caller } from './router';
import { assertContractComplete } from './router';
import { handlers } from './handlers';

let fixture: ClinicFixture;
let samples: ReturnType<typeof sampleInputs>;

beforeAll(async () => {
  fixture = await createClinicFixture();
  samples = sampleInputs(fixture);
});
afterAll(async () => fixture.cleanup());

/** A fresh signed-in window for a role (sessions built in main, as sign-in would). */
function windowFor(role: Role): Caller {
  const windowKey = `matrix-${role}-${Math.random().toString(36).slice(2)}`;
  const user = fixture.users[role];
  fixture.core.sessions.set({
    windowKey, subject: user.subject, username: user.username, displayName: role, clinicName: 'Fixture Clinic',
    deviceId: fixture.core.deviceId, idleTimeoutMs: 15 * 60_000, lastActivityAt: Date.now(), lockedAt: null, mustChangePassword: false,
  });
  return { transport: 'bridge', windowKey };
}

function call(caller: Caller, channel: ChannelName, input: unknown) {
  return fixture.core.router.dispatch(caller, channel, input);
}

describe('role matrix: every channel × every role', () => {
  const cases = CHANNEL_NAMES.flatMap((channel) => ROLES.map((role) => [channel, role] as const));

  it.each(cases)('%s as %s is allowed or forbidden exactly as the permission table says', async (channel, role) => {
    const result = await call(windowFor(role), channel, samples[channel]());
    const permission = channels[channel].permission as string;
    const allowed = permission === PUBLIC || permission === AUTHENTICATED || can({ roles: [role] }, channels[channel].permission as Parameters<typeof can>[1]);
    if (allowed) {
      expect(result.ok ? 'ok' : result.error.code).not.toBe('forbidden');
      expect(result.ok ? 'ok' : result.error.code).not.toBe('unauthenticated');
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('forbidden');
    }
  });

  it('covers 100% of registered channels', () => {
    expect(new Set(cases.map(([channel]) => channel))).toEqual(new Set(Object.keys(handlers)));
  });

  it('refuses to start when a channel has no permission or no handler', () => {
    expect(() => assertContractComplete(handlers)).not.toThrow();
    const withoutOne: Record<string, unknown> = { ...handlers };
    delete withoutOne['clinic.get'];
    expect(() => assertContractComplete(withoutOne)).toThrow(/clinic\.get: no handler/);
    expect(() => assertContractComplete({ ...handlers, 'rogue.channel': async () => null })).toThrow(/handler without a channel/);
  });

  it('answers unauthenticated for every non-public channel without a session', async () => {
    for (const channel of CHANNEL_NAMES) {
      if (channels[channel].permission === PUBLIC) continue;
      const result = await call({ transport: 'bridge', windowKey: 'nobody' }, channel, samples[channel]());
      expect(result.ok ? 'ok' : result.error.code, channel).toBe('unauthenticated');
    }
  });

  it('refuses IPC from an untrusted sender before anything else', async () => {
    const evil = { transport: 'ipc', windowKey: '1', sender: { url: 'https://evil.example/', isMainFrame: true } } as const;
    const iframe = { transport: 'ipc', windowKey: '1', sender: { url: 'app://medora/', isMainFrame: false } } as const;
    for (const caller of [evil, iframe]) {
      const result = await call(caller, 'app.status', {});
      expect(result.ok ? 'ok' : result.error.code).toBe('bad_sender');
    }
    const trusted = await call({ transport: 'ipc', windowKey: '1', sender: { url: 'app://medora/index.html', isMainFrame: true } }, 'app.status', {});
    expect(trusted.ok).toBe(true);
  });
});

describe('IPC fuzz: malformed input on every channel', () => {
  const codes = new Set(Object.keys(ERROR_CODES));

  it.each(CHANNEL_NAMES)('%s answers a typed error, never crashes, and writes nothing on invalid input', async (channel) => {
    const valid = samples[channel]() as Record<string, unknown>;
    const keys = Object.keys(valid);
    const mutated = fc.oneof(
      fc.anything(),
      fc.constantFrom(null, undefined, 42, 'text', [], [1, 2], true, { __proto__: { polluted: 1 } }, JSON.parse('{"__proto__":{"x":1}}')),
      fc.record({ extra: fc.anything() }).map((extra) => ({ ...valid, ...extra })),
      keys.length > 0 ? fc.constantFrom(...keys).chain((key) => fc.anything().map((value) => ({ ...valid, [key]: value }))) : fc.constant({ unexpected: 1 }),
      keys.length > 0 ? fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))) : fc.constant([]),
      fc.string({ maxLength: 5000 }).map((s) => (keys.length > 0 ? { ...valid, [keys[0] as string]: s } : { s })),
    );
    await fc.assert(
      fc.asyncProperty(mutated, async (input) => {
        const before = await fixture.rowCounts();
        const result = await call(windowFor('clinic_admin'), channel, input);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(codes.has(result.error.code)).toBe(true);
          expect(JSON.stringify(result.error)).not.toMatch(/\n\s+at /);
          if (result.error.code === 'invalid_input') expect(await fixture.rowCounts()).toEqual(before);
        }
      }),
      { numRuns: 60, verbose: true },
    );
  });

  it('rejects an unknown channel name with a typed error', async () => {
    for (const name of ['', 'nope', '__proto__', 'constructor', 'toString', 'clinic.get.extra', 42, null]) {
      const result = await call(windowFor('clinic_admin'), name as ChannelName, {});
      expect(result.ok ? 'ok' : result.error.code).toBe('unknown_channel');
    }
  });

  it('names the fields that failed validation', async () => {
    const result = await call(windowFor('clinic_admin'), 'facility.save', { ...samples['facility.save'](), state: 'New York', latitude: 200 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.fields?.map((f) => f.path).sort()).toEqual(['latitude', 'state']);
    }
  });
});

describe('row scope', () => {
  it('a front-desk user of facility A cannot read facility B appointments through any channel', async () => {
    const desk = windowFor('front_desk');
    const own = await call(desk, 'appointment.day', { facilityId: fixture.facilityA, date: '2026-11-30' });
    expect(own.ok).toBe(true);
    if (own.ok) {
      const day = own.value as { appointments: { facilityId: string }[] };
      expect(day.appointments.length).toBe(2);
      expect(day.appointments.every((a) => a.facilityId === fixture.facilityA)).toBe(true);
    }
    const other = await call(desk, 'appointment.day', { facilityId: fixture.facilityB, date: '2026-11-30' });
    expect(other.ok ? 'ok' : other.error.code).toBe('forbidden');
    // No other channel returns appointments or patients of facility B to this user.
    for (const channel of CHANNEL_NAMES) {
      const result = await call(desk, channel, channel === 'appointment.day' ? { facilityId: fixture.facilityB, date: '2026-11-30' } : samples[channel]());
      expect(JSON.stringify(result)).not.toContain('Bianca');
    }
  });

  it('a physician sees only their own appointments', async () => {
    const result = await call(windowFor('physician'), 'appointment.day', { facilityId: fixture.facilityA, date: '2026-11-30' });
    expect(result.ok).toBe(true);
    if (result.ok) {
      const day = result.value as { appointments: { physicianId: string }[] };
      expect(day.appointments.map((a) => a.physicianId)).toEqual([fixture.users.physician.subject.physicianId]);
    }
  });

  it('day boundaries follow the facility time zone, not the workstation', async () => {
    const result = await call(windowFor('clinic_admin'), 'appointment.day', { facilityId: fixture.facilityB, date: '2026-11-30' });
    expect(result.ok).toBe(true);
    if (result.ok) {
      const day = result.value as { dayStartsAt: number; appointments: unknown[] };
      expect(new Date(day.dayStartsAt).toISOString()).toBe('2026-11-30T08:00:00.000Z');
      expect(day.appointments).toHaveLength(1);
    }
  });
});
