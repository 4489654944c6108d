import type { Role } from '../../shared/auth/permissions';

/** What each role is for, in the words a new user would use. The permission table itself is in shared/. */
export const ROLE_SUMMARIES = {
  super_admin: 'You set up clinics and their clinic administrators. You never see patient information.',
  clinic_admin:
    'You configure the clinic: facilities, users and what each of them may see, and the policies every workstation follows. You can also read the audit log.',
  executive: 'You follow the clinic through reports and billing summaries, without patient detail.',
  physician: 'You see your own schedule and the patients assigned to you, and you write referrals and documents for them.',
  front_desk: 'You run the day at your facilities: the schedule, check-in, patient registration and copays.',
  billing: 'You work the revenue cycle of the whole clinic: invoices, claims, payments, adjustments and statements.',
  attorney: "You see your own clients' cases, their billing status and their documents.",
  referring_doctor: 'You see the patients you referred, read-only, with the details a referral needs.',
} as const satisfies Record<Role, string>;
