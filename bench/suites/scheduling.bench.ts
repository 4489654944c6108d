import { startCore } from '../../main/core';
import type { Caller } from '../../main/ipc/router';
import { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';
import { addDaysToDate, localDate } from '../../shared/time/facility-time';
import { atMost, count, measureWithCpu, milliseconds, reported, seconds, warmUpUntilSettled, type BenchContext, type CpuTiming, type SuiteReport, type WarmUp } from '../harness';
import { ensureSchedulingDatabase, FACILITY_PHYSICIANS, SCHEDULING_NOW } from '../scheduling-database';

const WARMUP = 20;
const ITERATIONS = 200;
/**
 * The day and the week are timed as in a main process that has been running (it runs all day): untimed
 * calls until V8's optimization has settled, i.e. until the CPU median of a window of calls has not
 * fallen more than 3 % below the lowest so far for three windows in a row, with a cap. On this machine
 * its rule stopped after 175–275 day calls and 50 week calls; with 20 warm-up calls the p95 was mostly
 * those still-optimizing calls.
 * The first calls are reported in rows of their own.
 */
const DAY_SETTLE = { window: 25, minimum: 100, cap: 1000 };
const WEEK_SETTLE = { window: 10, minimum: 40, cap: 300 };

type Timing = CpuTiming;

/**
 * The scheduling targets of the scheduling issue, through the real router (session, zod validation,
 * permission, the handler, the row-scoped repository, the audit entry a PHI read writes) on a replica
 * of 1,000,000 appointments with a facility of 40 physicians. The clock is fixed (`SCHEDULING_NOW`) so
 * every run asks the same questions of the same data.
 */
export async function run(context: BenchContext): Promise<SuiteReport> {
  const database = await ensureSchedulingDatabase(context);
  const core = await startCore({ dataDir: database.dataDir, now: () => SCHEDULING_NOW });
  try {
    if (!core.db || !core.replica) throw new Error(`The core did not start: ${core.status.problem ?? 'unknown problem'}`);
    const sqlite = core.replica.sqlite;
    const sign = async (username: string): Promise<Caller> => {
      const caller: Caller = { transport: 'bridge', windowKey: `bench-scheduling-${username}` };
      const login = await core.router.dispatch(caller, 'auth.login', { username, password: DEMO_PASSWORD });
      if (!login.ok) throw new Error(`Sign-in as ${username} failed: ${login.error.message}`);
      return caller;
    };
    const desk = await sign('desk.east');
    const admin = await sign('admin');
    const call = async (caller: Caller, channel: string, input: unknown): Promise<unknown> => {
      const result = await core.router.dispatch(caller, channel, input);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
      return result.value;
    };

    const today = localDate(SCHEDULING_NOW, database.facilityZone);
    // Weekdays of the next four weeks: each timed call asks for a different day, as a desk paging through.
    const days = Array.from({ length: 28 }, (_, index) => addDaysToDate(today, index)).filter((date) => ![0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay()));
    const mondays = Array.from({ length: 8 }, (_, index) => addDaysToDate(today, 7 * index - 28));
    let turn = 0;
    const timed = async (label: string, operation: () => Promise<unknown>, options: { warmup: number; iterations: number }): Promise<Timing> => {
      const summary = await measureWithCpu(operation, options);
      context.log(`  ${label}: median ${milliseconds(summary.medianMs)}, p95 ${milliseconds(summary.p95Ms)}; CPU median ${milliseconds(summary.cpu.medianMs)}, p95 ${milliseconds(summary.cpu.p95Ms)}`);
      return summary;
    };
    const next = <T>(items: readonly T[]): T => items[turn++ % items.length] as T;

    // The first calendar call of the process: it also loads the facility's set-up and the patients' names.
    const firstCpu = process.cpuUsage();
    const firstStarted = process.hrtime.bigint();
    const sample = await call(desk, 'calendar.day', { facilityId: database.facilityId, date: today }) as { columns: { appointments: unknown[] }[] };
    const firstDayMs = Number(process.hrtime.bigint() - firstStarted) / 1e6;
    const firstDayUsed = process.cpuUsage(firstCpu);
    const firstDayCpuMs = (firstDayUsed.user + firstDayUsed.system) / 1000;
    const dayAppointments = sample.columns.reduce((sum, column) => sum + column.appointments.length, 0);
    if (sample.columns.length < FACILITY_PHYSICIANS) throw new Error(`The day view has ${sample.columns.length} columns, expected ${FACILITY_PHYSICIANS}`);

    context.log('Timing calendar.day...');
    const settle = async (label: string, operation: () => Promise<unknown>, options: typeof DAY_SETTLE): Promise<WarmUp> => {
      const warm = await warmUpUntilSettled(operation, options);
      context.log(`  ${label} warm-up: ${warm.calls} calls (${warm.settled ? 'settled' : 'cap reached'}); CPU median per ${options.window} calls: ` +
        warm.windowCpuMediansMs.map((value) => value.toFixed(2)).join(', '));
      return warm;
    };
    const dayCall = () => call(desk, 'calendar.day', { facilityId: database.facilityId, date: next(days) });
    const dayWarm = await settle('calendar.day', dayCall, DAY_SETTLE);
    const day = await timed('calendar.day', dayCall, { warmup: 0, iterations: ITERATIONS });
    context.log('Timing calendar.week...');
    const weekCall = () => call(desk, 'calendar.week', { facilityId: database.facilityId, startDate: next(mondays) });
    const weekWarm = await settle('calendar.week', weekCall, WEEK_SETTLE);
    const week = await timed('calendar.week', weekCall, { warmup: 0, iterations: 60 });
    // A workstation that has been offline for a while: 1,000 unconfirmed bookings (each captured as the
    // appointment and two event rows) in its undo log, so the calendar's pending marks have rows to find.
    const pendingClient = 'bench-offline-desk';
    const upcoming = (sqlite.prepare('SELECT id FROM appointments WHERE facility_id = ? AND starts_at >= ? ORDER BY starts_at LIMIT 1000')
      .all(database.facilityId, SCHEDULING_NOW) as { id: string }[]).map((row) => row.id);
    const addUndo = sqlite.prepare('INSERT INTO undo_log (client_id, mutation_id, table_name, row_id, old_row_json) VALUES (?, ?, ?, ?, NULL)');
    sqlite.transaction(() => upcoming.forEach((id, index) => {
      addUndo.run(pendingClient, index + 1, 'appointments', id);
      addUndo.run(pendingClient, index + 1, 'appointment_events', `${id}-created`);
      addUndo.run(pendingClient, index + 1, 'appointment_events', `${id}-reminder`);
    }))();
    let offline: Timing;
    try {
      offline = await timed('calendar.day offline', () => call(desk, 'calendar.day', { facilityId: database.facilityId, date: next(days) }), { warmup: WARMUP, iterations: ITERATIONS });
    } finally {
      sqlite.prepare('DELETE FROM undo_log WHERE client_id = ?').run(pendingClient);
    }
    const flow = await timed('calendar.flowBoard', () => call(desk, 'calendar.flowBoard', { facilityId: database.facilityId }), { warmup: 5, iterations: 100 });

    context.log('Timing appointment.nextAvailable...');
    const nextAvailable = await timed('appointment.nextAvailable admin', () => call(admin, 'appointment.nextAvailable', { examTypeId: database.examTypeId, withinDays: 28 }), { warmup: 3, iterations: 30 });
    const nextAvailableDesk = await timed('appointment.nextAvailable desk', () => call(desk, 'appointment.nextAvailable', { examTypeId: database.examTypeId, withinDays: 28 }), { warmup: 3, iterations: 30 });
    // The whole four weeks: every free slot across every physician (the largest limit the channel takes is 50,
    // so this is the walk the channel's handler makes through `booking.slots` without a limit).
    let allSlots = 0;
    const slotWalk = await timed('appointment.slots 4 weeks', async () => {
      const response = await call(admin, 'appointment.slots', { examTypeId: database.examTypeId, facilityId: database.facilityId, from: today, to: addDaysToDate(today, 27) }) as unknown[];
      allSlots = response.length;
    }, { warmup: 2, iterations: 20 });

    context.log('Timing series.preview and appointment.check...');
    // A physician of the facility who offers the exam, and a patient of theirs.
    const busy = sqlite.prepare(`SELECT a.physician_id, a.patient_id FROM appointments a WHERE a.facility_id = ? AND a.starts_at >= ? AND a.status = 'scheduled'
      AND a.physician_id IN (SELECT physician_id FROM exam_type_offerings WHERE exam_type_id = ? AND deleted_at IS NULL)
      ORDER BY a.starts_at LIMIT 1`).get(database.facilityId, SCHEDULING_NOW, database.examTypeId) as { physician_id: string; patient_id: string };
    const seriesInput = (week: number) => ({
      patientId: busy.patient_id, physicianId: busy.physician_id, facilityId: database.facilityId, examTypeId: database.examTypeId,
      rule: { startDate: addDaysToDate(today, 7 * week), weekdays: [1, 3, 5], weeks: 4, startTime: '10:00' },
    });
    const preview = await call(desk, 'series.preview', seriesInput(1)) as { occurrences: { conflicts: unknown[] }[] };
    if (preview.occurrences.length !== 12) throw new Error(`series.preview gave ${preview.occurrences.length} occurrences, expected 12`);
    const seriesConflicts = preview.occurrences.reduce((sum, occurrence) => sum + occurrence.conflicts.length, 0);
    const series = await timed('series.preview', () => call(desk, 'series.preview', seriesInput(1 + (turn++ % 8))), { warmup: 10, iterations: 100 });
    const single = await timed('appointment.check', () => {
      const startsAt = SCHEDULING_NOW + (1 + (turn++ % 20)) * 86_400_000;
      return call(desk, 'appointment.check', {
        facilityId: database.facilityId, physicianId: busy.physician_id, patientId: busy.patient_id, examTypeId: database.examTypeId, startsAt, endsAt: startsAt + 45 * 60_000,
      });
    }, { warmup: 10, iterations: 200 });

    // The target is on wall time; the CPU time the same calls used stands beside it.
    const target = (metric: string, s: Timing, targetMs: number) => {
      const row = atMost(metric, s.p95Ms, targetMs);
      return { ...row, result: `${row.result} (CPU ${milliseconds(s.cpu.p95Ms)})` };
    };
    const warmed = (w: WarmUp) => `after ${count(w.calls)} untimed calls (${w.settled ? 'V8 settled' : 'the cap; not settled'})`;
    const early = (w: WarmUp, size: number) => `calls 2–${size + 1} of the process: ${line(w.early)}`;
    const line = (s: Timing) => `median ${milliseconds(s.medianMs)}, p95 ${milliseconds(s.p95Ms)}, max ${milliseconds(s.maxMs)} (${count(s.iterations)} calls); ` +
      `CPU time median ${milliseconds(s.cpu.medianMs)}, p95 ${milliseconds(s.cpu.p95Ms)}`;
    return {
      title: 'Scheduling on a replica of 1,000,000 appointments',
      description:
        `Channels dispatched through the router as \`desk.east\` (facility scope) or \`admin\` (clinic scope) on a replica of ${count(database.appointments)} appointments ` +
        `(built in ${seconds(database.buildMs)} on ${database.builtAt} by \`bench/scheduling-database.ts\`, cached in \`.tmp/bench/scheduling/\`), ` +
        `where the busy facility has ${FACILITY_PHYSICIANS} physicians with 82–90 % booked weekday templates (${count(dayAppointments)} appointments on the first day asked). ` +
        'Each timed call asks for another day, week or series start; every PHI read also writes its audit entry.',
      rows: [
        target(`\`calendar.day\`, one facility, ${FACILITY_PHYSICIANS} physicians, p95, ${warmed(dayWarm)}`, day, 5),
        target(`\`calendar.week\`, the same facility, p95, ${warmed(weekWarm)}`, week, 20),
        target('`appointment.nextAvailable`, 45-minute consult, next 4 weeks, every facility and physician (`admin`), p95', nextAvailable, 50),
        target('`series.preview`: conflict check of a 12-occurrence series (3×/week for 4 weeks), p95', series, 10),
        reported('`calendar.day`', line(day)),
        reported('`calendar.day`, the first calendar call of the process (also loads the facility\'s set-up and the patients\' names)', `${milliseconds(firstDayMs)} (CPU ${milliseconds(firstDayCpuMs)})`),
        reported('`calendar.day`, early calls (V8 still optimizing)', early(dayWarm, DAY_SETTLE.window)),
        reported(`\`calendar.day\` with ${count(upcoming.length * 3)} unconfirmed row changes in the undo log (offline desk)`, line(offline)),
        reported('`calendar.week`', line(week)),
        reported('`calendar.week`, early calls (V8 still optimizing)', `the first ${WEEK_SETTLE.window} week calls: ${line(weekWarm.early)}`),
        reported('`calendar.flowBoard` (today)', line(flow)),
        reported('`appointment.nextAvailable` (`admin`, 5 slots)', line(nextAvailable)),
        reported('`appointment.nextAvailable` (`desk.east`, 5 slots)', line(nextAvailableDesk)),
        reported(`\`appointment.slots\`: every free consult slot at the facility over 4 weeks (${count(allSlots)} slots)`, line(slotWalk)),
        reported(`\`series.preview\` (${seriesConflicts} conflicts in the first series)`, line(series)),
        reported('`appointment.check` (one placement)', line(single)),
      ],
      notes: [
        `Warm-up: the app's main process runs all day, so the day and the week are timed in steady state. Before the timed calls, untimed calls run in windows ` +
        `(the day ${DAY_SETTLE.window} calls, the week ${WEEK_SETTLE.window}) until the CPU median of three windows in a row has not fallen more than 3 % below the ` +
        `lowest window so far (at least ${DAY_SETTLE.minimum} day / ${WEEK_SETTLE.minimum} week calls, at most ${count(DAY_SETTLE.cap)} / ${WEEK_SETTLE.cap}); ` +
        'before that V8 is still optimizing the code on its helper threads, which process.cpuUsage counts. The first calendar call and the first window of calls ' +
        'are rows of their own above. Until the fifth pass the warm-up was a fixed 20 day / 5 week calls, so earlier p95 figures include still-optimizing calls.',
        'Measured in the main process without the Electron IPC hop (see the IPC section for that). Wall times on this shared 2-core machine run several times ' +
        'above an idle workstation\'s; compare runs by their load average.',
        'CPU time is the process\'s user + system time during each call (process.cpuUsage): with a load average of 8–15 on 2 cores, wall time is mostly ' +
        'waiting for a core, and the targets (set for a workstation) are met only where CPU time is well under them.',
        'First pass (docs/scheduling.md, Performance), load average 13–17: before it, `calendar.day` median 118 ms / p95 275 ms, `calendar.week` 1,457 / 2,110 ms, ' +
        '`appointment.nextAvailable` (`admin`) 5,611 / 9,081 ms, every slot over 4 weeks 15,013 / 33,959 ms, and `series.preview` scanned all 1,000,000 appointments.',
        'Second pass (prepared statements, calendar rows as arrays, ends_at in the booking indexes, one-day first chunk), measured on 2026-11-28 at load average 7.75 / 7.41 / 5.11 ' +
        'before it, CPU time median / p95 per call: `calendar.day` 11.3 / 18.4 ms (wall 31.5 / 89.4 ms), `calendar.week` 47.1 / 77.6 ms (wall 130 / 795 ms), ' +
        '`appointment.nextAvailable` (`admin`) 57.6 / 112 ms (wall 92 / 168 ms), every slot over 4 weeks 148 / 180 ms, `series.preview` 29.8 / 74.1 ms (wall 130 / 312 ms), ' +
        '`appointment.check` 3.2 / 6.6 ms.',
        'Third pass (set-up kept in main until a write touches its tables, patients\' names remembered, pending marks and busy-elsewhere folded into two statements, ' +
        '`facility_id` in `appointments_physician_start`, a series\' bookings read in one statement per list; docs/scheduling.md), measured on 2026-11-28 at load average ' +
        '1.20 / 2.52 / 2.67 before it, wall median / p95 (CPU median / p95) per call: `calendar.day` 6.0 / 13.6 ms (6.9 / 13.2 ms), `calendar.week` 21.1 / 24.3 ms ' +
        '(21.4 / 26.4 ms), `series.preview` 13.3 / 27.3 ms (13.5 / 37.6 ms), `appointment.nextAvailable` (`admin`) 10.7 / 22.1 ms (20.9 / 41.6 ms). After it (2026-11-29, ' +
        'load 1.72): `calendar.day` 5.0 / 13.6 ms (5.5 / 12.5 ms), `calendar.week` 14.2 / 38.7 ms (15.1 / 49.8 ms).',
        'Fourth pass, calendar (the calendar\'s response built with less garbage: a day\'s call allocates 733 KiB instead of 1,180, a week\'s 3.1 MiB instead of 5.2; ' +
        'docs/scheduling.md), old and new code back to back on 2026-11-29 at load average 9.6–12.3, wall median / p95 (CPU median / p95): `calendar.day` ' +
        '12.7 / 54.1 ms (3.9 / 10.2 ms) before, 7.5 / 28.7 ms (3.5 / 8.4 ms) after; `calendar.week` 39.4 / 87.6 ms (13.3 / 28.5 ms) before, ' +
        '23.6 / 55.0 ms (11.7 / 22.5 ms) after.',
        'Fourth pass, series preview and slots (a series\' rooms read a batch of candidates at a time until a free one is known, wall clocks from the zone\'s offset per hour, the clinic\'s facilities, rooms and travel buffer kept in main, ' +
        '`physician_id` in `appointments_resource_start`; docs/scheduling.md): the suite before it, at load average 1.72 / 1.96 / 5.20 (2026-11-29 00:18 UTC), ' +
        'wall median / p95 (CPU median / p95) per call: `series.preview` 9.9 / 12.9 ms (10.4 / 17.4 ms), `appointment.check` 2.8 / 4.1 ms (2.9 / 6.6 ms), ' +
        'every slot over 4 weeks 88.6 / 107 ms (97.7 / 117 ms), `appointment.nextAvailable` (`admin`) 12.4 / 19.5 ms (15.7 / 37.1 ms). ' +
        'Old and new code back to back at load 12–20, CPU median: `series.preview` 10.3 → 5.3–6.0 ms, every slot over 4 weeks 116–133 → 99–105 ms.',
        'Fifth pass, calendar (the day and week timed in steady state; docs/scheduling.md): the suite with 20 warm-up calls and with the settled warm-up, alternately on ' +
        '2026-11-29 at load average 9.7–11.0, wall median / p95 (CPU median / p95): `calendar.day` 19.7 / 98.8 ms (4.2 / 11.9 ms) and 12.9 / 34.7 ms (5.4 / 10.3 ms) ' +
        'with 20, 7.7 / 18.1 ms (3.6 / 6.1 ms) and 8.9 / 23.9 ms (3.6 / 7.8 ms) settled; `calendar.week` 29.5 / 86.4 ms (13.3 / 35.5 ms) and 30.9 / 63.7 ms ' +
        '(13.0 / 22.3 ms) with 5, 42.6 / 121 ms (13.9 / 20.5 ms) and 33.4 / 52.6 ms (12.9 / 18.3 ms) settled. A larger young generation ' +
        '(`--max-semi-space-size=64`) was measured and not kept: fewer but longer scavenges, no change in p95, 30–90 MiB more RSS. After it: the table above.',
      ],
    };
  } finally {
    await core.close();
  }
}
