import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPermissionsDoc } from './permissions-doc';
import { ACTIONS, can, ROLE_PERMISSIONS, ROLES } from './permissions';

describe('permissions', () => {
  it('docs/permissions.md matches the code (run `npm run docs:permissions` after changing permissions)', () => {
    expect(readFileSync('docs/permissions.md', 'utf8')).toBe(renderPermissionsDoc());
  });

  it('every granted action exists, and can() denies by default', () => {
    for (const role of ROLES) for (const action of ROLE_PERMISSIONS[role]) expect(Object.hasOwn(ACTIONS, action)).toBe(true);
    expect(can(null, 'clinic.read')).toBe(false);
    expect(can({ roles: [] }, 'clinic.read')).toBe(false);
    expect(can({ roles: ['not_a_role' as never] }, 'clinic.read')).toBe(false);
  });

  it('keeps PHI away from the operator and executives', () => {
    for (const action of ['patient.read', 'schedule.read', 'invoice.read', 'document.read', 'audit.read'] as const) {
      expect(can({ roles: ['super_admin'] }, action)).toBe(false);
      expect(can({ roles: ['executive'] }, action)).toBe(false);
    }
  });

  it('keeps external users read-only', () => {
    const writes = Object.keys(ACTIONS).filter((a) => /\.(write|manage|post|void|merge|close|collect|send|override|configure|export|write_off)$/.test(a));
    for (const role of ['attorney', 'referring_doctor'] as const) {
      for (const action of writes) expect(can({ roles: [role] }, action as keyof typeof ACTIONS), `${role} ${action}`).toBe(false);
    }
  });

  it('a front-desk user can take a copay but cannot void or write off', () => {
    expect(can({ roles: ['front_desk'] }, 'payment.collect')).toBe(true);
    expect(can({ roles: ['front_desk'] }, 'invoice.void')).toBe(false);
    expect(can({ roles: ['front_desk'] }, 'adjustment.write_off')).toBe(false);
  });
});
