import { can, type Action, type Role } from './auth/permissions';

/**
 * The sections of the app shell and the permission each one needs. The renderer builds its sidebar from
 * `sectionsFor(roles)`; hiding a section is a convenience only — every channel behind it is checked in main.
 */
export interface NavSection {
  readonly id: string;
  readonly label: string;
  /** The action a user needs to see the section; null: every signed-in user. */
  readonly action: Action | null;
  /** One plain sentence shown on the home screen. */
  readonly description: string;
  /** Not listed for users who hold this action: they reach the same content in another section. */
  readonly hiddenWith?: Action;
}

export const SECTIONS = [
  { id: 'home', label: 'Home', action: null, description: 'Who you are signed in as and what you can do.' },
  {
    id: 'schedule',
    label: 'Schedule',
    action: 'schedule.read',
    description: 'See the day’s appointments of a facility, in that facility’s local time.',
  },
  {
    id: 'patients',
    label: 'Patients',
    action: 'patient.read',
    description: 'Find patients by name, birth date, phone, MRN or case; charts, insurance, cases and referrals. Attorneys and referring doctors see only their own.',
  },
  {
    id: 'billing',
    label: 'Billing',
    action: 'payment.collect',
    description: 'The billing work queue, invoices and the invoice editor, payment posting and statement runs; at the desk, taking a patient’s payment.',
  },
  {
    id: 'billing-summary',
    label: 'Billing summary',
    action: 'billing.summary',
    hiddenWith: 'payment.post',
    description: 'A/R aging as of any date by payer type, facility, physician or attorney, and the collection rate and billing cycle; totals only, no patient detail.',
  },
  {
    id: 'facilities',
    label: 'Facilities',
    action: 'facility.manage',
    description: 'Add and edit facilities: address, map location, time zone, opening hours, rooms and equipment.',
  },
  {
    id: 'scheduling-setup',
    label: 'Scheduling set-up',
    action: 'schedule.configure',
    description: 'Where and when each physician works, time off and blocks, exam types, and facility closures and holidays.',
  },
  {
    id: 'users',
    label: 'Users',
    action: 'user.manage',
    description: 'Create staff and external logins, assign roles and facilities, reset passwords.',
  },
  {
    id: 'clinic',
    label: 'Clinic settings',
    action: 'clinic.manage',
    description: 'The clinic profile and the policies every workstation follows, such as the idle lock.',
  },
  {
    id: 'audit',
    label: 'Audit log',
    action: 'audit.read',
    description: 'Who did what and when, with a check that the log has not been altered.',
  },
  {
    id: 'contacts',
    label: 'Contacts',
    action: 'contact.write',
    description: 'Attorneys, law firms and referring doctors the clinic works with, and which of them have a login.',
  },
  {
    id: 'clinics',
    label: 'Clinics',
    action: 'clinics.manage',
    description: 'Every clinic on the Medora server: create clinics, add and deactivate their admins, reset admin passwords. No patient information.',
  },
  {
    id: 'sync-issues',
    label: 'Sync issues',
    action: null,
    description: 'Changes of yours the clinic server refused, with the reason: correct and send them again, or discard them.',
  },
] as const satisfies readonly NavSection[];

export type Section = (typeof SECTIONS)[number];
export type SectionId = Section['id'];

/** The sections a user with these roles may open, in sidebar order. */
export function sectionsFor(roles: readonly Role[]): Section[] {
  return SECTIONS.filter((section) => (section.action === null || can({ roles }, section.action))
    && !('hiddenWith' in section && can({ roles }, section.hiddenWith)));
}

export function isSectionId(value: unknown): value is SectionId {
  return typeof value === 'string' && SECTIONS.some((section) => section.id === value);
}
