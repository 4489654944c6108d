import type { CreateClinicInput, OperatorClinic, ResetAdminPasswordInput, SaveAdminInput } from '../../shared/admin/operator.contract';
import { DomainError, type FieldError } from '../../shared/ipc/result';
import type { Session } from '../auth/session-store';
import { ServerRefusal, ServerUnreachable, SIGN_IN_REQUIRED, type ServerSession } from '../sync/server-session';

/** The operator's console talks to the server's `/v1/operator` endpoints; nothing of it is kept on the device. */
export interface OperatorService {
  clinics(session: Session): Promise<OperatorClinic[]>;
  createClinic(session: Session, input: CreateClinicInput): Promise<OperatorClinic>;
  saveAdmin(session: Session, input: SaveAdminInput): Promise<OperatorClinic>;
  resetAdminPassword(session: Session, input: ResetAdminPasswordInput): Promise<void>;
}

function fieldsOf(details: unknown): FieldError[] | undefined {
  const fields = (details as { fields?: unknown } | undefined)?.fields;
  if (!Array.isArray(fields)) return undefined;
  return fields.filter((f): f is FieldError => typeof f?.path === 'string' && typeof f?.message === 'string');
}

/** Server refusals as the router's typed errors; an unreachable server is `unavailable`, never a guess. */
function translate(error: unknown): never {
  if (error instanceof ServerUnreachable) throw new DomainError('unavailable', 'Managing clinics needs a connection to the Medora server.');
  if (!(error instanceof ServerRefusal)) throw error;
  const fields = fieldsOf(error.details);
  switch (error.code) {
    case 'forbidden':
      throw new DomainError('forbidden');
    case 'not_found':
      throw new DomainError('not_found', error.message);
    case 'conflict':
      throw new DomainError('conflict', error.message, fields);
    case 'invalid_input':
      throw new DomainError('invalid_input', error.message, fields);
    default:
      throw new DomainError('unavailable', error.code === SIGN_IN_REQUIRED ? 'Sign in again to manage clinics on the Medora server.' : error.message);
  }
}

/** Builds the service over the workstation's server session (present when the workstation syncs with a server). */
export function operatorService(server: ServerSession): OperatorService {
  async function call<T>(session: Session, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const actor = session.subject.userId;
    if (!(await server.canActFor(actor))) throw new DomainError('unavailable', 'Managing clinics needs a connection to the Medora server. Sign in while online.');
    try {
      return await server.request<T>(actor, method, path, body);
    } catch (error) {
      return translate(error);
    }
  }
  const clinicPath = (clinicId: string) => `/v1/operator/clinics/${encodeURIComponent(clinicId)}`;
  return {
    async clinics(session) {
      return (await call<{ clinics: OperatorClinic[] }>(session, 'GET', '/v1/operator/clinics')).clinics;
    },
    async createClinic(session, input) {
      return (await call<{ clinic: OperatorClinic }>(session, 'POST', '/v1/operator/clinics', input)).clinic;
    },
    async saveAdmin(session, input) {
      const { clinicId, ...body } = input;
      return (await call<{ clinic: OperatorClinic }>(session, 'POST', `${clinicPath(clinicId)}/admins`, body)).clinic;
    },
    async resetAdminPassword(session, input) {
      await call(session, 'POST', `${clinicPath(input.clinicId)}/admins/${encodeURIComponent(input.userId)}/password`, { temporaryPassword: input.temporaryPassword });
    },
  };
}
