import { clinicHandlers } from '../admin/clinic.handlers';
import { facilityHandlers } from '../admin/facility.handlers';
import { userHandlers } from '../admin/user.handlers';
import { operatorHandlers } from '../admin/operator.handlers';
import { contactHandlers } from '../contacts/contact.handlers';
import { appHandlers } from '../app/app.handlers';
import { auditHandlers } from '../audit/audit.handlers';
import { billingDocumentHandlers } from '../billing/documents/billing-documents.handlers';
import { sessionHandlers } from '../auth/session.handlers';
import { appointmentHandlers } from '../scheduling/appointment.handlers';
import { bookingHandlers } from '../scheduling/booking.handlers';
import { calendarHandlers } from '../scheduling/calendar.handlers';
import { examTypeHandlers } from '../scheduling/exam-type.handlers';
import { scheduleSetupHandlers } from '../scheduling/schedule-setup.handlers';
import { seriesHandlers } from '../scheduling/series.handlers';
import { waitlistHandlers } from '../scheduling/waitlist.handlers';
import { patientHandlers } from '../patients/patient.handlers';
import { caseHandlers } from '../cases/case.handlers';
import { referralHandlers } from '../referrals/referral.handlers';
import { syncHandlers } from '../sync/sync.handlers';
import { billingHandlers } from '../billing/billing.handlers';
import { billingSummaryHandlers } from '../billing/billing-summary.handlers';
import type { HandlerMap } from './router';

/** Every channel's handler. `satisfies HandlerMap` fails to compile when a channel has none. */
export const handlers = {
  ...appHandlers,
  ...sessionHandlers,
  ...clinicHandlers,
  ...facilityHandlers,
  ...userHandlers,
  ...operatorHandlers,
  ...contactHandlers,
  ...auditHandlers,
  ...appointmentHandlers,
  ...scheduleSetupHandlers,
  ...examTypeHandlers,
  ...calendarHandlers,
  ...bookingHandlers,
  ...seriesHandlers,
  ...waitlistHandlers,
  ...patientHandlers,
  ...caseHandlers,
  ...referralHandlers,
  ...syncHandlers,
  ...billingHandlers,
  ...billingDocumentHandlers,
  ...billingSummaryHandlers,
} satisfies HandlerMap;
