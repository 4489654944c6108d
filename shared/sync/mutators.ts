import { updateClinic } from '../admin/clinic.mutators';
import { saveFacility } from '../admin/facility.mutators';
import { saveUser } from '../admin/user.mutators';
import { saveAttorney, saveReferringDoctor } from '../contacts/contact.mutators';
import { saveCase } from '../cases/case.mutators';
import { mergePatients, unmergePatients } from '../patients/merge.mutators';
import { savePatient } from '../patients/patient.mutators';
import { saveReferral } from '../referrals/referral.mutators';
import { bookAppointment, cancelAppointment, rescheduleAppointment, setAppointmentStatus } from '../scheduling/appointment.mutators';
import { saveExamType } from '../scheduling/exam-type.mutators';
import { removeClosure, removeTimeOff, saveAvailability, saveClosure, saveResource, saveTimeOff, setPhysicianFacilities } from '../scheduling/schedule-setup.mutators';
import { cancelSeries, createSeries, updateSeries } from '../scheduling/series.mutators';
import { addToWaitlist, resolveWaitlistEntry } from '../scheduling/waitlist.mutators';
import { submitClaims, setClaimStatus, resubmitClaim, saveClaimSettings } from '../billing/claim.mutators';
import {
  importCodes, saveFees, captureChargesMutator, createInvoice, saveDraft, finalizeInvoice, markSent, voidInvoice,
} from '../billing/invoice.mutators';
import {
  postPaymentMutator, applyCredit, refundCredit, postAdjustment, closePeriod, setBillingSuspended, recordNegotiation, postSettlement,
} from '../billing/payment.mutators';
import type { MutatorDef } from './mutator';

/** Every named mutation, by name. The device and the server run the same definitions. */
export const mutators = {
  'clinic.update': updateClinic,
  'facility.save': saveFacility,
  'user.save': saveUser,
  'attorney.save': saveAttorney,
  'referringDoctor.save': saveReferringDoctor,
  'appointment.book': bookAppointment,
  'appointment.setStatus': setAppointmentStatus,
  'appointment.cancel': cancelAppointment,
  'appointment.reschedule': rescheduleAppointment,
  'series.create': createSeries,
  'series.update': updateSeries,
  'series.cancel': cancelSeries,
  'waitlist.add': addToWaitlist,
  'waitlist.resolve': resolveWaitlistEntry,
  'facility.saveClosure': saveClosure,
  'facility.removeClosure': removeClosure,
  'facility.saveResource': saveResource,
  'physician.setFacilities': setPhysicianFacilities,
  'availability.save': saveAvailability,
  'timeOff.save': saveTimeOff,
  'timeOff.remove': removeTimeOff,
  'examType.save': saveExamType,
  'patient.save': savePatient,
  'patient.merge': mergePatients,
  'patient.unmerge': unmergePatients,
  'case.save': saveCase,
  'referral.save': saveReferral,
  'billingCode.import': importCodes,
  'feeSchedule.save': saveFees,
  'charge.capture': captureChargesMutator,
  'invoice.create': createInvoice,
  'invoice.saveDraft': saveDraft,
  'invoice.finalize': finalizeInvoice,
  'invoice.markSent': markSent,
  'invoice.void': voidInvoice,
  'payment.post': postPaymentMutator,
  'payment.apply': applyCredit,
  'payment.refund': refundCredit,
  'adjustment.post': postAdjustment,
  'period.close': closePeriod,
  'case.setBillingSuspended': setBillingSuspended,
  'lop.negotiate': recordNegotiation,
  'settlement.post': postSettlement,
  'claim.submit': submitClaims,
  'claim.setStatus': setClaimStatus,
  'claim.resubmit': resubmitClaim,
  'claimSettings.save': saveClaimSettings,
} as const satisfies Record<string, MutatorDef>;

export type MutatorName = keyof typeof mutators;

export function isMutatorName(value: unknown): value is MutatorName {
  return typeof value === 'string' && Object.hasOwn(mutators, value);
}
