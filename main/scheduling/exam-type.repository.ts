import type { Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';
import { isOffered } from '../../shared/scheduling/booking-rules';
import type { ExamType, ProcedureCode } from '../../shared/scheduling/exam-type.contract';

function parseCodes(json: string): ProcedureCode[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((item): item is ProcedureCode => typeof item === 'object' && item !== null && typeof (item as ProcedureCode).code === 'string')
      .map((item) => ({ code: item.code, modifiers: Array.isArray(item.modifiers) ? item.modifiers : [] })) : [];
  } catch {
    return [];
  }
}

/** Exam types of the clinic with their offerings. Not PHI. */
export function examTypeRepository(db: Kysely<Database>, subject: Subject) {
  return {
    async list(options: { facilityId?: string; physicianId?: string; includeInactive?: boolean; ids?: string[] } = {}): Promise<ExamType[]> {
      const rows = await db.selectFrom('exam_types').selectAll().where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
        .$if(!options.includeInactive, (q) => q.where('is_active', '=', 1))
        .$if(options.ids !== undefined, (q) => q.where('id', 'in', options.ids && options.ids.length > 0 ? options.ids : ['']))
        .orderBy('name').execute();
      const offerings = await db.selectFrom('exam_type_offerings').select(['exam_type_id', 'facility_id', 'physician_id'])
        .where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null).execute();
      const byExam = new Map<string, typeof offerings>();
      for (const row of offerings) byExam.set(row.exam_type_id, [...(byExam.get(row.exam_type_id) ?? []), row]);
      return rows
        .map((row) => {
          const own = byExam.get(row.id) ?? [];
          return {
            exam: {
              id: row.id, name: row.name, durationMinutes: row.duration_minutes, color: row.color, resourceKind: row.resource_kind,
              isBillable: row.is_billable === 1, defaultCodes: parseCodes(row.default_codes_json), isActive: row.is_active === 1,
              facilityIds: own.flatMap((o) => (o.facility_id ? [o.facility_id] : [])).sort(),
              physicianIds: own.flatMap((o) => (o.physician_id ? [o.physician_id] : [])).sort(),
            } satisfies ExamType,
            own,
          };
        })
        .filter(({ exam }) =>
          (options.facilityId === undefined || exam.facilityIds.length === 0 || exam.facilityIds.includes(options.facilityId)) &&
          (options.physicianId === undefined || exam.physicianIds.length === 0 || exam.physicianIds.includes(options.physicianId)))
        .map(({ exam }) => exam);
    },

    async get(id: string): Promise<ExamType> {
      const [found] = await this.list({ ids: [id], includeInactive: true });
      if (!found) throw new DomainError('not_found', 'That exam type was not found.');
      return found;
    },

    /** Whether the exam is offered at a facility by a physician. */
    offeredBy(exam: ExamType, facilityId: string, physicianId: string): boolean {
      return isOffered([...exam.facilityIds.map((f) => ({ facility_id: f, physician_id: null })), ...exam.physicianIds.map((p) => ({ facility_id: null, physician_id: p }))], facilityId, physicianId);
    },
  };
}
