import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../auth/permissions';
import type { Column } from '../db/columns';
import { syncedTables, type NewRow } from '../db/tables';
import { localDate, localTime, weekdayOf } from '../time/facility-time';
import { DEMO_PASSWORD, DEMO_TABLES, generateDemoClinic, type DemoClinic, type DemoRow, type DemoTableName } from './demo-clinic';
import { uuidV7Timestamp } from './demo-ids';
import { isValidNpi } from '../validation/npi';
import { feeFor } from '../billing/codes';
import { EXAM_TYPE_CATALOG } from './reference-data';

type Rows = { [T in DemoTableName]: NewRow<T>[] };

function collect(demo: DemoClinic): Rows {
  const rows = Object.fromEntries(DEMO_TABLES.map((table) => [table, []])) as unknown as Record<DemoTableName, DemoRow['row'][]>;
  for (const entry of demo.rows()) rows[entry.table].push(entry.row);
  return rows as unknown as Rows;
}

/** Two independent 32-bit FNV-1a hashes over every row's JSON, with the row count (shared/ may not use node:crypto). */
function fingerprint(demo: DemoClinic): string {
  let first = 0x811c9dc5;
  let second = 0x01000193;
  let rows = 0;
  for (const entry of demo.rows()) {
    const text = `${entry.table}\u0000${JSON.stringify(entry.row)}\n`;
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      first = Math.imul(first ^ code, 0x01000193);
      second = Math.imul(second ^ code, 0x5bd1e995) ^ (second >>> 15);
    }
    rows += 1;
  }
  return `${rows}:${(first >>> 0).toString(16)}${(second >>> 0).toString(16)}`;
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    let group = groups.get(name);
    if (!group) groups.set(name, (group = []));
    group.push(item);
  }
  return groups;
}

/** Intervals of one owner must not overlap (sorted by start, each starts at or after the previous end). */
function overlaps(intervals: readonly { starts_at: number; ends_at: number }[]): number {
  const sorted = [...intervals].sort((left, right) => left.starts_at - right.starts_at);
  let count = 0;
  for (let index = 1; index < sorted.length; index += 1) {
    if ((sorted[index] as { starts_at: number }).starts_at < (sorted[index - 1] as { ends_at: number }).ends_at) count += 1;
  }
  return count;
}

/**
 * Every appointment must sit inside an availability template of its physician at its facility, read
 * in the facility's own time zone, on a day the site is open and the physician is not away.
 */
function availabilityViolations(rows: Rows): string[] {
  const zones = new Map(rows.facilities.map((facility) => [facility.id as string, facility.time_zone]));
  const templates = groupBy(rows.availability_templates, (template) => `${template.physician_id}|${template.facility_id}|${template.weekday}`);
  const closures = new Set(rows.facility_closures.map((closure) => `${closure.facility_id}|${closure.closed_on}`));
  const timeOff = groupBy(rows.time_off, (entry) => entry.physician_id);
  const problems: string[] = [];
  for (const appointment of rows.appointments) {
    const zone = zones.get(appointment.facility_id) as string;
    const date = localDate(appointment.starts_at, zone);
    const startMinute = minutesOf(localTime(appointment.starts_at, zone));
    const endMinute = localDate(appointment.ends_at, zone) === date ? minutesOf(localTime(appointment.ends_at, zone)) : 24 * 60;
    const candidates = templates.get(`${appointment.physician_id}|${appointment.facility_id}|${weekdayOf(date)}`) ?? [];
    const fits = candidates.some((template) =>
      template.effective_from <= date && (template.effective_to == null || date <= template.effective_to)
      && template.start_minute <= startMinute && endMinute <= template.end_minute);
    if (!fits) problems.push(`${appointment.id} ${date} ${startMinute}-${endMinute} outside availability`);
    if (closures.has(`${appointment.facility_id}|${date}`)) problems.push(`${appointment.id} on a closure day`);
    if ((timeOff.get(appointment.physician_id) ?? []).some((entry) => entry.starts_at < appointment.ends_at && entry.ends_at > appointment.starts_at)) {
      problems.push(`${appointment.id} during time off`);
    }
    if (appointment.ends_at - appointment.starts_at <= 0) problems.push(`${appointment.id} has no duration`);
  }
  return problems;
}

describe('demo clinic generator', () => {
  let demo: DemoClinic;
  let rows: Rows;

  beforeAll(() => {
    demo = generateDemoClinic();
    rows = collect(demo);
  }, 120_000);

  it('gives byte-identical rows for the same seed and different rows for another seed', () => {
    const scale = { patients: 400, appointments: 2_500 };
    const first = fingerprint(generateDemoClinic({ seed: 7, scale }));
    const second = fingerprint(generateDemoClinic({ seed: 7, scale }));
    const other = fingerprint(generateDemoClinic({ seed: 8, scale }));
    expect(second).toBe(first);
    expect(other).not.toBe(first);
    expect(fingerprint(demo)).toBe(fingerprint(generateDemoClinic()));
  }, 120_000);

  it('serves the same rows per table as in the single pass', () => {
    const small = generateDemoClinic({ seed: 3, scale: { patients: 200, appointments: 1_200 } });
    const all = collect(small);
    expect([...small.tables.appointments]).toEqual(all.appointments);
    expect([...small.tables.documents]).toEqual(all.documents);
    expect([...small.tables.patients]).toEqual(all.patients);
    expect([...small.tables.clinics]).toEqual(all.clinics);
  });

  it('reaches the default scale: 5,000 patients and about 25,000 appointments over six months', () => {
    expect(rows.patients).toHaveLength(5_000);
    expect(rows.appointments.length).toBeGreaterThan(22_500);
    expect(rows.appointments.length).toBeLessThan(30_000);
    expect(rows.facilities).toHaveLength(3);
    expect(new Set(rows.facilities.map((facility) => facility.time_zone)).size).toBe(3);
    expect(rows.physicians.length).toBeGreaterThanOrEqual(15);
    expect(rows.attorneys).toHaveLength(20);
    expect(rows.referring_doctors).toHaveLength(25);
    for (const table of DEMO_TABLES) expect(rows[table].length, table).toBeGreaterThan(0);
    const first = Math.min(...rows.appointments.map((appointment) => appointment.starts_at));
    const last = Math.max(...rows.appointments.map((appointment) => appointment.starts_at));
    expect(localDate(first, 'UTC') < '2026-07-03').toBe(true);
    expect(localDate(last, 'UTC') > '2026-12-20').toBe(true);
  });

  it('configures the clinic with the documented policies', () => {
    expect(rows.clinics).toHaveLength(1);
    expect(rows.clinics[0]).toMatchObject({
      name: 'Riverside Spine & Injury', idle_timeout_minutes: 15, offline_lease_hours: 72, travel_buffer_minutes: 30, treatment_gap_days: 14,
    });
    for (const facility of rows.facilities) {
      const hours = JSON.parse(facility.hours_json) as Record<string, { open: string; close: string }[]>;
      expect(Object.keys(hours)).toEqual(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
      expect(hours.mon?.[0]?.open).toMatch(/^\d{2}:\d{2}$/);
      expect(facility.latitude).toBeTypeOf('number');
    }
  });

  it('has a sign-in for every role with the exact demo usernames and links', () => {
    expect(new Set(demo.users.map((user) => user.role))).toEqual(new Set(ROLES));
    expect(demo.users.map((user) => user.username)).toEqual([
      'superadmin', 'admin', 'exec', 'dr.patel', 'desk.east', 'desk.west', 'billing', 'attorney.reyes', 'referrer.kim',
    ]);
    expect(demo.users.every((user) => user.password === DEMO_PASSWORD)).toBe(true);
    const userByName = new Map(rows.users.map((user) => [user.username, user]));
    const roleOf = new Map(rows.user_roles.map((role) => [role.user_id, role.role]));
    for (const user of demo.users) expect(roleOf.get(user.userId)).toBe(user.role);
    const facilitiesOf = (username: string) => rows.user_facilities.filter((link) => link.user_id === userByName.get(username)?.id).map((link) => link.facility_id);
    expect(facilitiesOf('desk.east')).toEqual([rows.facilities[0]?.id]);
    expect(facilitiesOf('desk.west')).toEqual([rows.facilities[1]?.id]);

    const patel = rows.physicians.find((physician) => physician.id === userByName.get('dr.patel')?.physician_id);
    expect(patel?.last_name).toBe('Patel');
    const reyes = rows.attorneys.find((attorney) => attorney.id === userByName.get('attorney.reyes')?.attorney_id);
    expect(reyes?.name).toMatch(/Reyes$/);
    expect(rows.cases.filter((entry) => entry.attorney_id === reyes?.id).length).toBeGreaterThanOrEqual(5);
    const kim = rows.referring_doctors.find((doctor) => doctor.id === userByName.get('referrer.kim')?.referring_doctor_id);
    expect(kim?.name).toMatch(/Kim/);
    expect(rows.referrals.filter((referral) => referral.referring_doctor_id === kim?.id).length).toBeGreaterThanOrEqual(5);
    expect(rows.appointments.filter((appointment) => appointment.physician_id === patel?.id).length).toBeGreaterThan(100);
  });

  it('gives every synced row the common columns, a UUIDv7 stamped with its creation time, and unique ids', () => {
    const ids = new Set<string>();
    const problems: string[] = [];
    let total = 0;
    for (const entry of demo.rows()) {
      const row = entry.row as { id: string; clinic_id: string; created_at: number; created_by: string; updated_at: number; updated_by: string; deleted_at: number | null };
      const where = `${entry.table} ${row.id}`;
      total += 1;
      ids.add(row.id);
      if (row.clinic_id !== demo.clinicId) problems.push(`${where}: clinic`);
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(row.id)) problems.push(`${where}: not a UUIDv7`);
      if (uuidV7Timestamp(row.id) !== row.created_at) problems.push(`${where}: id time differs from created_at`);
      if (row.created_by !== demo.systemUserId || row.updated_by !== demo.systemUserId) problems.push(`${where}: author`);
      if (row.updated_at < row.created_at) problems.push(`${where}: updated before created`);
      if (row.updated_at > demo.now) problems.push(`${where}: updated after the reference date`);
      if (row.deleted_at !== null) problems.push(`${where}: tombstoned`);
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(ids.size).toBe(total);
  }, 60_000);

  it('fills exactly the schema columns with values of the declared kind', () => {
    const problems: string[] = [];
    for (const table of DEMO_TABLES) {
      const columns = syncedTables[table].columns as Readonly<Record<string, Column>>;
      const expected = Object.keys(columns).sort().join(',');
      for (const row of rows[table] as Record<string, unknown>[]) {
        if (Object.keys(row).sort().join(',') !== expected) problems.push(`${table}: columns ${Object.keys(row).sort().join(',')}`);
        for (const [name, column] of Object.entries(columns)) {
          const value = row[name];
          const where = `${table}.${name}=${String(value)}`;
          if (value === null || value === undefined) {
            if (!column.nullable || value === undefined) problems.push(`${where}: missing`);
            continue;
          }
          if (column.kind === 'enum' && !column.values?.includes(value as string)) problems.push(`${where}: not in enum`);
          if (column.kind === 'bool' && value !== 0 && value !== 1) problems.push(`${where}: not 0/1`);
          if (column.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value as string)) problems.push(`${where}: not a date`);
          if ((column.kind === 'int' || column.kind === 'instant' || column.kind === 'cents') && !Number.isSafeInteger(value)) problems.push(`${where}: not an integer`);
          if (column.kind === 'real' && typeof value !== 'number') problems.push(`${where}: not a number`);
          if ((column.kind === 'id' || column.kind === 'text' || column.kind === 'json') && typeof value !== 'string') problems.push(`${where}: not text`);
          if (column.kind === 'json') {
            try {
              JSON.parse(value as string);
            } catch {
              problems.push(`${where}: not JSON`);
            }
          }
        }
        if (problems.length > 20) break;
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  }, 60_000);

  it('issues NPIs that pass the Luhn check and are unique per clinic', () => {
    for (const physician of rows.physicians) expect(isValidNpi(physician.npi), physician.npi).toBe(true);
    for (const doctor of rows.referring_doctors) expect(doctor.npi == null || isValidNpi(doctor.npi)).toBe(true);
    expect(new Set(rows.physicians.map((physician) => physician.npi)).size).toBe(rows.physicians.length);
  });

  it('keeps MRNs, case numbers and claim references unique, dates of birth date-only', () => {
    expect(new Set(rows.patients.map((patient) => patient.mrn)).size).toBe(rows.patients.length);
    expect(new Set(rows.cases.map((entry) => entry.case_number)).size).toBe(rows.cases.length);
    const invoiceNumbers = rows.invoices.map((invoice) => invoice.invoice_number).filter((number) => number != null);
    expect(new Set(invoiceNumbers).size).toBe(invoiceNumbers.length);
    const references = rows.payments.filter((payment) => payment.external_reference != null).map((payment) => `${payment.payer_type}|${payment.external_reference}`);
    expect(new Set(references).size).toBe(references.length);
    for (const patient of rows.patients) expect(patient.date_of_birth < demo.referenceDate).toBe(true);
  });

  it('never double-books a physician, a room or machine, or a patient', () => {
    for (const [physicianId, appointments] of groupBy(rows.appointments, (appointment) => appointment.physician_id)) {
      expect(overlaps(appointments), physicianId).toBe(0);
    }
    for (const [resourceId, appointments] of groupBy(rows.appointments.filter((appointment) => appointment.resource_id != null), (appointment) => appointment.resource_id as string)) {
      expect(overlaps(appointments), resourceId).toBe(0);
    }
    for (const [patientId, appointments] of groupBy(rows.appointments, (appointment) => appointment.patient_id)) {
      expect(overlaps(appointments), patientId).toBe(0);
    }
  });

  it('places appointments inside availability, in the facility time zone, across a clock change', () => {
    // The default window contains the November fall-back; a spring window contains the March spring-forward.
    expect(availabilityViolations(rows)).toEqual([]);
    const spring = collect(generateDemoClinic({ seed: 11, referenceDate: '2027-04-20', scale: { patients: 600, appointments: 4_000 } }));
    expect(availabilityViolations(spring)).toEqual([]);
    expect(spring.appointments.some((appointment) => localDate(appointment.starts_at, 'America/New_York') === '2027-03-15')).toBe(true);
  }, 60_000);

  it('marks history completed, no-show or cancelled and the coming month scheduled or confirmed', () => {
    for (const appointment of rows.appointments) {
      const isPast = appointment.starts_at < demo.now;
      expect(isPast ? ['completed', 'no_show', 'cancelled'] : ['scheduled', 'confirmed']).toContain(appointment.status);
      expect(appointment.created_at).toBeLessThanOrEqual(Math.min(appointment.starts_at, demo.now));
      if (appointment.status === 'completed') expect(appointment.completed_at).toBeGreaterThanOrEqual(appointment.ends_at);
      if (appointment.status === 'cancelled') expect(appointment.cancel_reason).toBeTruthy();
    }
    const statuses = new Set(rows.appointments.map((appointment) => appointment.status));
    expect([...statuses].sort()).toEqual(['cancelled', 'completed', 'confirmed', 'no_show', 'scheduled']);
  });

  it('has a fee schedule that prices every billable exam code, at the fees its invoices carry', () => {
    const schedule = rows.fee_schedule_entries.map((entry) => ({
      procedureCode: entry.procedure_code, modifier: entry.modifier ?? null, payerType: entry.payer_type ?? null, facilityId: entry.facility_id ?? null,
      feeCents: entry.fee_cents, effectiveFrom: entry.effective_from,
    }));
    const billable = EXAM_TYPE_CATALOG.filter((exam) => exam.isBillable).flatMap((exam): (readonly [string, readonly string[]])[] => [...exam.codes]);
    expect(billable.length).toBeGreaterThan(0);
    for (const [code, modifiers] of billable) {
      for (const facility of rows.facilities) {
        for (const payerType of ['insurance', 'patient', 'attorney', 'workers_comp'] as const) {
          expect(feeFor(schedule, { procedureCode: code, modifiers, payerType, facilityId: facility.id as string, serviceDate: demo.referenceDate }), code).toBeGreaterThan(0);
        }
      }
      expect(rows.procedure_codes.some((row) => row.code === code && row.code_system === 'cpt')).toBe(true);
    }
    for (const line of rows.invoice_lines) {
      const fee = feeFor(schedule, { procedureCode: line.procedure_code, modifiers: JSON.parse(line.modifiers_json as string) as string[], payerType: 'insurance', facilityId: line.facility_id, serviceDate: line.service_date });
      expect(fee, line.procedure_code).toBe(line.unit_fee_cents);
    }
  });

  it('bills in integer cents: lines add up, allocations never exceed payments, credits never exceed the invoice', () => {
    const lines = groupBy(rows.invoice_lines, (line) => line.invoice_id);
    const allocationsByPayment = groupBy(rows.payment_allocations, (allocation) => allocation.payment_id);
    const allocationsByInvoice = groupBy(rows.payment_allocations, (allocation) => allocation.invoice_id);
    const adjustmentsByInvoice = groupBy(rows.adjustments, (adjustment) => adjustment.invoice_id);
    for (const line of rows.invoice_lines) {
      expect(Number.isSafeInteger(line.amount_cents)).toBe(true);
      expect(line.amount_cents).toBe(line.units * line.unit_fee_cents);
    }
    for (const payment of rows.payments) {
      expect(Number.isSafeInteger(payment.amount_cents) && payment.amount_cents > 0).toBe(true);
      const allocated = (allocationsByPayment.get(payment.id as string) ?? []).reduce((sum, allocation) => sum + allocation.amount_cents, 0);
      expect(allocated).toBeLessThanOrEqual(payment.amount_cents);
      expect(payment.received_on < demo.referenceDate).toBe(true);
    }
    for (const invoice of rows.invoices) {
      const total = (lines.get(invoice.id as string) ?? []).reduce((sum, line) => sum + line.amount_cents, 0);
      const paid = (allocationsByInvoice.get(invoice.id as string) ?? []).reduce((sum, allocation) => sum + allocation.amount_cents, 0);
      const adjusted = (adjustmentsByInvoice.get(invoice.id as string) ?? []).reduce((sum, adjustment) => sum + adjustment.amount_cents, 0);
      expect(total).toBeGreaterThan(0);
      expect(paid + adjusted).toBeLessThanOrEqual(total);
      if (invoice.status === 'paid') expect(paid + adjusted).toBe(total);
      if (invoice.status === 'partially_paid') expect(paid + adjusted).toBeGreaterThan(0);
      if (invoice.status === 'draft' || invoice.status === 'void') expect(paid + adjusted).toBe(0);
    }
    for (const adjustment of rows.adjustments) expect(Number.isSafeInteger(adjustment.amount_cents) && adjustment.amount_cents > 0).toBe(true);
    const statuses = new Set(rows.invoices.map((invoice) => invoice.status));
    expect([...statuses].sort()).toEqual(['draft', 'finalized', 'paid', 'partially_paid', 'sent', 'void']);
  });

  it('bills only completed billable exams, and suspends LOP billing until settlement', () => {
    const appointments = new Map(rows.appointments.map((appointment) => [appointment.id as string, appointment]));
    const billable = new Set(rows.exam_types.filter((exam) => exam.is_billable === 1).map((exam) => exam.id));
    for (const line of rows.invoice_lines) {
      const appointment = appointments.get(line.appointment_id as string);
      expect(appointment?.status).toBe('completed');
      expect(billable.has(appointment?.exam_type_id as string)).toBe(true);
    }
    const cases = new Map(rows.cases.map((entry) => [entry.id as string, entry]));
    const suspended = rows.cases.filter((entry) => entry.billing_suspended === 1);
    expect(suspended.length).toBeGreaterThan(100);
    for (const entry of suspended) {
      expect(['pi_auto', 'pi_other']).toContain(entry.case_type);
      expect(['received', 'on_file']).toContain(entry.lop_status);
      expect(entry.lop_document_id).not.toBeNull();
    }
    const paidWhileSuspended = rows.payments.filter((payment) => payment.case_id != null && cases.get(payment.case_id)?.billing_suspended === 1 && payment.payer_type === 'attorney');
    expect(paidWhileSuspended).toEqual([]);
    expect(rows.adjustments.some((adjustment) => adjustment.adjustment_kind === 'reduction')).toBe(true);
    expect(rows.cases.some((entry) => entry.status === 'settled')).toBe(true);
  });

  it('keeps insurance in priority order and documents with their versions', () => {
    for (const [patientId, policies] of groupBy(rows.insurance_policies, (policy) => policy.patient_id)) {
      expect(policies.map((policy) => policy.priority).sort(), patientId).toEqual(policies.length === 1 ? [1] : [1, 2]);
    }
    const versions = groupBy(rows.document_versions, (version) => version.document_id);
    for (const document of rows.documents) {
      const own = versions.get(document.id as string) ?? [];
      expect(own.map((version) => version.version)).toEqual(Array.from({ length: document.current_version }, (_, index) => index + 1));
      for (const version of own) expect(version.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('rejects options that would not produce a clinic', () => {
    expect(() => generateDemoClinic({ seed: -1 })).toThrow();
    expect(() => generateDemoClinic({ referenceDate: '28/11/2026' })).toThrow();
    expect(() => generateDemoClinic({ scale: { patients: 0, appointments: 10 } })).toThrow();
  });
});
