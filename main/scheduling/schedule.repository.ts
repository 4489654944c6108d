import type { Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { bookingRepository } from './booking.repository';
import { calendarRepository } from './calendar.repository';
import { examTypeRepository } from './exam-type.repository';
import { scheduleSetupRepository } from './schedule-setup.repository';
import { waitlistRepository } from './waitlist.repository';

/** Every scheduling read, bound to the caller (one entry in the scoped repository). */
export function scheduleRepository(db: Kysely<Database>, subject: Subject) {
  return {
    setup: scheduleSetupRepository(db, subject),
    examTypes: examTypeRepository(db, subject),
    calendar: calendarRepository(db, subject),
    booking: bookingRepository(db, subject),
    waitlist: waitlistRepository(db, subject),
  };
}
