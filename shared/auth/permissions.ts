import { ROLE_VALUES } from '../db/schema-v1';

/**
 * Roles and what each may do: the single table of permissions for server, main and renderer.
 * Deny by default: an action absent from a role's list is refused. `docs/permissions.md` is generated
 * from these tables (`npm run docs:permissions`) and a test keeps it equal.
 */
export const ROLES = ROLE_VALUES;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS = {
  super_admin: 'Super admin',
  clinic_admin: 'Clinic admin',
  executive: 'Executive',
  physician: 'Physician',
  front_desk: 'Front desk',
  billing: 'Billing',
  attorney: 'Attorney',
  referring_doctor: 'Referring doctor',
} as const satisfies Record<Role, string>;

/** Every action a channel or mutator can require, with a plain description. */
export const ACTIONS = {
  'clinics.manage': 'Create clinics and their clinic admins (operator; no PHI)',
  'clinic.read': 'Read the clinic profile and settings',
  'clinic.manage': 'Change clinic settings (idle timeout, offline lease, travel buffer, treatment gap)',
  'facility.read': 'Read facilities, rooms and hours',
  'facility.manage': 'Create and edit facilities, rooms, hours and closures',
  'user.read': 'List staff and external users',
  'user.manage': 'Create, deactivate and assign roles and facilities to users',
  'audit.read': 'Read and export the audit trail',
  'physician.read': 'Read physicians and their facility assignments',
  'physician.manage': 'Create physicians, assignments and availability',
  'schedule.read': 'Read appointments and calendars',
  'schedule.busy_read': 'Read PHI-free busy blocks of physicians at other facilities',
  'schedule.write': 'Book, reschedule, check in and cancel appointments',
  'schedule.override': 'Override a soft scheduling conflict with a reason',
  'schedule.configure': 'Edit exam types and availability templates',
  'patient.read': 'Read patient demographics',
  'patient.write': 'Register and edit patients and insurance',
  'patient.merge': 'Merge duplicate patient records',
  'case.read': 'Read cases (PI, workers comp, general)',
  'case.write': 'Open and edit cases, attorneys and LOP status',
  'contact.write': 'Create and edit external contacts: attorneys, law firms and referring doctors',
  'referral.read': 'Read referrals',
  'referral.write': 'Record and update referrals',
  'invoice.read': 'Read invoices and balances',
  'invoice.write': 'Create and edit draft invoices and charges',
  'invoice.void': 'Void an invoice',
  'payment.collect': 'Take a patient payment (copay) at the desk',
  'payment.post': 'Post payments and allocations from any source',
  'adjustment.write_off': 'Post adjustments and write-offs',
  'claim.manage': 'Create and submit claims',
  'period.close': 'Close a financial period',
  'billing.summary': 'Read billing aggregates without patient detail',
  'document.read': 'Read documents permitted for the role',
  'document.write': 'Upload and version documents',
  'document.export': 'Bulk-export documents',
  'report.read': 'Read aggregate reports',
  'message.read': 'Read own notifications and messages',
  'message.send': 'Send patient messages and staff notifications',
  'emergency.access': 'Break-glass access with a reason, time-boxed and audited',
} as const;
export type Action = keyof typeof ACTIONS;

/** What each role may do. Order follows ACTIONS for readability of the generated table. */
export const ROLE_PERMISSIONS = {
  super_admin: ['clinics.manage', 'clinic.read'],
  clinic_admin: [
    'clinic.read', 'clinic.manage', 'facility.read', 'facility.manage', 'user.read', 'user.manage', 'audit.read',
    'physician.read', 'physician.manage', 'schedule.read', 'schedule.busy_read', 'schedule.write', 'schedule.override',
    'schedule.configure', 'patient.read', 'patient.write', 'patient.merge', 'case.read', 'case.write', 'contact.write', 'referral.read',
    'referral.write', 'invoice.read', 'invoice.write', 'invoice.void', 'payment.collect', 'payment.post',
    'adjustment.write_off', 'claim.manage', 'period.close', 'billing.summary', 'document.read', 'document.write',
    'document.export', 'report.read', 'message.read', 'message.send', 'emergency.access',
  ],
  executive: ['clinic.read', 'facility.read', 'physician.read', 'billing.summary', 'report.read', 'message.read'],
  physician: [
    'clinic.read', 'facility.read', 'physician.read', 'schedule.read', 'schedule.busy_read', 'patient.read', 'case.read',
    'referral.read', 'referral.write', 'document.read', 'document.write', 'message.read', 'message.send', 'emergency.access',
  ],
  front_desk: [
    'clinic.read', 'facility.read', 'physician.read', 'schedule.read', 'schedule.busy_read', 'schedule.write',
    'patient.read', 'patient.write', 'case.read', 'case.write', 'contact.write', 'referral.read', 'referral.write', 'invoice.read',
    'payment.collect', 'document.read', 'document.write', 'message.read', 'message.send',
  ],
  billing: [
    'clinic.read', 'facility.read', 'physician.read', 'schedule.read', 'patient.read', 'case.read', 'case.write', 'contact.write',
    'referral.read', 'invoice.read', 'invoice.write', 'invoice.void', 'payment.collect', 'payment.post',
    'adjustment.write_off', 'claim.manage', 'billing.summary', 'document.read', 'document.write', 'document.export',
    'report.read', 'message.read', 'message.send',
  ],
  attorney: ['patient.read', 'case.read', 'invoice.read', 'document.read', 'message.read'],
  referring_doctor: ['patient.read', 'referral.read', 'message.read'],
} as const satisfies Record<Role, readonly Action[]>;

/** Who is asking: always built by the main process (or the server) from its own session, never from a payload. */
export interface Subject {
  readonly userId: string;
  readonly clinicId: string;
  readonly roles: readonly Role[];
  /** Facilities the user is restricted to. Empty means none, not all (deny by default). */
  readonly facilityIds: readonly string[];
  readonly physicianId: string | null;
  readonly attorneyId: string | null;
  readonly referringDoctorId: string | null;
}

function buildPermissionSets(): Record<Role, ReadonlySet<Action>> {
  const sets = {} as Record<Role, ReadonlySet<Action>>;
  for (const role of ROLES) sets[role] = new Set<Action>(ROLE_PERMISSIONS[role]);
  return sets;
}
const permissionSets = buildPermissionSets();

/** True when any of the subject's roles grants the action. Pure; deny by default. */
export function can(subject: Pick<Subject, 'roles'> | null | undefined, action: Action): boolean {
  if (!subject) return false;
  return subject.roles.some((role) => permissionSets[role]?.has(action) === true);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && Object.hasOwn(ACTIONS, value);
}
