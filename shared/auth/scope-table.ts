import { ROLES, type Role, type Subject } from './permissions';

/**
 * Row scopes as data: which rows of a resource each role may see. Kept free of any database code so
 * the renderer can read it (to choose what to offer) without bundling the query builder; the filters
 * that enforce it live in row-scopes.ts.
 */
export const SCOPE_KINDS = {
  clinic: 'every row of the clinic',
  assigned_facilities: 'rows of the facilities the user is assigned to',
  own_physician: "the physician's own schedule and assigned patients",
  attorney_cases: 'rows of cases where the user is the attorney',
  referred_patients: 'patients the user referred (limited fields, read-only)',
  self: "the user's own record",
  none: 'nothing',
} as const;
export type ScopeKind = keyof typeof SCOPE_KINDS;

export const SCOPED_RESOURCES = ['appointment', 'patient', 'case', 'invoice', 'document', 'user', 'audit'] as const;
export type ScopedResource = (typeof SCOPED_RESOURCES)[number];

export const ROW_SCOPES = {
  appointment: {
    super_admin: 'none', clinic_admin: 'clinic', executive: 'none', physician: 'own_physician',
    front_desk: 'assigned_facilities', billing: 'clinic', attorney: 'none', referring_doctor: 'none',
  },
  patient: {
    super_admin: 'none', clinic_admin: 'clinic', executive: 'none', physician: 'own_physician',
    front_desk: 'assigned_facilities', billing: 'clinic', attorney: 'attorney_cases', referring_doctor: 'referred_patients',
  },
  case: {
    super_admin: 'none', clinic_admin: 'clinic', executive: 'none', physician: 'own_physician',
    front_desk: 'assigned_facilities', billing: 'clinic', attorney: 'attorney_cases', referring_doctor: 'none',
  },
  invoice: {
    super_admin: 'none', clinic_admin: 'clinic', executive: 'none', physician: 'none',
    front_desk: 'assigned_facilities', billing: 'clinic', attorney: 'attorney_cases', referring_doctor: 'none',
  },
  document: {
    super_admin: 'none', clinic_admin: 'clinic', executive: 'none', physician: 'own_physician',
    front_desk: 'assigned_facilities', billing: 'clinic', attorney: 'attorney_cases', referring_doctor: 'none',
  },
  user: {
    super_admin: 'self', clinic_admin: 'clinic', executive: 'self', physician: 'self',
    front_desk: 'self', billing: 'self', attorney: 'self', referring_doctor: 'self',
  },
  audit: {
    super_admin: 'none', clinic_admin: 'clinic', executive: 'none', physician: 'none',
    front_desk: 'none', billing: 'none', attorney: 'none', referring_doctor: 'none',
  },
} as const satisfies Record<ScopedResource, Record<Role, ScopeKind>>;

/** The scope kinds a subject holds for a resource (union over the subject's roles). */
export function scopesOf(subject: Pick<Subject, 'roles'>, resource: ScopedResource): ScopeKind[] {
  const kinds = new Set<ScopeKind>();
  for (const role of subject.roles) if (ROLES.includes(role)) kinds.add(ROW_SCOPES[resource][role]);
  kinds.delete('none');
  return kinds.has('clinic') ? ['clinic'] : [...kinds];
}
