/**
 * Treatment-gap warning for PI cases (DOMAIN.md: gaps hurt case value). Pure: the caller passes the
 * visits it knows and the clinic's `treatment_gap_days`.
 */
export interface TreatmentGap {
  readonly reason: 'no_next_appointment' | 'gap_too_long';
  /** Days since the last visit, or between the last visit and the next one. */
  readonly days: number | null;
  readonly message: string;
}

const DAY = 86_400_000;

/**
 * `lastVisitAt`: the latest appointment before now that was not cancelled or a no-show; `nextVisitAt`:
 * the earliest one from now on. A case with no next appointment warns; so does a gap over the limit,
 * either already elapsed since the last visit or planned until the next.
 */
export function treatmentGap(now: number, gapDays: number, lastVisitAt: number | null, nextVisitAt: number | null): TreatmentGap | null {
  if (nextVisitAt === null) {
    const days = lastVisitAt === null ? null : Math.floor((now - lastVisitAt) / DAY);
    return {
      reason: 'no_next_appointment',
      days,
      message: days === null ? 'No appointment booked for this case.' : `No next appointment; last visit ${days} day${days === 1 ? '' : 's'} ago.`,
    };
  }
  const from = lastVisitAt ?? now;
  const days = Math.floor((nextVisitAt - from) / DAY);
  if (days > gapDays) {
    return { reason: 'gap_too_long', days, message: `${days} days between visits (the clinic's limit is ${gapDays}).` };
  }
  return null;
}
