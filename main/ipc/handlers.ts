import { clinicHandlers } from '../admin/clinic.handlers';
import { facilityHandlers } from '../admin/facility.handlers';
import { userHandlers } from '../admin/user.handlers';
import { appHandlers } from '../app/app.handlers';
import { auditHandlers } from '../audit/audit.handlers';
import { billingDocumentHandlers } from '../billing/documents/billing-documents.handlers';
import { sessionHandlers } from '../auth/session.handlers';
import { appointmentHandlers } from '../scheduling/appointment.handlers';
import { syncHandlers } from '../sync/sync.handlers';
import type { HandlerMap } from './router';

/** Every channel's handler. `satisfies HandlerMap` fails to compile when a channel has none. */
export const handlers = {
  ...appHandlers,
  ...sessionHandlers,
  ...clinicHandlers,
  ...facilityHandlers,
  ...userHandlers,
  ...auditHandlers,
  ...appointmentHandlers,
  ...syncHandlers,
  ...billingDocumentHandlers,
} satisfies HandlerMap;
