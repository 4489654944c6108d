import { DomainError } from '../../shared/ipc/result';
import { bookInput, type AppointmentDetail } from '../../shared/scheduling/booking.contract';
import type { bookingChannels } from '../../shared/scheduling/booking.contract';
import type { Slot } from '../../shared/scheduling/conflict-types';
import { dayBounds, localDate } from '../../shared/time/facility-time';
import { closeSyncIssue, openIssueOf } from '../sync/sync-issues';
import type { HandlerMap, SessionContext } from '../ipc/router';

const DAY = 86_400_000;

async function detailAfterWrite(ctx: SessionContext, id: string, action: string): Promise<AppointmentDetail> {
  const detail = await ctx.repo.schedule.booking.detail(id);
  Object.assign(ctx.audit, { entityType: 'appointment', entityId: id, patientId: detail.patientId, facilityId: detail.facilityId, detail: { action, status: detail.status, override: detail.overrideReason } });
  return detail;
}

/** The refused booking behind a sync issue of this user, with its original input. */
async function refusedBooking(ctx: SessionContext, issueId: string) {
  const issue = await openIssueOf(ctx.services.db, ctx.subject.userId, issueId);
  if (issue.name !== 'appointment.book') throw new DomainError('invalid_input', 'That sync issue is not a refused booking.', [{ path: 'issueId', message: 'Not a booking' }]);
  const parsed = bookInput.safeParse(JSON.parse(issue.args_json));
  if (!parsed.success) throw new DomainError('invalid_input', 'The refused booking can no longer be read.', [{ path: 'issueId', message: 'Unreadable booking' }]);
  return { issue, args: parsed.data };
}

/**
 * Alternatives for a refused booking: the earliest free slots from the requested day on (or from now),
 * preferring the same physician at the same facility, then the same facility, then elsewhere.
 */
async function alternativesFor(ctx: SessionContext, args: ReturnType<typeof bookInput.parse>, limit: number): Promise<Slot[]> {
  const facility = await ctx.repo.facilities.get(args.facilityId);
  const after = Math.max(ctx.now, dayBounds(localDate(args.startsAt, facility.timeZone), facility.timeZone).startsAt);
  const slots = await ctx.repo.schedule.booking.slots({ examTypeId: args.examTypeId, after, until: after + 28 * DAY, patientId: args.patientId, limit: limit * 4 });
  const rank = (slot: Slot) => (slot.facilityId === args.facilityId ? 0 : 2) + (slot.physicianId === args.physicianId ? 0 : 1);
  const near = (slot: Slot) => Math.abs(slot.startsAt - args.startsAt);
  return [...slots].sort((a, b) => rank(a) - rank(b) || near(a) - near(b)).slice(0, limit).sort((a, b) => a.startsAt - b.startsAt);
}

export const bookingHandlers = {
  'appointment.get': async (input, ctx) => {
    const detail = await ctx.repo.schedule.booking.detail(input.id);
    Object.assign(ctx.audit, { entityType: 'appointment', entityId: input.id, patientId: detail.patientId, facilityId: detail.facilityId });
    return detail;
  },
  'appointment.check': async (input, ctx) => {
    const { excludeAppointmentId, ...proposal } = input;
    const conflicts = await ctx.repo.schedule.booking.check(proposal, excludeAppointmentId);
    Object.assign(ctx.audit, { entityType: 'appointment_check', patientId: input.patientId, facilityId: input.facilityId, detail: { conflicts: conflicts.map((c) => c.kind) } });
    return { conflicts };
  },
  'appointment.slots': async (input, ctx) => {
    const range = await ctx.repo.schedule.booking.rangeOf(input.facilityId, input.from, input.to);
    return ctx.repo.schedule.booking.slots({
      examTypeId: input.examTypeId, facilityIds: [input.facilityId], ...(input.physicianId ? { physicianIds: [input.physicianId] } : {}),
      after: Math.max(range.startsAt, ctx.now), until: range.endsAt, ...(input.patientId ? { patientId: input.patientId } : {}),
    });
  },
  'appointment.nextAvailable': async (input, ctx) => {
    const after = Math.max(input.after ?? ctx.now, ctx.now);
    return ctx.repo.schedule.booking.slots({
      examTypeId: input.examTypeId, facilityIds: input.facilityIds, physicianIds: input.physicianIds, after,
      until: after + (input.withinDays ?? 28) * DAY, patientId: input.patientId, limit: input.limit ?? 5,
    });
  },
  'appointment.book': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'appointment.book', input));
    return detailAfterWrite(ctx, id, 'book');
  },
  'appointment.setStatus': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'appointment.setStatus', input));
    return detailAfterWrite(ctx, id, input.status);
  },
  'appointment.cancel': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'appointment.cancel', input));
    return detailAfterWrite(ctx, id, 'cancel');
  },
  'appointment.reschedule': async (input, ctx) => {
    const id = await ctx.write(async (tx) => ctx.mutate(tx, 'appointment.reschedule', input));
    return detailAfterWrite(ctx, id, 'reschedule');
  },
  'appointment.issueAlternatives': async (input, ctx) => {
    const { args } = await refusedBooking(ctx, input.issueId);
    return alternativesFor(ctx, args, input.limit ?? 5);
  },
  'appointment.rebookIssue': async (input, ctx) => {
    const { issue, args } = await refusedBooking(ctx, input.issueId);
    // A free alternative needs no override: the original's override reason is not carried over.
    const rebooked = { ...args, ...input.slot, override: undefined };
    const id = await ctx.write(async (tx) => {
      const booked = await ctx.mutate(tx, 'appointment.book', rebooked);
      await closeSyncIssue(tx, issue.id, 'resolved', ctx.now);
      return booked;
    });
    return detailAfterWrite(ctx, id, 'rebook_refused');
  },
} satisfies Pick<HandlerMap, keyof typeof bookingChannels>;
