import type { CASE_STATUSES, CASE_TYPES, DOCUMENT_KINDS, LOP_STATUSES } from '../db/schema-v1';
import { daysBetween, shiftDate } from './calendar';
import { demoUuidV7 } from './demo-ids';
import { syncedColumns, type DemoContext, type DemoMaster, type DemoRow, type FacilityModel, type FullRow } from './demo-model';
import { createRandom, type SeededRandom } from './random';
import {
  DIAGNOSES, FEMALE_FIRST_NAMES, INJURY_DESCRIPTIONS, LANGUAGES, LAST_NAMES, MALE_FIRST_NAMES, PAYERS, REFERRAL_REASONS,
  REFERRAL_SOURCES, STREET_NAMES,
} from './reference-data';

type CaseType = (typeof CASE_TYPES)[number];
type CaseStatus = (typeof CASE_STATUSES)[number];
type LopStatus = (typeof LOP_STATUSES)[number];
type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A settled personal-injury case: the attorney pays every suspended invoice, less a negotiated reduction. */
export interface Settlement {
  readonly settledOn: string;
  readonly receivedOn: string;
  /** False when the check is still in the mail on the reference date. */
  readonly hasArrived: boolean;
  readonly paymentId: string;
  readonly paymentCreatedAt: number;
  /** Whole percent of the billed amount the clinic agreed to give up. */
  readonly reductionPercent: number;
}

/**
 * What the schedule and billing passes need to know about a patient, kept compactly for every patient
 * (100,000 at the large scale). Everything else about the patient is regenerated from the same seed
 * when the patient's rows are written.
 */
export interface PatientProfile {
  readonly index: number;
  readonly id: string;
  readonly createdAt: number;
  readonly homeFacility: number;
  readonly physicians: readonly number[];
  readonly caseId: string;
  readonly caseCreatedAt: number;
  readonly caseType: CaseType;
  readonly caseStatus: CaseStatus;
  readonly lopStatus: LopStatus;
  /** Index into the attorneys, or -1. */
  readonly attorney: number;
  /** Appointments end before this instant (the case settled or closed); `Infinity` while treating. */
  readonly activeUntil: number;
  readonly closedOn: string | null;
  readonly settlement: Settlement | null;
  readonly primaryPolicyId: string | null;
  /** Index into PAYERS, or -1. */
  readonly primaryPayer: number;
  /** Index into the referring doctors, or -1. */
  readonly referringDoctor: number;
}

const CASE_TYPE_WEIGHTS = [['pi_auto', 40], ['pi_other', 8], ['workers_comp', 12], ['general_health', 40]] as const;
const DOCTOR_SPECIALTIES = new Set(['orthopedics', 'pain', 'rehabilitation', 'neurology']);
const THERAPY_SPECIALTIES = new Set(['chiropractic', 'physical_therapy']);

/** Personal-injury cases (auto and other) are the ones billed to attorneys under a letter of protection. */
export function isPersonalInjury(caseType: CaseType): boolean {
  return caseType === 'pi_auto' || caseType === 'pi_other';
}

/** A business-hours instant on a random date in `[fromDate, toDate]` in the facility's zone. */
function businessInstant(random: SeededRandom, facility: FacilityModel, fromDate: string, toDate: string): number {
  const span = Math.max(0, daysBetween(fromDate, toDate));
  const date = shiftDate(fromDate, random.int(0, span));
  return facility.clock.at(date, random.int(8 * 60, 17 * 60));
}


/** Physicians by facility and kind of care, so a patient is assigned a plausible care team at home. */
function careTeams(master: DemoMaster): { doctors: number[][]; therapists: number[][]; radiologists: number[][] } {
  const teams = { doctors: [] as number[][], therapists: [] as number[][], radiologists: [] as number[][] };
  for (const facility of master.facilities) {
    const here = master.physicians.filter((physician) => physician.facilities.includes(facility.index));
    teams.doctors.push(here.filter((physician) => DOCTOR_SPECIALTIES.has(physician.specialty)).map((physician) => physician.index));
    teams.therapists.push(here.filter((physician) => THERAPY_SPECIALTIES.has(physician.specialty)).map((physician) => physician.index));
    teams.radiologists.push(here.filter((physician) => physician.specialty === 'radiology').map((physician) => physician.index));
  }
  return teams;
}

/**
 * One profile per patient. About a third are new during the demo window (so census reports show new
 * patients each month); the rest were registered earlier. Personal-injury cases dominate, as in the
 * practices Medora serves.
 */
export function buildPatientProfiles(master: DemoMaster): PatientProfile[] {
  const { context, facilities } = master;
  const teams = careTeams(master);
  const setupDate = shiftDate(context.referenceDate, -3 * 365 + 30);
  const windowStartAt = (facilities[0] as FacilityModel).clock.at(context.windowStart, 0);
  const profiles: PatientProfile[] = [];
  for (let index = 0; index < context.scale.patients; index += 1) {
    const random = createRandom(context.seed, 'patient', index);
    const homeFacility = random.int(0, facilities.length - 1);
    const facility = facilities[homeFacility] as FacilityModel;
    const isNew = random.chance(0.35);
    const createdAt = isNew
      ? businessInstant(random, facility, context.windowStart, shiftDate(context.referenceDate, -2))
      : businessInstant(random, facility, setupDate, shiftDate(context.windowStart, -1));
    const id = demoUuidV7(createdAt, random);

    const caseType = random.weighted(CASE_TYPE_WEIGHTS);
    const isInjury = isPersonalInjury(caseType);
    const caseCreatedAt = isNew || createdAt > windowStartAt - 150 * DAY
      ? createdAt
      : businessInstant(random, facility, shiftDate(context.windowStart, -150), shiftDate(context.windowStart, -1));
    const caseId = demoUuidV7(caseCreatedAt, random);
    const attorneyChance = caseType === 'pi_auto' ? 0.85 : caseType === 'pi_other' ? 0.65 : caseType === 'workers_comp' ? 0.25 : 0;
    const attorney = random.chance(attorneyChance) ? random.int(0, master.attorneys.length - 1) : -1;
    const lopStatus: LopStatus = isInjury && attorney >= 0
      ? random.weighted([['requested', 12], ['received', 28], ['on_file', 55], ['none', 5]] as const)
      : 'none';

    let caseStatus: CaseStatus = isNew && random.chance(0.4) ? 'open' : 'treating';
    let activeUntil = Number.POSITIVE_INFINITY;
    let closedOn: string | null = null;
    let settlement: Settlement | null = null;
    const lateDate = shiftDate(context.referenceDate, -5);
    if (!isNew && isInjury && attorney >= 0 && lopStatus !== 'none' && random.chance(0.3)) {
      const settledOn = shiftDate(context.windowStart, random.int(20, Math.max(20, daysBetween(context.windowStart, lateDate))));
      const receivedOn = shiftDate(settledOn, random.int(10, 35));
      const paymentCreatedAt = facility.clock.at(receivedOn, random.int(10 * 60, 16 * 60));
      caseStatus = 'settled';
      closedOn = settledOn;
      activeUntil = facility.clock.at(settledOn, 0);
      settlement = {
        settledOn, receivedOn, hasArrived: receivedOn < context.referenceDate, paymentCreatedAt,
        paymentId: demoUuidV7(paymentCreatedAt, random), reductionPercent: random.int(15, 40),
      };
    } else if (!isNew && caseType === 'general_health' && random.chance(0.12)) {
      caseStatus = 'closed';
      closedOn = shiftDate(context.windowStart, random.int(20, Math.max(20, daysBetween(context.windowStart, lateDate))));
      activeUntil = facility.clock.at(closedOn, 0);
    }

    const policyChance = caseType === 'general_health' ? 0.88 : isInjury ? 0.55 : 0.35;
    const primaryPayer = random.chance(policyChance) ? random.int(0, PAYERS.length - 1) : -1;
    const primaryPolicyId = primaryPayer >= 0 ? demoUuidV7(createdAt, random) : null;
    const referringDoctor = random.chance(0.55) ? random.int(0, master.referringDoctorIds.length - 1) : -1;

    const physicians: number[] = [];
    const doctors = teams.doctors[homeFacility] ?? [];
    const therapists = teams.therapists[homeFacility] ?? [];
    const radiologists = teams.radiologists[homeFacility] ?? [];
    if (doctors.length > 0) physicians.push(random.pick(doctors));
    if (therapists.length > 0 && random.chance(isInjury ? 0.8 : caseType === 'workers_comp' ? 0.7 : 0.4)) physicians.push(random.pick(therapists));
    if (radiologists.length > 0 && random.chance(isInjury ? 0.5 : 0.3)) physicians.push(random.pick(radiologists));
    if (physicians.length === 0) {
      const anyone = master.physicians.filter((physician) => physician.facilities.includes(homeFacility));
      physicians.push(random.pick(anyone.length > 0 ? anyone : master.physicians).index);
    }

    profiles.push({
      index, id, createdAt, homeFacility, physicians, caseId, caseCreatedAt, caseType, caseStatus, lopStatus, attorney,
      activeUntil, closedOn, settlement, primaryPolicyId, primaryPayer, referringDoctor,
    });
  }
  return profiles;
}

function asciiName(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
}

function yearsBefore(date: string, years: number, extraDays: number): string {
  const year = Number(date.slice(0, 4)) - years;
  return shiftDate(`${year}${date.slice(4, 10).replace('02-29', '02-28')}`, -extraDays);
}

interface DocumentDescription {
  readonly kind: DocumentKind;
  readonly title: string;
  readonly patientId: string;
  readonly caseId: string | null;
  readonly facilityId: string | null;
  readonly createdAt: number;
  readonly fileName: string;
  readonly mimeType: string;
  /** When the document was amended (a second version), or null. */
  readonly amendedAt: number | null;
}

/** A document and its versions: metadata only; the demo ships no files. */
export function* documentRows(context: DemoContext, random: SeededRandom, id: string, description: DocumentDescription): Generator<DemoRow> {
  const versions = description.amendedAt === null ? [description.createdAt] : [description.createdAt, description.amendedAt];
  yield {
    table: 'documents',
    row: {
      document_kind: description.kind, title: description.title, patient_id: description.patientId, case_id: description.caseId,
      facility_id: description.facilityId, current_version: versions.length,
      ...syncedColumns(context, id, description.createdAt, versions[versions.length - 1]),
    } satisfies FullRow<'documents'>,
  };
  for (const [position, createdAt] of versions.entries()) {
    const version = position + 1;
    yield {
      table: 'document_versions',
      row: {
        document_id: id, version,
        file_name: version === 1 ? description.fileName : description.fileName.replace(/(\.[a-z]+)$/, `-amended$1`),
        mime_type: description.mimeType,
        size_bytes: description.mimeType === 'application/pdf' ? random.int(38_000, 2_400_000) : random.int(180_000, 900_000),
        sha256: random.hex(64),
        storage_key: `demo/${id}/v${version}`,
        note: version === 1 ? null : 'Amended after review',
        ...syncedColumns(context, demoUuidV7(createdAt, random), createdAt),
      } satisfies FullRow<'document_versions'>,
    };
  }
}

/**
 * Every row about the patients themselves: demographics, care team, documents, insurance, cases and
 * referrals. Draws from a per-patient stream, so each patient's rows depend only on the seed and the
 * patient's number.
 */
export function* patientRows(master: DemoMaster, profiles: readonly PatientProfile[]): Generator<DemoRow> {
  const { context, facilities, now } = master;
  const latest = now - HOUR;
  let caseSequence = 0;
  for (const profile of profiles) {
    const random = createRandom(context.seed, 'patient-detail', profile.index);
    const facility = facilities[profile.homeFacility] as FacilityModel;
    const site = facility.site;
    const town = random.pick(site.towns);
    const sex = random.weighted([['female', 49], ['male', 49], ['other', 1], ['unknown', 1]] as const);
    const names = sex === 'female' || (sex !== 'male' && random.chance(0.5)) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES;
    const firstName = random.pick(names);
    const lastName = random.pick(LAST_NAMES);
    const isInjury = isPersonalInjury(profile.caseType);
    const age = isInjury && random.chance(0.06) ? random.int(5, 17)
      : profile.caseType === 'workers_comp' ? random.int(19, 64)
        : isInjury ? random.int(18, 72) : random.int(24, 88);
    const dateOfBirth = yearsBefore(context.referenceDate, age, random.int(0, 364));
    const hasPhone = random.chance(0.96);
    const phone = hasPhone ? `(${site.areaCode}) 555-${random.digits(4)}` : null;
    const hasEmail = age >= 16 && random.chance(0.7);
    const email = hasEmail ? `${asciiName(firstName)}.${asciiName(lastName)}${random.int(1, 99)}@${random.pick(['example.com', 'example.net', 'example.org'])}` : null;
    const createdDate = facility.clock.dateOf(profile.createdAt);
    const emergencyContact = random.chance(0.6)
      ? `${random.pick(random.chance(0.5) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES)} ${random.chance(0.6) ? lastName : random.pick(LAST_NAMES)}`
      : null;

    yield {
      table: 'patients',
      row: {
        mrn: String(100_001 + profile.index),
        first_name: firstName,
        middle_name: random.chance(0.3) ? random.pick(names) : null,
        last_name: lastName,
        preferred_name: random.chance(0.04) ? random.pick(['Sam', 'Chris', 'Liz', 'Bobby', 'Mike', 'Kate', 'Tony', 'Dani', 'Jay']) : null,
        date_of_birth: dateOfBirth,
        sex,
        phone,
        email,
        address_line1: random.chance(0.97) ? `${random.int(10, 9899)} ${random.pick(STREET_NAMES)}` : null,
        address_line2: random.chance(0.12) ? `Apt ${random.int(1, 24)}${random.pick(['A', 'B', 'C', 'D'])}` : null,
        city: town[0], state: town[1], postal_code: town[2],
        preferred_language: random.weighted(LANGUAGES),
        sms_consent: hasPhone && random.chance(0.72) ? 1 : 0,
        email_consent: hasEmail && random.chance(0.6) ? 1 : 0,
        phone_consent: hasPhone && random.chance(0.92) ? 1 : 0,
        emergency_contact_name: emergencyContact,
        emergency_contact_phone: emergencyContact ? `(${site.areaCode}) 555-${random.digits(4)}` : null,
        home_facility_id: facility.id,
        referring_doctor_id: profile.referringDoctor >= 0 ? (master.referringDoctorIds[profile.referringDoctor] as string) : null,
        merged_into_id: null,
        notes: random.chance(0.03) ? random.pick(['Prefers text reminders', 'Hard of hearing; speak clearly', 'Needs Spanish interpreter', 'Latex allergy']) : null,
        ...syncedColumns(context, profile.id, profile.createdAt),
      } satisfies FullRow<'patients'>,
    };

    for (const physicianIndex of profile.physicians) {
      yield {
        table: 'patient_physicians',
        row: { patient_id: profile.id, physician_id: master.physicians[physicianIndex]?.id as string, ...syncedColumns(context, demoUuidV7(profile.createdAt, random), profile.createdAt) } satisfies FullRow<'patient_physicians'>,
      };
    }

    // Documents: the LOP for suspended PI billing, a HIPAA authorization for some, insurance cards for a few.
    let lopDocumentId: string | null = null;
    if (profile.lopStatus === 'received' || profile.lopStatus === 'on_file') {
      const createdAt = Math.min(latest, profile.caseCreatedAt + random.int(1, 14) * DAY);
      lopDocumentId = demoUuidV7(createdAt, random);
      const firm = master.attorneys[profile.attorney]?.firmName ?? 'attorney';
      yield* documentRows(context, random, lopDocumentId, {
        kind: 'lop', title: `Letter of protection — ${firm}`, patientId: profile.id, caseId: profile.caseId, facilityId: facility.id,
        createdAt, fileName: 'letter-of-protection.pdf', mimeType: 'application/pdf',
        amendedAt: random.chance(0.05) ? Math.min(latest, createdAt + random.int(5, 40) * DAY) : null,
      });
    }
    if (random.chance(0.12)) {
      yield* documentRows(context, random, demoUuidV7(profile.createdAt, random), {
        kind: 'hipaa_authorization', title: 'HIPAA authorization', patientId: profile.id, caseId: null, facilityId: facility.id,
        createdAt: profile.createdAt, fileName: 'hipaa-authorization.pdf', mimeType: 'application/pdf', amendedAt: null,
      });
    }
    let cardFront: string | null = null;
    let cardBack: string | null = null;
    if (profile.primaryPolicyId && random.chance(0.08)) {
      cardFront = demoUuidV7(profile.createdAt, random);
      cardBack = demoUuidV7(profile.createdAt, random);
      for (const [documentId, side] of [[cardFront, 'front'], [cardBack, 'back']] as const) {
        yield* documentRows(context, random, documentId, {
          kind: 'insurance_card', title: `Insurance card (${side})`, patientId: profile.id, caseId: null, facilityId: facility.id,
          createdAt: profile.createdAt, fileName: `insurance-card-${side}.jpg`, mimeType: 'image/jpeg', amendedAt: null,
        });
      }
    }

    // Insurance: primary for most, secondary for some, in priority order.
    const policies: { id: string; payer: number; priority: number }[] = [];
    if (profile.primaryPolicyId) {
      policies.push({ id: profile.primaryPolicyId, payer: profile.primaryPayer, priority: 1 });
      if (random.chance(0.15)) {
        const payer = (profile.primaryPayer + random.int(1, PAYERS.length - 1)) % PAYERS.length;
        policies.push({ id: demoUuidV7(profile.createdAt, random), payer, priority: 2 });
      }
    }
    for (const policy of policies) {
      const [payerName, payerId] = PAYERS[policy.payer] as (typeof PAYERS)[number];
      const relationship = age < 18 ? 'child' : random.weighted([['self', 82], ['spouse', 13], ['child', age < 26 ? 30 : 0], ['other', 1]] as const);
      const subscriberFirst = random.pick(random.chance(0.5) ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
      yield {
        table: 'insurance_policies',
        row: {
          patient_id: profile.id,
          priority: policy.priority,
          payer_name: payerName,
          payer_id: payerId,
          member_id: `${payerName.slice(0, 1).toUpperCase()}${random.pick(['X', 'K', 'M', 'W'])}${random.digits(9)}`,
          group_number: random.chance(0.7) ? random.digits(6) : null,
          subscriber_name: relationship === 'self' ? `${firstName} ${lastName}` : `${subscriberFirst} ${lastName}`,
          subscriber_relationship: relationship,
          subscriber_date_of_birth: relationship === 'self' ? dateOfBirth : yearsBefore(context.referenceDate, relationship === 'child' ? age + random.int(22, 40) : age + random.int(-4, 6), random.int(0, 364)),
          effective_from: `${Math.min(Number(createdDate.slice(0, 4)), Number(context.referenceDate.slice(0, 4)))}-01-01`,
          effective_to: null,
          card_front_document_id: policy.priority === 1 ? cardFront : null,
          card_back_document_id: policy.priority === 1 ? cardBack : null,
          ...syncedColumns(context, policy.id, profile.createdAt),
        } satisfies FullRow<'insurance_policies'>,
      };
    }

    // The current case, and for some long-standing patients an earlier closed one.
    const caseDate = facility.clock.dateOf(profile.caseCreatedAt);
    const hasInjury = profile.caseType !== 'general_health';
    const attorney = profile.attorney >= 0 ? master.attorneys[profile.attorney] : undefined;
    const lastContact = attorney ? Math.max(profile.caseCreatedAt + HOUR, now - random.int(1, 75) * DAY - random.int(0, 8) * HOUR) : null;
    const caseClosedAt = profile.closedOn ? facility.clock.at(profile.closedOn, random.int(9 * 60, 17 * 60)) : null;
    caseSequence += 1;
    yield {
      table: 'cases',
      row: {
        patient_id: profile.id,
        case_number: `C${caseDate.slice(0, 4)}-${String(caseSequence).padStart(6, '0')}`,
        case_type: profile.caseType,
        status: profile.caseStatus,
        date_of_injury: hasInjury ? shiftDate(caseDate, -random.int(1, 30)) : null,
        accident_state: hasInjury ? (random.chance(0.9) ? town[1] : random.pick(['NJ', 'DE', 'NV', 'AZ', 'IN', 'WI'])) : null,
        description: random.pick(INJURY_DESCRIPTIONS[profile.caseType]),
        attorney_id: attorney?.id ?? null,
        lop_status: profile.lopStatus,
        lop_document_id: lopDocumentId,
        policy_limit_cents: profile.caseType === 'pi_auto' ? random.pick([1_500_000, 2_500_000, 3_000_000, 5_000_000, 10_000_000]) : null,
        referral_source: attorney ? 'Attorney referral' : profile.referringDoctor >= 0 ? 'Referring physician' : random.pick(REFERRAL_SOURCES),
        billing_suspended: isPersonalInjury(profile.caseType) && (profile.lopStatus === 'received' || profile.lopStatus === 'on_file') && profile.caseStatus !== 'settled' && profile.caseStatus !== 'closed' ? 1 : 0,
        last_attorney_contact_at: lastContact,
        ...syncedColumns(context, profile.caseId, profile.caseCreatedAt, Math.max(profile.caseCreatedAt, caseClosedAt ?? 0, lastContact ?? 0)),
      } satisfies FullRow<'cases'>,
    };
    for (const physicianIndex of profile.physicians) {
      yield {
        table: 'case_physicians',
        row: { case_id: profile.caseId, physician_id: master.physicians[physicianIndex]?.id as string, ...syncedColumns(context, demoUuidV7(profile.caseCreatedAt, random), profile.caseCreatedAt) } satisfies FullRow<'case_physicians'>,
      };
    }
    const windowStartAt = facility.clock.at(context.windowStart, 0);
    if (profile.createdAt < windowStartAt - 240 * DAY && random.chance(0.1)) {
      const earlierAt = profile.createdAt + random.int(0, 20) * DAY;
      const earlierDate = facility.clock.dateOf(earlierAt);
      const closedAt = earlierAt + random.int(40, 180) * DAY;
      caseSequence += 1;
      yield {
        table: 'cases',
        row: {
          patient_id: profile.id,
          case_number: `C${earlierDate.slice(0, 4)}-${String(caseSequence).padStart(6, '0')}`,
          case_type: 'general_health', status: 'closed', date_of_injury: null, accident_state: null,
          description: random.pick(INJURY_DESCRIPTIONS.general_health), attorney_id: null, lop_status: 'none',
          lop_document_id: null, policy_limit_cents: null, referral_source: 'Prior patient', billing_suspended: 0,
          last_attorney_contact_at: null,
          ...syncedColumns(context, demoUuidV7(earlierAt, random), earlierAt, closedAt),
        } satisfies FullRow<'cases'>,
      };
    }

    // The referral that brought the patient in (referring doctors see only patients they referred).
    if (profile.referringDoctor >= 0) {
      const isEstablished = profile.createdAt < now - 21 * DAY;
      const status = isEstablished ? random.weighted([['seen', 45], ['report_sent', 55]] as const) : random.weighted([['received', 40], ['scheduled', 60]] as const);
      const reportSentAt = status === 'report_sent' ? Math.min(latest, profile.createdAt + random.int(14, 40) * DAY) : null;
      const referralId = demoUuidV7(profile.createdAt, random);
      yield {
        table: 'referrals',
        row: {
          patient_id: profile.id,
          referring_doctor_id: master.referringDoctorIds[profile.referringDoctor] as string,
          case_id: profile.caseId,
          referred_on: shiftDate(createdDate, -random.int(0, 7)),
          reason: random.pick(REFERRAL_REASONS),
          status,
          report_sent_at: reportSentAt,
          ...syncedColumns(context, referralId, profile.createdAt, reportSentAt ?? profile.createdAt),
        } satisfies FullRow<'referrals'>,
      };
      if (random.chance(0.25)) {
        yield* documentRows(context, random, demoUuidV7(profile.createdAt, random), {
          kind: 'referral', title: 'Referral letter', patientId: profile.id, caseId: profile.caseId, facilityId: facility.id,
          createdAt: profile.createdAt, fileName: 'referral-letter.pdf', mimeType: 'application/pdf', amendedAt: null,
        });
      }
    }
  }
}

/** Diagnosis codes for a visit, drawn from those typical of the case. */
export function diagnosesFor(random: SeededRandom, caseType: CaseType): string[] {
  const pool = isPersonalInjury(caseType) ? DIAGNOSES.pi : caseType === 'workers_comp' ? DIAGNOSES.work : DIAGNOSES.general;
  const count = random.int(1, 3);
  const chosen = new Set<string>();
  while (chosen.size < count) chosen.add(random.pick(pool));
  return [...chosen];
}
