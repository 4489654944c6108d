import type { Role } from '../auth/permissions';
import { instantAt, weekdayOf } from '../time/facility-time';
import { clinicHolidays, daysBetween, FacilityClock, shiftDate } from './calendar';
import { demoUuidV7 } from './demo-ids';
import {
  DEMO_TABLES, syncedColumns, type DemoContext, type DemoMaster, type DemoRow, type DemoScale, type DemoUser, type ExamChoice,
  type ExamTypeModel, type FacilityModel, type FullRow, type PhysicianModel, type ResourceModel, type TemplateModel,
} from './demo-model';
import { randomNpi } from './npi';
import { createRandom, type SeededRandom } from './random';
import {
  EXAM_TYPE_CATALOG, FACILITY_SITES, FEE_SCHEDULE, FEMALE_FIRST_NAMES, HOURS_PATTERNS, LAST_NAMES, LAW_FIRMS, MALE_FIRST_NAMES,
  PHYSICIAN_COLORS, PRACTICE_NAMES, SPECIALTIES, SPECIALTY_ROTATION, WEEKDAY_KEYS,
} from './reference-data';

/** The one password every demo user signs in with (documented in shared/demo/README.md); never a real account. */
export const DEMO_PASSWORD = 'medora-demo-2026';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Slots start on quarter hours; a free quarter hour is the gap left between bookings. */
export const SLOT_MINUTES = 15;
/** Physicians per facility once the scale needs more than the default team. */
const PHYSICIANS_PER_FACILITY = 15;
const BASE_PHYSICIANS = 15;

/** Weekly working days (0 = Sunday), handed out in turn. */
const WEEKDAY_PATTERNS: readonly (readonly number[])[] = [[1, 2, 3, 4, 5], [1, 2, 3, 4], [2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 4, 5, 6]];

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** The Sunday on or before a date: a template boundary both inclusive and exclusive readings agree on. */
function sundayOnOrBefore(date: string): string {
  return shiftDate(date, -weekdayOf(date));
}

interface Roster {
  readonly facilities: FacilityModel[];
  readonly physicians: PhysicianModel[];
  readonly examTypes: ExamTypeModel[];
  readonly rows: DemoRow[];
}

/** Builds facilities, exam types and physicians (with availability and time off) for a physician count. */
function buildRoster(context: DemoContext, physicianCount: number): Roster {
  const random = createRandom(context.seed, 'roster');
  const ids = createRandom(context.seed, 'roster-ids');
  const rows: DemoRow[] = [];
  const setupDay = shiftDate(context.referenceDate, -3 * 365);
  const setupAt = (hoursAfter: number) => context.clinicCreatedAt + hoursAfter * HOUR;
  const facilityCount = Math.max(3, Math.ceil(physicianCount / PHYSICIANS_PER_FACILITY));

  // Facilities: the first three are the demo clinic proper; more appear only at larger scales.
  const holidays = [];
  for (let year = Number(context.windowStart.slice(0, 4)); year <= Number(context.windowEnd.slice(0, 4)); year += 1) {
    holidays.push(...clinicHolidays(year).filter((holiday) => holiday.date >= context.windowStart && holiday.date < context.windowEnd));
  }
  const facilities: (FacilityModel & { resources: ResourceModel[] })[] = [];
  for (let index = 0; index < facilityCount; index += 1) {
    const site = FACILITY_SITES[index % FACILITY_SITES.length] as (typeof FACILITY_SITES)[number];
    const branch = Math.floor(index / FACILITY_SITES.length) + 1;
    const pattern = HOURS_PATTERNS[index % HOURS_PATTERNS.length] as (typeof HOURS_PATTERNS)[number];
    const hours: ([number, number] | null)[] = [null, null, null, null, null, null, null];
    const hoursJson: Record<string, { open: string; close: string }[]> = {};
    for (const key of WEEKDAY_KEYS) hoursJson[key] = [];
    for (const [weekday, open, close] of pattern) {
      hours[weekday] = [minutesOf(open), minutesOf(close)];
      hoursJson[WEEKDAY_KEYS[weekday] as string] = [{ open, close }];
    }
    const createdAt = setupAt(1 + index);
    const id = demoUuidV7(createdAt, ids);
    const name = `Riverside ${site.city}${branch > 1 ? ` ${branch}` : ''}`;
    const code = `${site.code}${branch > 1 ? branch : ''}`;
    const hasMri = index < 3 ? index !== 2 : index % 2 === 0;
    facilities.push({
      index, id, code, name, site, clock: new FacilityClock(site.timeZone), hours, hasMri, resources: [],
      closures: new Set(holidays.map((holiday) => holiday.date)),
    });
    rows.push({
      table: 'facilities',
      row: {
        name, code,
        address_line1: branch > 1 ? `${100 * branch + 20} ${site.addressLine1.replace(/^\d+ /, '')}` : site.addressLine1,
        address_line2: site.addressLine2,
        city: site.city, state: site.state, postal_code: site.postalCode,
        phone: `(${site.areaCode}) 555-01${String(10 + index).slice(-2)}`,
        latitude: Math.round((site.latitude + (branch - 1) * 0.031) * 1e6) / 1e6,
        longitude: Math.round((site.longitude - (branch - 1) * 0.027) * 1e6) / 1e6,
        time_zone: site.timeZone,
        hours_json: JSON.stringify(hoursJson),
        is_active: 1,
        place_of_service: '11',
        ...syncedColumns(context, id, createdAt),
      } satisfies FullRow<'facilities'>,
    });
    for (const holiday of holidays) {
      const closureAt = createdAt + DAY;
      rows.push({
        table: 'facility_closures',
        row: { facility_id: id, closed_on: holiday.date, reason: holiday.name, ...syncedColumns(context, demoUuidV7(closureAt, ids), closureAt) } satisfies FullRow<'facility_closures'>,
      });
    }
  }

  // Exam types and which facilities offer them (MRI only where a scanner is installed).
  const examTypes: ExamTypeModel[] = EXAM_TYPE_CATALOG.map((entry, index) => {
    const createdAt = setupAt(40 + index);
    const id = demoUuidV7(createdAt, ids);
    const capability = entry.key.startsWith('mri_') ? 'mri' : entry.key === 'x_ray' ? 'x_ray' : 'room';
    rows.push({
      table: 'exam_types',
      row: {
        name: entry.name, duration_minutes: entry.durationMinutes, color: entry.color, resource_kind: entry.resourceKind,
        is_billable: entry.isBillable ? 1 : 0,
        default_codes_json: JSON.stringify(entry.codes.map(([code, modifiers]) => ({ code, modifiers }))),
        is_active: 1,
        ...syncedColumns(context, id, createdAt),
      } satisfies FullRow<'exam_types'>,
    });
    return { index, id, key: entry.key, name: entry.name, durationMinutes: entry.durationMinutes, capability, isBillable: entry.isBillable, codes: entry.codes };
  });
  const offeredAt = (facility: FacilityModel, exam: ExamTypeModel) => exam.capability !== 'mri' || facility.hasMri;
  for (const facility of facilities) {
    for (const exam of examTypes) {
      if (!offeredAt(facility, exam)) continue;
      const createdAt = setupAt(60 + facility.index);
      rows.push({
        table: 'exam_type_offerings',
        row: { exam_type_id: exam.id, facility_id: facility.id, physician_id: null, ...syncedColumns(context, demoUuidV7(createdAt, ids), createdAt) } satisfies FullRow<'exam_type_offerings'>,
      });
    }
  }

  // Physicians, their sites, weekly availability and time off.
  const usedNames = new Set<string>();
  const usedNpis = new Set<string>();
  const physicians: PhysicianModel[] = [];
  const fridayChangeSunday = sundayOnOrBefore(shiftDate(context.referenceDate, -60));
  for (let index = 0; index < physicianCount; index += 1) {
    const specialty = SPECIALTY_ROTATION[index % SPECIALTY_ROTATION.length] as (typeof SPECIALTY_ROTATION)[number];
    const specialtyProfile = SPECIALTIES[specialty];
    const homeFacility = index % facilityCount;
    const isTraveler = facilityCount > 1 && index % 5 === 3;
    const secondFacility = isTraveler ? (homeFacility + 1) % facilityCount : null;
    let firstName = 'Anjali';
    let lastName = 'Patel';
    if (index > 0) {
      do {
        firstName = random.chance(0.5) ? random.pick(FEMALE_FIRST_NAMES) : random.pick(MALE_FIRST_NAMES);
        lastName = random.pick(LAST_NAMES);
      } while (lastName === 'Patel' || usedNames.has(`${firstName} ${lastName}`));
    }
    usedNames.add(`${firstName} ${lastName}`);
    let npi = randomNpi(random);
    while (usedNpis.has(npi)) npi = randomNpi(random);
    usedNpis.add(npi);
    const createdAt = setupAt(80 + index);
    const id = demoUuidV7(createdAt, ids);
    rows.push({
      table: 'physicians',
      row: {
        first_name: firstName, last_name: lastName, credentials: random.pick(specialtyProfile.credentials), npi, specialty: specialtyProfile.name,
        color: PHYSICIAN_COLORS[index % PHYSICIAN_COLORS.length] as string, is_active: 1,
        ...syncedColumns(context, id, createdAt),
      } satisfies FullRow<'physicians'>,
    });
    const facilityIndexes = secondFacility === null ? [homeFacility] : [homeFacility, secondFacility];
    for (const facilityIndex of facilityIndexes) {
      rows.push({
        table: 'physician_facilities',
        row: { physician_id: id, facility_id: (facilities[facilityIndex] as FacilityModel).id, ...syncedColumns(context, demoUuidV7(createdAt, ids), createdAt) } satisfies FullRow<'physician_facilities'>,
      });
    }
    for (const [examKey] of specialtyProfile.exams) {
      const exam = examTypes.find((candidate) => candidate.key === examKey) as ExamTypeModel;
      rows.push({
        table: 'exam_type_offerings',
        row: { exam_type_id: exam.id, facility_id: null, physician_id: id, ...syncedColumns(context, demoUuidV7(createdAt, ids), createdAt) } satisfies FullRow<'exam_type_offerings'>,
      });
    }

    // Weekly templates inside the facility's hours; travelers spend Tuesdays and Thursdays at their second site.
    const templates: TemplateModel[] = [];
    const weekdays = isTraveler ? [1, 2, 3, 4, 5] : (WEEKDAY_PATTERNS[index % WEEKDAY_PATTERNS.length] as readonly number[]);
    const shape = index % 3;
    for (const weekday of weekdays) {
      const facilityIndex = secondFacility !== null && (weekday === 2 || weekday === 4) ? secondFacility : homeFacility;
      const hours = (facilities[facilityIndex] as FacilityModel).hours[weekday];
      if (!hours) continue;
      const [open, close] = hours;
      const blocks: [number, number][] = [];
      if (weekday === 6 || shape === 0) blocks.push([open, close]);
      else if (shape === 1 && open < 720 && close > 780) blocks.push([open, 720], [780, close]);
      else blocks.push([Math.min(open + 60, close - 120), close]);
      // One physician cut Fridays to mornings two months ago: history the calendar must respect.
      const changesFriday = index === 2 && weekday === 5;
      for (const [startMinute, endMinute] of blocks) {
        templates.push({
          physician: index, facility: facilityIndex, weekday, startMinute, endMinute, effectiveFrom: setupDay,
          effectiveTo: changesFriday ? fridayChangeSunday : null,
        });
      }
      if (changesFriday) {
        templates.push({
          physician: index, facility: facilityIndex, weekday, startMinute: open, endMinute: 720,
          effectiveFrom: shiftDate(fridayChangeSunday, 1), effectiveTo: null,
        });
      }
    }
    for (const template of templates) {
      // The Friday change was entered two weeks before it took effect; the old template was closed then.
      const changedAt = instantAt(shiftDate(fridayChangeSunday, -14), '10:00', (facilities[template.facility] as FacilityModel).site.timeZone);
      const templateAt = template.effectiveFrom === setupDay ? createdAt : changedAt;
      rows.push({
        table: 'availability_templates',
        row: {
          physician_id: id, facility_id: (facilities[template.facility] as FacilityModel).id, weekday: template.weekday,
          start_minute: template.startMinute, end_minute: template.endMinute,
          effective_from: template.effectiveFrom, effective_to: template.effectiveTo,
          ...syncedColumns(context, demoUuidV7(templateAt, ids), templateAt, template.effectiveTo === null ? templateAt : changedAt),
        } satisfies FullRow<'availability_templates'>,
      });
    }

    // A week of vacation and two short blocks inside the demo window.
    const unavailable: [number, number][] = [];
    const home = facilities[homeFacility] as FacilityModel;
    const weeks = Math.floor(daysInWindow(context) / 7);
    const vacationMonday = shiftDate(sundayOnOrBefore(context.windowStart), 1 + 7 * random.int(1, Math.max(1, weeks - 2)));
    const vacation: [number, number] = [home.clock.at(vacationMonday, 0), home.clock.at(shiftDate(vacationMonday, 5), 0)];
    unavailable.push(vacation);
    pushTimeOff(rows, context, ids, id, null, vacation, 'time_off', 'Vacation', 45 * DAY);
    for (let block = 0; block < 2 && templates.length > 0; block += 1) {
      const template = random.pick(templates);
      const facility = facilities[template.facility] as FacilityModel;
      const firstMatching = shiftDate(context.windowStart, (template.weekday - weekdayOf(context.windowStart) + 7) % 7);
      const date = shiftDate(firstMatching, 7 * random.int(0, weeks - 1));
      const startMinute = template.endMinute >= 990 && template.startMinute <= 900 ? 900 : template.startMinute + 60;
      const range: [number, number] = [facility.clock.at(date, startMinute), facility.clock.at(date, Math.min(startMinute + 90, template.endMinute))];
      unavailable.push(range);
      pushTimeOff(rows, context, ids, id, facility.id, range, 'block', random.pick(['Deposition', 'Department meeting', 'Peer review']), 10 * DAY);
    }

    const choices = new Map<number, ExamChoice[]>();
    for (const facilityIndex of facilityIndexes) {
      const facility = facilities[facilityIndex] as FacilityModel;
      choices.set(facilityIndex, specialtyProfile.exams
        .map(([key, weight]) => ({ exam: examTypes.find((candidate) => candidate.key === key) as ExamTypeModel, weight }))
        .filter((choice) => offeredAt(facility, choice.exam)));
    }
    physicians.push({ index, id, firstName, lastName, specialty, homeFacility, facilities: facilityIndexes, templates, unavailable, choices });
  }

  // Rooms and machines, sized to the physicians who work at each site.
  for (const facility of facilities) {
    const working = physicians.filter((physician) => physician.templates.some((template) => template.facility === facility.index));
    const radiologists = working.filter((physician) => physician.specialty === 'radiology').length;
    const createdAt = setupAt(120 + facility.index);
    const add = (name: string, capability: ResourceModel['capability']) => {
      const id = demoUuidV7(createdAt, ids);
      facility.resources.push({ id, capability });
      rows.push({
        table: 'facility_resources',
        row: { facility_id: facility.id, name, resource_kind: capability === 'room' ? 'room' : 'equipment', is_active: 1, ...syncedColumns(context, id, createdAt) } satisfies FullRow<'facility_resources'>,
      });
    };
    for (let room = 1; room <= Math.max(4, working.length + 1); room += 1) add(`Exam Room ${room}`, 'room');
    if (facility.hasMri) for (let scanner = 1; scanner <= Math.max(1, Math.ceil(radiologists / 2)); scanner += 1) add(`MRI ${scanner} (1.5T)`, 'mri');
    for (let room = 1; room <= 1 + Math.floor(working.length / 8); room += 1) add(`X-ray Room ${room}`, 'x_ray');
  }

  return { facilities, physicians, examTypes, rows };
}

function pushTimeOff(
  rows: DemoRow[], context: DemoContext, ids: SeededRandom, physicianId: string, facilityId: string | null,
  [startsAt, endsAt]: readonly [number, number], kind: 'time_off' | 'block', reason: string, leadTime: number,
): void {
  // Entered ahead of time, but never after the reference date began anywhere (UTC midnight is earlier than any US midnight).
  const createdAt = Math.max(context.clinicCreatedAt, Math.min(startsAt - leadTime, Date.parse(`${context.referenceDate}T00:00:00Z`) - 6 * HOUR));
  rows.push({
    table: 'time_off',
    row: {
      physician_id: physicianId, facility_id: facilityId, starts_at: startsAt, ends_at: endsAt, time_off_kind: kind, reason,
      ...syncedColumns(context, demoUuidV7(createdAt, ids), createdAt),
    } satisfies FullRow<'time_off'>,
  });
}

function daysInWindow(context: DemoContext): number {
  return daysBetween(context.windowStart, context.windowEnd);
}

/** Calls `visit` for every date of the window on which a template is in force and its site is open. */
export function forEachTemplateDay(
  context: DemoContext,
  facilities: readonly FacilityModel[],
  physician: PhysicianModel,
  visit: (template: TemplateModel, date: string) => void,
): void {
  const days = daysInWindow(context);
  for (const template of physician.templates) {
    const facility = facilities[template.facility] as FacilityModel;
    const first = (template.weekday - weekdayOf(context.windowStart) + 7) % 7;
    for (let offset = first; offset < days; offset += 7) {
      const date = shiftDate(context.windowStart, offset);
      if (date < template.effectiveFrom || (template.effectiveTo !== null && date > template.effectiveTo)) continue;
      if (facility.closures.has(date)) continue;
      visit(template, date);
    }
  }
}

/**
 * Expected number of appointments per date at a fill rate. The slot walk books a slot of mean duration
 * `d` with probability `p` and otherwise skips a quarter hour, so it books `p / (p·d + (1−p)·15)` per
 * minute of availability.
 */
function expectedByDate(context: DemoContext, roster: Roster, fillRate: number): Map<string, number> {
  const expected = new Map<string, number>();
  for (const physician of roster.physicians) {
    forEachTemplateDay(context, roster.facilities, physician, (template, date) => {
      const facility = roster.facilities[template.facility] as FacilityModel;
      const startsAt = facility.clock.at(date, template.startMinute);
      if (physician.unavailable.some(([from, to]) => from < startsAt + 60_000 && to > startsAt)) return;
      const choices = physician.choices.get(template.facility) ?? [];
      let weight = 0;
      let minutes = 0;
      for (const choice of choices) {
        weight += choice.weight;
        minutes += choice.weight * choice.exam.durationMinutes;
      }
      if (weight === 0) return;
      const meanDuration = minutes / weight;
      const usable = Math.max(0, template.endMinute - template.startMinute - meanDuration / 2);
      expected.set(date, (expected.get(date) ?? 0) + (usable * fillRate) / (fillRate * meanDuration + (1 - fillRate) * SLOT_MINUTES));
    });
  }
  return expected;
}

function expectedAppointments(context: DemoContext, roster: Roster, fillRate: number): number {
  let total = 0;
  for (const count of expectedByDate(context, roster, fillRate).values()) total += count;
  return total;
}

/** Users for every role; usernames and the shared password are part of the documented demo. */
const DEMO_ACCOUNTS: readonly { username: string; role: Role; displayName: string; email: string }[] = [
  { username: 'superadmin', role: 'super_admin', displayName: 'Sam Whitaker', email: 'operator@medora.example.com' },
  { username: 'admin', role: 'clinic_admin', displayName: 'Jordan Blake', email: 'jordan.blake@riverside.example.com' },
  { username: 'exec', role: 'executive', displayName: 'Evelyn Hart', email: 'evelyn.hart@riverside.example.com' },
  { username: 'dr.patel', role: 'physician', displayName: 'Dr. Anjali Patel', email: 'anjali.patel@riverside.example.com' },
  { username: 'desk.east', role: 'front_desk', displayName: 'Tina Brooks', email: 'tina.brooks@riverside.example.com' },
  { username: 'desk.west', role: 'front_desk', displayName: 'Marco Silva', email: 'marco.silva@riverside.example.com' },
  { username: 'billing', role: 'billing', displayName: 'Bianca Lopez', email: 'bianca.lopez@riverside.example.com' },
  { username: 'attorney.reyes', role: 'attorney', displayName: 'Maria Reyes', email: 'mreyes@reyescastillo.example.com' },
  { username: 'referrer.kim', role: 'referring_doctor', displayName: 'Dr. Daniel Kim', email: 'dkim@kimfamilymedicine.example.com' },
];

export interface MasterOptions {
  readonly seed: number;
  readonly scale: DemoScale;
  readonly referenceDate: string;
}

/**
 * The clinic's set-up: everything except patients and the schedule. Sizes the physician roster (and,
 * past three sites' worth, the number of facilities) so the schedule can hold `scale.appointments`
 * at a realistic fill rate, then tunes that fill rate.
 */
export function buildMaster(options: MasterOptions): DemoMaster {
  const { seed, scale, referenceDate } = options;
  const ids = createRandom(seed, 'master-ids');
  const random = createRandom(seed, 'master');
  const clinicCreatedAt = instantAt(shiftDate(referenceDate, -3 * 365 - 7), '09:00', 'America/New_York');
  const clinicId = demoUuidV7(clinicCreatedAt, ids);
  const systemUserId = demoUuidV7(clinicCreatedAt, ids);
  const context: DemoContext = {
    seed, scale, referenceDate, clinicId, systemUserId, clinicCreatedAt,
    windowStart: shiftDate(referenceDate, -150),
    windowEnd: shiftDate(referenceDate, 31),
  };

  let roster = buildRoster(context, BASE_PHYSICIANS);
  for (let attempt = 0; attempt < 4; attempt += 1) {
    // Size the roster so the target needs at most a 75% fill: busy but with open slots to book into.
    const capacity = expectedAppointments(context, roster, 0.75);
    if (capacity >= scale.appointments) break;
    const physicianCount = Math.ceil((roster.physicians.length * scale.appointments * 1.02) / capacity);
    roster = buildRoster(context, physicianCount);
  }
  let low = 0.001;
  let high = 0.97;
  for (let step = 0; step < 40; step += 1) {
    const middle = (low + high) / 2;
    if (expectedAppointments(context, roster, middle) < scale.appointments) low = middle;
    else high = middle;
  }
  const fillRate = high;
  const expected = expectedByDate(context, roster, fillRate);
  let cumulative = 0;
  const expectedBefore = new Map<string, number>();
  for (let date = context.windowStart; date < context.windowEnd; date = shiftDate(date, 1)) {
    expectedBefore.set(date, cumulative);
    cumulative += expected.get(date) ?? 0;
  }
  const now = Math.max(...roster.facilities.map((facility) => facility.clock.at(referenceDate, 0)));

  const rows: DemoRow[] = [];
  const primary = roster.facilities[0] as FacilityModel;
  rows.push({
    table: 'clinics',
    row: {
      name: 'Riverside Spine & Injury', legal_name: 'Riverside Spine & Injury Medical Group, P.C.', tax_id: '23-4567890', npi: '2992748568',
      phone: '(215) 555-0100', email: 'frontdesk@riverside.example.com',
      idle_timeout_minutes: 15, offline_lease_hours: 72, travel_buffer_minutes: 30, treatment_gap_days: 14,
      default_time_zone: primary.site.timeZone,
      // Demo claim files go to a clearinghouse as test files (ISA15 T); the submitter is the tax ID.
      claim_submitter_id: null, claim_submitter_name: null, claim_contact_name: 'Billing office', claim_contact_phone: '2155550100',
      claim_receiver_id: '030240928', claim_receiver_name: 'Availity', claim_file_usage: 'T',
      ...syncedColumns(context, clinicId, clinicCreatedAt),
    } satisfies FullRow<'clinics'>,
  });

  // The clinic's procedure codes (named as its exam types, no AMA descriptors) and its fee schedule: one
  // clinic-wide fee per billable code from the clinic's opening, the fees the generated invoices carry, so
  // charge capture and the invoice editor price every exam code. Ids come from their own stream so the
  // rest of the clinic is generated exactly as before.
  const feeIds = createRandom(seed, 'master-fee-ids');
  const feesAt = clinicCreatedAt + 2 * HOUR;
  for (const [code, fee] of Object.entries(FEE_SCHEDULE)) {
    const examName = EXAM_TYPE_CATALOG.find((entry) => entry.codes.some(([examCode]) => examCode === code))?.name ?? null;
    rows.push({
      table: 'procedure_codes',
      row: { code, code_system: 'cpt', description: examName, is_active: 1, ...syncedColumns(context, demoUuidV7(feesAt, feeIds), feesAt) } satisfies FullRow<'procedure_codes'>,
    });
    if (fee.unitFeeCents <= 0) continue;
    rows.push({
      table: 'fee_schedule_entries',
      row: {
        procedure_code: code, modifier: null, payer_type: null, facility_id: null, fee_cents: fee.unitFeeCents,
        effective_from: shiftDate(referenceDate, -3 * 365 - 7), ...syncedColumns(context, demoUuidV7(feesAt, feeIds), feesAt),
      } satisfies FullRow<'fee_schedule_entries'>,
    });
  }

  // Attorneys (Reyes first: the demo attorney login) and referring doctors (Kim first).
  const attorneyCount = Math.max(20, Math.round(scale.patients / 250));
  const attorneys: { id: string; name: string; firmName: string }[] = [];
  const attorneyRows: DemoRow[] = [];
  for (let index = 0; index < attorneyCount; index += 1) {
    const createdAt = clinicCreatedAt + random.int(2, 900) * DAY;
    let first = 'Maria';
    let last = 'Reyes';
    if (index > 0) {
      do {
        first = random.chance(0.5) ? random.pick(FEMALE_FIRST_NAMES) : random.pick(MALE_FIRST_NAMES);
        last = random.pick(LAST_NAMES);
      } while (last === 'Reyes');
    }
    const firmName = LAW_FIRMS[index % LAW_FIRMS.length] as string;
    const firmDomain = firmName.toLowerCase().replace(/&|llp|pc|law|group|offices|attorneys|counsel|injury|trial|lawyers|personal/g, '').replace(/[^a-z]/g, '').slice(0, 18) || 'firm';
    const site = (roster.facilities[index % Math.min(3, roster.facilities.length)] as FacilityModel).site;
    const id = demoUuidV7(createdAt, ids);
    attorneys.push({ id, name: `${first} ${last}`, firmName });
    attorneyRows.push({
      table: 'attorneys',
      row: {
        name: `${first} ${last}`, firm_name: firmName,
        phone: `(${site.areaCode}) 555-${random.digits(4)}`,
        email: `${first[0]}${last}`.toLowerCase().replace(/[^a-z]/g, '') + `@${firmDomain}.example.com`,
        address: `${random.int(100, 2999)} ${random.pick(['Market Street', 'Main Street', 'Broadway', 'Commerce Street'])}, ${site.city}, ${site.state} ${site.postalCode}`,
        ...syncedColumns(context, id, createdAt),
      } satisfies FullRow<'attorneys'>,
    });
  }
  const referringDoctorCount = Math.max(25, Math.round(scale.patients / 200));
  const referringDoctorIds: string[] = [];
  const referrerRows: DemoRow[] = [];
  for (let index = 0; index < referringDoctorCount; index += 1) {
    const createdAt = clinicCreatedAt + random.int(2, 900) * DAY;
    let first = 'Daniel';
    let last = 'Kim';
    if (index > 0) {
      do {
        first = random.chance(0.5) ? random.pick(FEMALE_FIRST_NAMES) : random.pick(MALE_FIRST_NAMES);
        last = random.pick(LAST_NAMES);
      } while (last === 'Kim');
    }
    const site = (roster.facilities[index % Math.min(3, roster.facilities.length)] as FacilityModel).site;
    const id = demoUuidV7(createdAt, ids);
    referringDoctorIds.push(id);
    referrerRows.push({
      table: 'referring_doctors',
      row: {
        name: `${first} ${last}, ${random.pick(['MD', 'DO', 'MD', 'NP'])}`,
        npi: randomNpi(random),
        practice_name: `${last} ${random.pick(PRACTICE_NAMES)}`,
        phone: `(${site.areaCode}) 555-${random.digits(4)}`,
        email: `${first[0]}${last}`.toLowerCase().replace(/[^a-z]/g, '') + `@${last.toLowerCase().replace(/[^a-z]/g, '')}clinic.example.org`,
        ...syncedColumns(context, id, createdAt),
      } satisfies FullRow<'referring_doctors'>,
    });
  }

  // Users: an inactive system author plus one sign-in per role.
  const users: DemoUser[] = [];
  rows.push({
    table: 'users',
    row: {
      username: 'system.seed', display_name: 'Demo data (system)', email: null, is_active: 0,
      physician_id: null, attorney_id: null, referring_doctor_id: null,
      ...syncedColumns(context, systemUserId, clinicCreatedAt),
    } satisfies FullRow<'users'>,
  });
  const patel = roster.physicians[0] as PhysicianModel;
  const facilityIdsFor = (username: string): string[] => {
    if (username === 'desk.east') return [primary.id];
    if (username === 'desk.west') return [(roster.facilities[1] as FacilityModel).id];
    if (username === 'dr.patel') return patel.facilities.map((index) => (roster.facilities[index] as FacilityModel).id);
    if (username === 'admin' || username === 'exec' || username === 'billing') return roster.facilities.map((facility) => facility.id);
    return [];
  };
  const userLinks: DemoRow[] = [];
  DEMO_ACCOUNTS.forEach((account, index) => {
    const createdAt = clinicCreatedAt + (index + 1) * HOUR;
    const userId = demoUuidV7(createdAt, ids);
    users.push({ username: account.username, password: DEMO_PASSWORD, userId, role: account.role, displayName: account.displayName });
    rows.push({
      table: 'users',
      row: {
        username: account.username, display_name: account.displayName, email: account.email, is_active: 1,
        physician_id: account.role === 'physician' ? patel.id : null,
        attorney_id: account.role === 'attorney' ? (attorneys[0]?.id ?? null) : null,
        referring_doctor_id: account.role === 'referring_doctor' ? (referringDoctorIds[0] ?? null) : null,
        ...syncedColumns(context, userId, createdAt),
      } satisfies FullRow<'users'>,
    });
    userLinks.push({ table: 'user_roles', row: { user_id: userId, role: account.role, ...syncedColumns(context, demoUuidV7(createdAt, ids), createdAt) } satisfies FullRow<'user_roles'> });
    for (const facilityId of facilityIdsFor(account.username)) {
      userLinks.push({
        table: 'user_facilities',
        row: { user_id: userId, facility_id: facilityId, ...syncedColumns(context, demoUuidV7(createdAt, ids), createdAt) } satisfies FullRow<'user_facilities'>,
      });
    }
  });
  rows.push(...userLinks, ...roster.rows, ...attorneyRows, ...referrerRows);

  return {
    context,
    now,
    facilities: roster.facilities,
    physicians: roster.physicians,
    examTypes: roster.examTypes,
    attorneys,
    referringDoctorIds,
    users,
    fillRate,
    expectedBefore,
    rows: sortByTable(rows),
  };
}

/** Orders rows by `DEMO_TABLES` (stable within a table), so parents precede children. */
function sortByTable(rows: DemoRow[]): DemoRow[] {
  const order = new Map<string, number>(DEMO_TABLES.map((table, index) => [table, index]));
  return rows
    .map((entry, index) => ({ entry, index }))
    .sort((left, right) => (order.get(left.entry.table) ?? 0) - (order.get(right.entry.table) ?? 0) || left.index - right.index)
    .map(({ entry }) => entry);
}
