import { updateClinic } from '../admin/clinic.mutators';
import { saveFacility } from '../admin/facility.mutators';
import { saveUser } from '../admin/user.mutators';
import { bookAppointment } from '../scheduling/appointment.mutators';
import { saveCase } from '../cases/case.mutators';
import { mergePatients, unmergePatients } from '../patients/merge.mutators';
import { savePatient } from '../patients/patient.mutators';
import { saveReferral } from '../referrals/referral.mutators';
import type { MutatorDef } from './mutator';

/** Every named mutation, by name. The device and the server run the same definitions. */
export const mutators = {
  'clinic.update': updateClinic,
  'facility.save': saveFacility,
  'user.save': saveUser,
  'appointment.book': bookAppointment,
  'patient.save': savePatient,
  'patient.merge': mergePatients,
  'patient.unmerge': unmergePatients,
  'case.save': saveCase,
  'referral.save': saveReferral,
} as const satisfies Record<string, MutatorDef>;

export type MutatorName = keyof typeof mutators;

export function isMutatorName(value: unknown): value is MutatorName {
  return typeof value === 'string' && Object.hasOwn(mutators, value);
}
