import type { APPOINTMENT_STATUSES, CLAIM_STATUSES, INVOICE_STATUSES, PAYER_TYPES, PAYMENT_METHODS } from '../db/schema-v1';
import { weekdayOf } from '../time/facility-time';
import { daysBetween, shiftDate } from './calendar';
import { demoUuidV7 } from './demo-ids';
import {
  syncedColumns, type DemoMaster, type DemoRow, type ExamChoice, type ExamTypeModel, type FacilityModel, type FullRow,
  type PhysicianModel, type TemplateModel,
} from './demo-model';
import { SLOT_MINUTES } from './master-data';
import { diagnosesFor, documentRows, isPersonalInjury, type PatientProfile } from './patients';
import { createRandom, type SeededRandom } from './random';
import { APPOINTMENT_NOTES, AUTO_CARRIERS, CANCEL_REASONS, FEE_SCHEDULE, PAYERS, WORKERS_COMP_CARRIERS } from './reference-data';

type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
type ClaimStatus = (typeof CLAIM_STATUSES)[number];
type PayerType = (typeof PAYER_TYPES)[number];
type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** States with personal-injury protection (no-fault) auto coverage; elsewhere auto policies carry MedPay. */
const PIP_STATES = new Set(['NJ', 'NY', 'PA', 'FL', 'MI', 'MN', 'KS', 'KY', 'HI', 'UT', 'ND', 'MA']);

/** Patients of one physician at one site, oldest registration first, so "registered by then" is a prefix. */
interface PatientPool {
  readonly patients: Int32Array;
  readonly createdAts: Float64Array;
}

function buildPools(master: DemoMaster, profiles: readonly PatientProfile[]): Map<string, PatientPool> {
  const members = new Map<string, number[]>();
  for (const profile of profiles) {
    for (const physicianIndex of profile.physicians) {
      const physician = master.physicians[physicianIndex] as PhysicianModel;
      const facility = physician.facilities.includes(profile.homeFacility) ? profile.homeFacility : physician.homeFacility;
      const key = `${physicianIndex}:${facility}`;
      let list = members.get(key);
      if (!list) members.set(key, (list = []));
      list.push(profile.index);
      // Injury patients are in active treatment plans and come more often.
      if (isPersonalInjury(profile.caseType) || profile.caseType === 'workers_comp') list.push(profile.index);
    }
  }
  const pools = new Map<string, PatientPool>();
  for (const [key, list] of members) {
    list.sort((left, right) => (profiles[left] as PatientProfile).createdAt - (profiles[right] as PatientProfile).createdAt || left - right);
    pools.set(key, {
      patients: Int32Array.from(list),
      createdAts: Float64Array.from(list, (index) => (profiles[index] as PatientProfile).createdAt),
    });
  }
  return pools;
}

/** How many patients in the pool were registered at or before `instant`. */
function registeredBy(pool: PatientPool, instant: number): number {
  let low = 0;
  let high = pool.createdAts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((pool.createdAts[middle] as number) <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface Visit {
  readonly appointmentId: string;
  readonly profile: PatientProfile;
  readonly facility: FacilityModel;
  readonly physician: PhysicianModel;
  readonly exam: ExamTypeModel;
  readonly serviceDate: string;
  readonly completedAt: number;
}

interface PlannedPayment {
  readonly id: string;
  readonly createdAt: number;
  readonly receivedOn: string;
  readonly payerType: PayerType;
  readonly payerName: string | null;
  readonly method: PaymentMethod;
  readonly reference: string | null;
  readonly amount: number;
  /** Amount per invoice line (ERA remittances are line-level), or one invoice-level amount. */
  readonly lineAmounts: readonly number[] | null;
  readonly caseLinked: boolean;
}

interface PlannedAdjustment {
  readonly kind: FullRow<'adjustments'>['adjustment_kind'];
  readonly reasonCode: string;
  readonly amount: number;
  readonly postedOn: string;
  readonly createdAt: number;
  readonly memo: string | null;
}

/**
 * The schedule and everything that follows from it: six months of appointments inside each physician's
 * availability (in the facility's time zone, never double-booking a physician, room or scanner), and
 * for completed billable visits the invoice, its lines, the claim, payments, allocations and
 * adjustments as they would stand on the reference date. One pass, day by day; memory stays at one
 * day's bookings plus the settled cases waiting for their settlement check.
 */
export function* scheduleRows(master: DemoMaster, profiles: readonly PatientProfile[]): Generator<DemoRow> {
  const { context, facilities, physicians, now } = master;
  const random = createRandom(context.seed, 'schedule');
  const billing = createRandom(context.seed, 'billing');
  const pools = buildPools(master, profiles);
  const days = daysBetween(context.windowStart, context.windowEnd);
  let invoiceSequence = 0;
  let claimSequence = 0;
  let referenceSequence = 0;
  let booked = 0;
  const settlementAllocations = new Map<number, { invoiceId: string; amount: number }[]>();

  // Templates per facility and weekday, in physician order.
  const templatesBySite: TemplateModel[][][] = facilities.map(() => [[], [], [], [], [], [], []]);
  for (const physician of physicians) {
    for (const template of physician.templates) templatesBySite[template.facility]?.[template.weekday]?.push(template);
  }
  const choicePairs = new Map<string, (readonly [ExamChoice, number])[]>();
  for (const physician of physicians) {
    for (const [facilityIndex, choices] of physician.choices) {
      choicePairs.set(`${physician.index}:${facilityIndex}`, choices.map((choice) => [choice, choice.weight] as const));
    }
  }

  function* billVisit(visit: Visit): Generator<DemoRow> {
    const { profile, facility, physician, exam, serviceDate, completedAt } = visit;
    const lines = exam.codes.map(([code, modifiers]) => {
      const fee = FEE_SCHEDULE[code] ?? { unitFeeCents: 10_000, units: 1 };
      return { code, modifiers, units: fee.units, unitFee: fee.unitFeeCents, amount: fee.units * fee.unitFeeCents };
    });
    const total = lines.reduce((sum, line) => sum + line.amount, 0);
    let invoiceDate = shiftDate(serviceDate, billing.int(0, 2));
    if (invoiceDate >= context.referenceDate) invoiceDate = serviceDate;
    const invoiceCreatedAt = Math.min(now - 5 * MINUTE, Math.max(completedAt + 10 * MINUTE, facility.clock.at(invoiceDate, billing.int(16 * 60, 19 * 60))));
    const invoiceId = demoUuidV7(invoiceCreatedAt, billing);
    const daysOld = daysBetween(invoiceDate, context.referenceDate);
    const hasLop = profile.lopStatus === 'received' || profile.lopStatus === 'on_file';
    const accidentState = facility.site.state;
    const payerType: PayerType = profile.caseType === 'workers_comp' ? 'workers_comp'
      : isPersonalInjury(profile.caseType) && hasLop ? 'attorney'
        : profile.primaryPolicyId ? 'insurance'
          : profile.caseType === 'pi_auto' ? (PIP_STATES.has(accidentState) ? 'pip' : 'medpay') : 'patient';
    const payerName = payerType === 'insurance' ? (PAYERS[profile.primaryPayer]?.[0] ?? null)
      : payerType === 'attorney' ? (master.attorneys[profile.attorney]?.firmName ?? null)
        : payerType === 'workers_comp' ? billing.pick(WORKERS_COMP_CARRIERS)
          : payerType === 'pip' || payerType === 'medpay' ? billing.pick(AUTO_CARRIERS) : null;

    const isDraft = daysOld <= 2 && billing.chance(0.5);
    const isVoid = !isDraft && billing.chance(0.01);
    const payments: PlannedPayment[] = [];
    const adjustments: PlannedAdjustment[] = [];
    let claim: { status: ClaimStatus; submittedAt: number; changedAt: number | null; reason: string | null } | null = null;
    const finalizedAt = isDraft ? null : invoiceCreatedAt;
    const sentAt = finalizedAt === null || isVoid ? null : finalizedAt + billing.int(1, 30) * HOUR;
    const hasBeenSent = sentAt !== null && sentAt <= now;
    const voidedAt = isVoid && finalizedAt !== null ? Math.min(now - MINUTE, finalizedAt + billing.int(2, 72) * HOUR) : null;
    const atBusinessHours = (date: string) => facility.clock.at(date, billing.int(9 * 60, 16 * 60));
    const nextReference = (prefix: string) => `${prefix}${String((referenceSequence += 1)).padStart(8, '0')}`;
    const payment = (planned: Omit<PlannedPayment, 'id'>) => payments.push({ id: demoUuidV7(planned.createdAt, billing), ...planned });

    if (finalizedAt !== null && !isVoid) {
      if (payerType === 'insurance' && sentAt !== null && hasBeenSent) {
        const submittedAt = sentAt;
        const outcome = billing.weighted([['paid', 92], ['denied', 5], ['rejected', 3]] as const);
        if (outcome === 'paid') {
          const receivedOn = shiftDate(invoiceDate, billing.int(14, 40));
          if (receivedOn < context.referenceDate) {
            const allowed = Math.round((total * billing.int(55, 80)) / 100);
            const insurer = Math.round(allowed * 0.8);
            const patientShare = allowed - insurer;
            const createdAt = atBusinessHours(receivedOn);
            let remaining = insurer;
            const lineAmounts = lines.map((line, position) => {
              const share = position === lines.length - 1 ? remaining : Math.floor((insurer * line.amount) / total);
              remaining -= share;
              return share;
            });
            payment({
              createdAt, receivedOn, payerType: 'insurance', payerName, method: 'era', reference: nextReference('ERA'), amount: insurer,
              lineAmounts, caseLinked: false,
            });
            adjustments.push({ kind: 'contractual', reasonCode: 'CO-45', amount: total - allowed, postedOn: receivedOn, createdAt, memo: 'Charge exceeds fee schedule' });
            claim = { status: 'paid', submittedAt, changedAt: createdAt, reason: null };
            const patientPaysOn = shiftDate(receivedOn, billing.int(7, 40));
            if (patientShare > 0 && billing.chance(0.7) && patientPaysOn < context.referenceDate) {
              payment({
                createdAt: atBusinessHours(patientPaysOn), receivedOn: patientPaysOn, payerType: 'patient', payerName: null,
                method: billing.chance(0.8) ? 'card' : 'check', reference: null, amount: patientShare, lineAmounts: null, caseLinked: false,
              });
            }
          } else {
            claim = { status: now - submittedAt > 3 * DAY ? 'accepted' : 'submitted', submittedAt, changedAt: null, reason: null };
          }
        } else {
          const changedAt = submittedAt + (outcome === 'denied' ? billing.int(10, 25) : 1) * DAY;
          claim = changedAt < now
            ? { status: outcome, submittedAt, changedAt, reason: outcome === 'denied' ? 'CO-197 Precertification/authorization absent' : 'Subscriber ID not found' }
            : { status: 'submitted', submittedAt, changedAt: null, reason: null };
        }
      } else if (payerType === 'patient') {
        const atVisit = billing.next();
        const half = Math.floor(total / 2);
        if (atVisit < 0.6) {
          payment({
            createdAt: completedAt + 3 * MINUTE, receivedOn: serviceDate, payerType: 'patient', payerName: null,
            method: billing.chance(0.7) ? 'card' : 'cash', reference: null, amount: total, lineAmounts: null, caseLinked: false,
          });
        } else if (atVisit < 0.8) {
          payment({
            createdAt: completedAt + 3 * MINUTE, receivedOn: serviceDate, payerType: 'patient', payerName: null, method: 'card',
            reference: null, amount: half, lineAmounts: null, caseLinked: false,
          });
          const restOn = shiftDate(serviceDate, billing.int(20, 50));
          if (billing.chance(0.3) && restOn < context.referenceDate) {
            payment({
              createdAt: atBusinessHours(restOn), receivedOn: restOn, payerType: 'patient', payerName: null, method: 'check',
              reference: nextReference('PT'), amount: total - half, lineAmounts: null, caseLinked: false,
            });
          }
        } else if (daysOld > 90 && billing.chance(0.4)) {
          const postedOn = shiftDate(invoiceDate, billing.int(90, Math.max(90, daysOld - 1)));
          adjustments.push({ kind: 'write_off', reasonCode: 'HARDSHIP', amount: total, postedOn, createdAt: atBusinessHours(postedOn), memo: 'Financial hardship' });
        }
      } else if (payerType === 'medpay' || payerType === 'pip') {
        const receivedOn = shiftDate(invoiceDate, billing.int(25, 60));
        if (hasBeenSent && receivedOn < context.referenceDate) {
          payment({
            createdAt: atBusinessHours(receivedOn), receivedOn, payerType, payerName, method: 'check', reference: nextReference('CK'),
            amount: Math.round((total * billing.pick([80, 85, 90, 100, 100])) / 100), lineAmounts: null, caseLinked: true,
          });
        }
      } else if (payerType === 'workers_comp') {
        const receivedOn = shiftDate(invoiceDate, billing.int(35, 75));
        if (hasBeenSent && receivedOn < context.referenceDate) {
          const paid = Math.round((total * billing.int(65, 85)) / 100);
          const createdAt = atBusinessHours(receivedOn);
          payment({ createdAt, receivedOn, payerType, payerName, method: 'check', reference: nextReference('WC'), amount: paid, lineAmounts: null, caseLinked: true });
          adjustments.push({ kind: 'contractual', reasonCode: 'WC-FS', amount: total - paid, postedOn: receivedOn, createdAt, memo: 'Workers compensation fee schedule' });
        }
      } else if (payerType === 'attorney' && profile.settlement?.hasArrived) {
        // Billing was suspended under the LOP; the settlement check pays it, less the agreed reduction.
        const { settlement } = profile;
        const reduction = Math.round((total * settlement.reductionPercent) / 100);
        adjustments.push({
          kind: 'reduction', reasonCode: 'LOP-REDUCTION', amount: reduction, postedOn: settlement.receivedOn,
          createdAt: settlement.paymentCreatedAt, memo: `Settlement reduction of ${settlement.reductionPercent}%`,
        });
        let pending = settlementAllocations.get(profile.index);
        if (!pending) settlementAllocations.set(profile.index, (pending = []));
        pending.push({ invoiceId, amount: total - reduction });
      }
    }

    const settled = payerType === 'attorney' && profile.settlement?.hasArrived && finalizedAt !== null && !isVoid
      ? total - Math.round((total * profile.settlement.reductionPercent) / 100)
      : 0;
    const credited = payments.reduce((sum, entry) => sum + entry.amount, 0) + adjustments.reduce((sum, entry) => sum + entry.amount, 0) + settled;
    const status: InvoiceStatus = isDraft ? 'draft' : isVoid ? 'void'
      : credited >= total ? 'paid' : credited > 0 ? 'partially_paid' : hasBeenSent ? 'sent' : 'finalized';
    const lastChange = Math.max(
      invoiceCreatedAt, hasBeenSent ? (sentAt as number) : 0, voidedAt ?? 0,
      ...payments.map((entry) => entry.createdAt), ...adjustments.map((entry) => entry.createdAt),
    );
    const invoiceNumber = finalizedAt === null ? null : `INV-${String((invoiceSequence += 1)).padStart(7, '0')}`;
    yield {
      table: 'invoices',
      row: {
        patient_id: profile.id,
        case_id: profile.caseId,
        facility_id: facility.id,
        payer_type: payerType,
        insurance_policy_id: payerType === 'insurance' ? profile.primaryPolicyId : null,
        provisional_number: `${facility.code}-${invoiceId.slice(9, 13)}${invoiceId.slice(-6)}`.toUpperCase(),
        invoice_number: invoiceNumber,
        status,
        invoice_date: invoiceDate,
        due_date: finalizedAt === null || payerType === 'attorney' ? null : shiftDate(invoiceDate, 30),
        finalized_at: finalizedAt,
        sent_at: hasBeenSent ? sentAt : null,
        voided_at: voidedAt,
        void_reason: voidedAt === null ? null : billing.pick(['Duplicate charge', 'Billed to the wrong case', 'Visit recorded in error']),
        ...syncedColumns(context, invoiceId, invoiceCreatedAt, lastChange),
      } satisfies FullRow<'invoices'>,
    };
    const diagnoses = JSON.stringify(diagnosesFor(createRandom(context.seed, 'diagnoses', profile.index), profile.caseType));
    const lineIds: string[] = [];
    for (const line of lines) {
      const lineId = demoUuidV7(invoiceCreatedAt, billing);
      lineIds.push(lineId);
      yield {
        table: 'invoice_lines',
        row: {
          invoice_id: invoiceId, appointment_id: visit.appointmentId, procedure_code: line.code,
          modifiers_json: JSON.stringify(line.modifiers), diagnosis_codes_json: diagnoses, units: line.units,
          unit_fee_cents: line.unitFee, amount_cents: line.amount, service_date: serviceDate, facility_id: facility.id,
          rendering_physician_id: physician.id, capture_key: null,
          ...syncedColumns(context, lineId, invoiceCreatedAt),
        } satisfies FullRow<'invoice_lines'>,
      };
    }
    if (claim && profile.primaryPolicyId) {
      const claimCreatedAt = claim.submittedAt;
      yield {
        table: 'claims',
        row: {
          invoice_id: invoiceId, insurance_policy_id: profile.primaryPolicyId,
          batch_id: `837-${facility.code}-${facility.clock.dateOf(claimCreatedAt)}`, status: claim.status,
          control_number: String((claimSequence += 1)).padStart(9, '0'), replaces_claim_id: null,
          submitted_at: claim.submittedAt, status_changed_at: claim.changedAt,
          status_date: claim.changedAt === null ? null : facility.clock.dateOf(claim.changedAt), status_reason: claim.reason,
          ...syncedColumns(context, demoUuidV7(claimCreatedAt, billing), claimCreatedAt, claim.changedAt ?? claimCreatedAt),
        } satisfies FullRow<'claims'>,
      };
    }
    for (const entry of payments) {
      yield {
        table: 'payments',
        row: {
          payer_type: entry.payerType, payer_name: entry.payerName, method: entry.method, external_reference: entry.reference,
          amount_cents: entry.amount, received_on: entry.receivedOn, patient_id: profile.id,
          case_id: entry.caseLinked ? profile.caseId : null, facility_id: facility.id, memo: null, refund_of_payment_id: null,
          ...syncedColumns(context, entry.id, entry.createdAt),
        } satisfies FullRow<'payments'>,
      };
      const allocatedAt = Math.max(entry.createdAt, invoiceCreatedAt);
      const parts = entry.lineAmounts ? entry.lineAmounts.map((amount, position) => [lineIds[position] ?? null, amount] as const) : [[null, entry.amount] as const];
      for (const [lineId, amount] of parts) {
        if (amount <= 0) continue;
        yield {
          table: 'payment_allocations',
          row: { payment_id: entry.id, invoice_id: invoiceId, invoice_line_id: lineId, amount_cents: amount, applied_on: entry.receivedOn, ...syncedColumns(context, demoUuidV7(allocatedAt, billing), allocatedAt) } satisfies FullRow<'payment_allocations'>,
        };
      }
    }
    for (const entry of adjustments) {
      if (entry.amount <= 0) continue;
      yield {
        table: 'adjustments',
        row: {
          invoice_id: invoiceId, invoice_line_id: null, adjustment_kind: entry.kind, reason_code: entry.reasonCode,
          amount_cents: entry.amount, posted_on: entry.postedOn, memo: entry.memo,
          ...syncedColumns(context, demoUuidV7(entry.createdAt, billing), entry.createdAt),
        } satisfies FullRow<'adjustments'>,
      };
    }
  }

  const startWeekday = weekdayOf(context.windowStart);
  for (let offset = 0; offset < days; offset += 1) {
    const date = shiftDate(context.windowStart, offset);
    const weekday = (startWeekday + offset) % 7;
    const isPast = date < context.referenceDate;
    const daysAhead = daysBetween(context.referenceDate, date);
    const bookedToday = new Set<number>();
    // Patients already booked that day, busy scanners and registrations not yet made turn some
    // slots away; steer the day's fill rate by how far the running count trails the expectation.
    const expectedSoFar = master.expectedBefore.get(date) ?? 0;
    const fillRate = booked < 50 ? master.fillRate
      : Math.min(0.97, Math.max(master.fillRate / 2, master.fillRate * (expectedSoFar / booked) ** 3));
    for (const facility of facilities) {
      if (facility.closures.has(date)) continue;
      const templates = templatesBySite[facility.index]?.[weekday] ?? [];
      if (templates.length === 0) continue;
      // Each resource's bookings today as [startMinute, endMinute) pairs.
      const resourceBookings = facility.resources.map(() => [] as number[]);
      const registrationCutoff = Math.min(now, facility.clock.at(date, 180)) - 3 * HOUR;
      for (const template of templates) {
        if (date < template.effectiveFrom || (template.effectiveTo !== null && date > template.effectiveTo)) continue;
        const physician = physicians[template.physician] as PhysicianModel;
        const choices = choicePairs.get(`${physician.index}:${facility.index}`) ?? [];
        if (choices.length === 0) continue;
        const pool = pools.get(`${physician.index}:${facility.index}`)
          ?? pools.get(`${physician.index}:${physician.homeFacility}`);
        if (!pool) continue;
        const eligible = registeredBy(pool, registrationCutoff);
        if (eligible === 0) continue;
        const shortest = choices.reduce((best, pair) => (pair[0].exam.durationMinutes < best[0].exam.durationMinutes ? pair : best));

        let cursor = template.startMinute;
        while (cursor + SLOT_MINUTES <= template.endMinute) {
          if (!random.chance(fillRate)) {
            cursor += SLOT_MINUTES;
            continue;
          }
          let exam = random.weighted(choices).exam;
          if (cursor + exam.durationMinutes > template.endMinute) {
            if (cursor + shortest[0].exam.durationMinutes > template.endMinute) break;
            exam = shortest[0].exam;
          }
          const endMinute = cursor + exam.durationMinutes;
          const startsAt = facility.clock.at(date, cursor);
          const endsAt = facility.clock.at(date, endMinute);
          let isAway = false;
          for (const [from, to] of physician.unavailable) if (from < endsAt && to > startsAt) isAway = true;
          if (isAway) {
            cursor += SLOT_MINUTES;
            continue;
          }
          let resourceIndex = -1;
          for (let position = 0; position < facility.resources.length; position += 1) {
            if (facility.resources[position]?.capability !== exam.capability) continue;
            const bookings = resourceBookings[position] as number[];
            let isFree = true;
            for (let pair = 0; pair < bookings.length; pair += 2) {
              if ((bookings[pair] as number) < endMinute && (bookings[pair + 1] as number) > cursor) {
                isFree = false;
                break;
              }
            }
            if (isFree) {
              resourceIndex = position;
              break;
            }
          }
          if (resourceIndex < 0 && exam.capability !== 'room') {
            cursor += SLOT_MINUTES;
            continue;
          }
          let patientIndex = -1;
          for (let attempt = 0; attempt < 8 && patientIndex < 0; attempt += 1) {
            const candidate = pool.patients[random.int(0, eligible - 1)] as number;
            if (bookedToday.has(candidate)) continue;
            if ((profiles[candidate] as PatientProfile).activeUntil <= endsAt) continue;
            patientIndex = candidate;
          }
          if (patientIndex < 0) {
            cursor += SLOT_MINUTES;
            continue;
          }
          if (resourceIndex >= 0) resourceBookings[resourceIndex]?.push(cursor, endMinute);
          bookedToday.add(patientIndex);
          booked += 1;
          const profile = profiles[patientIndex] as PatientProfile;

          // When it was booked: mostly one to three weeks ahead, never before registration or after "now".
          const leadDays = random.weighted([[random.int(0, 2), 20], [random.int(3, 14), 50], [random.int(15, 45), 30]] as const);
          const earliest = profile.createdAt + 5 * MINUTE;
          let createdAt = startsAt - leadDays * DAY - random.int(0, 9) * HOUR;
          if (createdAt > now) createdAt = now - random.int(5, 21 * 24 * 60) * MINUTE;
          createdAt = Math.max(earliest, Math.min(createdAt, startsAt - 10 * MINUTE));

          let status: AppointmentStatus;
          let updatedAt = createdAt;
          let checkedInAt: number | null = null;
          let completedAt: number | null = null;
          let cancelReason: string | null = null;
          if (isPast) {
            status = random.weighted([['completed', 83], ['no_show', 7], ['cancelled', 10]] as const);
            if (status === 'completed') {
              checkedInAt = Math.max(createdAt, startsAt - random.int(0, 15) * MINUTE);
              completedAt = endsAt + random.int(0, 10) * MINUTE;
              updatedAt = completedAt;
            } else if (status === 'no_show') {
              updatedAt = endsAt + 30 * MINUTE;
            } else {
              cancelReason = random.pick(CANCEL_REASONS);
              updatedAt = createdAt + Math.floor(random.next() * (startsAt - createdAt));
            }
          } else {
            status = daysAhead <= 2 && random.chance(0.6) ? 'confirmed' : 'scheduled';
            if (status === 'confirmed') updatedAt = Math.max(createdAt, now - random.int(1, 48) * HOUR);
          }
          const appointmentId = demoUuidV7(createdAt, random);
          yield {
            table: 'appointments',
            row: {
              facility_id: facility.id, physician_id: physician.id, patient_id: profile.id, exam_type_id: exam.id,
              resource_id: resourceIndex >= 0 ? (facility.resources[resourceIndex]?.id ?? null) : null,
              case_id: profile.caseId, series_id: null, rescheduled_from_id: null,
              starts_at: startsAt, ends_at: endsAt, status, cancel_reason: cancelReason, override_reason: null, overridden_conflicts: null,
              notes: random.chance(0.04) ? random.pick(APPOINTMENT_NOTES) : null,
              checked_in_at: checkedInAt, completed_at: completedAt,
              ...syncedColumns(context, appointmentId, createdAt, updatedAt),
            } satisfies FullRow<'appointments'>,
          };
          if (completedAt !== null) {
            const visit: Visit = { appointmentId, profile, facility, physician, exam, serviceDate: date, completedAt };
            if (exam.isBillable) yield* billVisit(visit);
            if (exam.capability === 'mri') yield* imagingReport(visit, billing);
          }
          cursor = endMinute;
        }
      }
    }
  }

  function* imagingReport(visit: Visit, stream: SeededRandom): Generator<DemoRow> {
    const createdAt = visit.completedAt + stream.int(3, 36) * HOUR;
    if (createdAt > now - HOUR) return;
    yield* documentRows(context, stream, demoUuidV7(createdAt, stream), {
      kind: 'imaging_report', title: `${visit.exam.name} report — ${visit.serviceDate}`, patientId: visit.profile.id,
      caseId: visit.profile.caseId, facilityId: visit.facility.id, createdAt,
      fileName: `${visit.exam.key.replace('_', '-')}-report.pdf`, mimeType: 'application/pdf',
      amendedAt: stream.chance(0.05) ? Math.min(now - HOUR, createdAt + stream.int(1, 10) * DAY) : null,
    });
  }

  // Settlement checks: one per settled case, allocated across the invoices it pays.
  for (const [patientIndex, allocations] of settlementAllocations) {
    const profile = profiles[patientIndex] as PatientProfile;
    const settlement = profile.settlement;
    if (!settlement || allocations.length === 0) continue;
    const facility = facilities[profile.homeFacility] as FacilityModel;
    const amount = allocations.reduce((sum, entry) => sum + entry.amount, 0);
    yield {
      table: 'payments',
      row: {
        payer_type: 'attorney', payer_name: master.attorneys[profile.attorney]?.firmName ?? null, method: 'check',
        external_reference: `ST${String((referenceSequence += 1)).padStart(8, '0')}`, amount_cents: amount,
        received_on: settlement.receivedOn, patient_id: profile.id, case_id: profile.caseId, facility_id: facility.id,
        memo: `Settlement disbursement; ${settlement.reductionPercent}% reduction agreed`, refund_of_payment_id: null,
        ...syncedColumns(context, settlement.paymentId, settlement.paymentCreatedAt),
      } satisfies FullRow<'payments'>,
    };
    for (const entry of allocations) {
      yield {
        table: 'payment_allocations',
        row: {
          payment_id: settlement.paymentId, invoice_id: entry.invoiceId, invoice_line_id: null, amount_cents: entry.amount, applied_on: settlement.receivedOn,
          ...syncedColumns(context, demoUuidV7(settlement.paymentCreatedAt, billing), settlement.paymentCreatedAt),
        } satisfies FullRow<'payment_allocations'>,
      };
    }
  }
}
