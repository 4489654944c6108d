import { describe, expect, it } from 'vitest';
import type { Role, Subject } from '../auth/permissions';
import { sectionsFor } from '../navigation';
import { shapeRules } from '../sync/shape-rules';

function subject(role: Role): Subject {
  return { userId: 'u', clinicId: 'c', roles: [role], facilityIds: ['f'], physicianId: role === 'physician' ? 'p' : null, attorneyId: role === 'attorney' ? 'a' : null, referringDoctorId: null };
}

const ROLES: readonly Role[] = ['super_admin', 'clinic_admin', 'executive', 'physician', 'front_desk', 'billing', 'attorney', 'referring_doctor'];

describe('who receives the billing summary', () => {
  it('is synced only to readers of billing summaries who do not hold the clinic’s invoices (executives)', () => {
    const receivers = ROLES.filter((role) => shapeRules.ar_summary(subject(role), 'client') !== null);
    expect(receivers).toEqual(['executive']);
    expect(ROLES.filter((role) => shapeRules.billing_cycle_summary(subject(role), 'client') !== null)).toEqual(['executive']);
  });

  it('has its own section for executives only; the billing office reads aging in the Billing section', () => {
    const withSection = ROLES.filter((role) => sectionsFor([role]).some((section) => section.id === 'billing-summary'));
    expect(withSection).toEqual(['executive']);
    expect(sectionsFor(['billing']).some((section) => section.id === 'billing')).toBe(true);
  });
});
