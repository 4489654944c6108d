import type { operatorChannels } from '../../shared/admin/operator.contract';
import { DomainError } from '../../shared/ipc/result';
import type { HandlerMap, SessionContext } from '../ipc/router';
import type { OperatorService } from './operator.service';

function operator(ctx: SessionContext): OperatorService {
  const service = ctx.services.operator;
  if (!service) throw new DomainError('unavailable', 'This workstation is not connected to a Medora server, where clinics are managed.');
  return service;
}

/**
 * The operator's console. Clinics are tenants of the central server, so every call is answered there
 * (online only); the audit entry the router writes names the clinic and the login, never a password.
 */
export const operatorHandlers = {
  'operator.clinics': async (_input, ctx) => operator(ctx).clinics(ctx.session),

  'operator.createClinic': async (input, ctx) => {
    const clinic = await operator(ctx).createClinic(ctx.session, input);
    const admin = clinic.admins.find((candidate) => candidate.username === input.admin.username);
    Object.assign(ctx.audit, { entityType: 'clinic', entityId: clinic.id, detail: { created: true, name: clinic.name, adminId: admin?.id ?? null, adminUsername: input.admin.username } });
    return clinic;
  },

  'operator.saveAdmin': async (input, ctx) => {
    const clinic = await operator(ctx).saveAdmin(ctx.session, input);
    const admin = input.kind === 'create' ? clinic.admins.find((candidate) => candidate.username === input.admin.username) : clinic.admins.find((candidate) => candidate.id === input.userId);
    Object.assign(ctx.audit, {
      entityType: 'user',
      entityId: admin?.id ?? null,
      detail: { clinicId: clinic.id, created: input.kind === 'create', ...(input.kind === 'update' ? { isActive: input.isActive } : { username: input.admin.username }) },
    });
    return clinic;
  },

  'operator.resetAdminPassword': async (input, ctx) => {
    await operator(ctx).resetAdminPassword(ctx.session, input);
    Object.assign(ctx.audit, { entityType: 'user', entityId: input.userId, detail: { clinicId: input.clinicId, passwordReset: true } });
    return null;
  },
} satisfies Pick<HandlerMap, keyof typeof operatorChannels>;
