import type { Role } from '../../shared/auth/permissions';
import type { SectionId } from '../../shared/navigation';

export { DEMO_PASSWORD } from '../../shared/demo/demo-clinic';

/**
 * The demo clinic's logins, with what each must see in the sidebar written out literally: if a
 * permission changes, this list and `sectionsFor` disagree with the screen, and the test says which.
 */
export const DEMO_USERS = {
  superadmin: { role: 'super_admin', sections: ['Home', 'Clinics', 'Sync issues'] },
  admin: { role: 'clinic_admin', sections: ['Home', 'Schedule', 'Patients', 'Billing', 'Facilities', 'Scheduling set-up', 'Users', 'Clinic settings', 'Audit log', 'Contacts', 'Sync issues'] },
  exec: { role: 'executive', sections: ['Home', 'Billing summary', 'Sync issues'] },
  'dr.patel': { role: 'physician', sections: ['Home', 'Schedule', 'Patients', 'Sync issues'] },
  'desk.east': { role: 'front_desk', sections: ['Home', 'Schedule', 'Patients', 'Billing', 'Contacts', 'Sync issues'] },
  'desk.west': { role: 'front_desk', sections: ['Home', 'Schedule', 'Patients', 'Billing', 'Contacts', 'Sync issues'] },
  billing: { role: 'billing', sections: ['Home', 'Schedule', 'Patients', 'Billing', 'Contacts', 'Sync issues'] },
  'attorney.reyes': { role: 'attorney', sections: ['Home', 'Patients', 'Sync issues'] },
  'referrer.kim': { role: 'referring_doctor', sections: ['Home', 'Patients', 'Sync issues'] },
} as const satisfies Record<string, { role: Role; sections: readonly string[] }>;

export type DemoUsername = keyof typeof DEMO_USERS;

/** Sidebar labels by section id, for screens the page models open. */
export const SECTION_LABELS = {
  home: 'Home',
  schedule: 'Schedule',
  patients: 'Patients',
  billing: 'Billing',
  'billing-summary': 'Billing summary',
  facilities: 'Facilities',
  'scheduling-setup': 'Scheduling set-up',
  users: 'Users',
  clinic: 'Clinic settings',
  audit: 'Audit log',
  contacts: 'Contacts',
  clinics: 'Clinics',
  'sync-issues': 'Sync issues',
} as const satisfies Record<SectionId, string>;
