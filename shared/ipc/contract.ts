import type { z } from 'zod';
import { appChannels } from '../app/app.contract';
import { clinicChannels } from '../admin/clinic.contract';
import { facilityChannels } from '../admin/facility.contract';
import { userChannels } from '../admin/user.contract';
import { operatorChannels } from '../admin/operator.contract';
import { contactChannels } from '../contacts/contact.contract';
import { auditChannels } from '../audit/audit.contract';
import { billingDocumentChannels } from '../billing/billing-documents.contract';
import { sessionChannels } from '../auth/session.contract';
import { appointmentChannels } from '../scheduling/appointment.contract';
import { bookingChannels } from '../scheduling/booking.contract';
import { calendarChannels } from '../scheduling/calendar.contract';
import { examTypeChannels } from '../scheduling/exam-type.contract';
import { scheduleSetupChannels } from '../scheduling/schedule-setup.contract';
import { seriesChannels } from '../scheduling/series.contract';
import { waitlistChannels } from '../scheduling/waitlist.contract';
import { patientChannels } from '../patients/patient.contract';
import { caseChannels } from '../cases/case.contract';
import { referralChannels } from '../referrals/referral.contract';
import { syncChannels } from '../sync/sync.contract';
import { billingChannels } from '../billing/billing.contract';
import { billingSummaryChannels } from '../billing/billing-summary.contract';
import type { ChannelDef } from './channel';
import type { Result } from './result';

/**
 * Every IPC channel of Medora, `domain.verb`, declared once. The main-side handler map is checked
 * against this object with `satisfies`; the renderer client and the preload allowlist derive from it.
 */
export const channels = {
  ...appChannels,
  ...sessionChannels,
  ...clinicChannels,
  ...facilityChannels,
  ...userChannels,
  ...operatorChannels,
  ...contactChannels,
  ...auditChannels,
  ...appointmentChannels,
  ...scheduleSetupChannels,
  ...examTypeChannels,
  ...calendarChannels,
  ...bookingChannels,
  ...seriesChannels,
  ...waitlistChannels,
  ...patientChannels,
  ...caseChannels,
  ...referralChannels,
  ...syncChannels,
  ...billingChannels,
  ...billingDocumentChannels,
  ...billingSummaryChannels,
} as const satisfies Record<string, ChannelDef>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type InputOf<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInputOf<C extends ChannelName> = z.output<Channels[C]['input']>;
export type OutputOf<C extends ChannelName> = Channels[C]['output'];

export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/** Events main pushes to the renderer. */
export const EVENTS = ['session.changed', 'sync.status', 'billingDocument.statementRun'] as const;
export type EventName = (typeof EVENTS)[number];

/** The one object the preload exposes (and the browser-mode bridge client implements). */
export interface MedoraApi {
  invoke<C extends ChannelName>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}
