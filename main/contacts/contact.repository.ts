import type { Kysely } from 'kysely';
import type { AttorneyContact, ContactDirectory, LinkedLogin, ReferringDoctorContact } from '../../shared/contacts/contact.contract';
import type { Subject } from '../../shared/auth/permissions';
import { caseScope, userScope } from '../../shared/auth/row-scopes';
import type { Database } from '../../shared/db/tables';
import { DomainError } from '../../shared/ipc/result';

/**
 * Attorneys and referring doctors of the subject's clinic. Case counts go through `caseScope` and
 * logins through `userScope`, so a front desk sees counts of the cases it may see and no logins.
 */
export function contactRepository(db: Kysely<Database>, subject: Subject) {
  async function logins(column: 'attorney_id' | 'referring_doctor_id', ids: readonly string[]): Promise<Map<string, LinkedLogin[]>> {
    const byContact = new Map<string, LinkedLogin[]>();
    if (ids.length === 0) return byContact;
    const rows = await db.selectFrom('users').select(['id', 'username', 'is_active', column]).where(userScope(subject))
      .where('deleted_at', 'is', null).where(column, 'in', ids).orderBy('username').execute();
    for (const row of rows) {
      const contactId = row[column] as string;
      byContact.set(contactId, [...(byContact.get(contactId) ?? []), { userId: row.id, username: row.username, isActive: row.is_active === 1 }]);
    }
    return byContact;
  }

  async function attorneys(only?: string): Promise<AttorneyContact[]> {
    const rows = await db.selectFrom('attorneys').selectAll().where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
      .$if(only !== undefined, (q) => q.where('id', '=', only as string)).orderBy('name').execute();
    const ids = rows.map((row) => row.id);
    const counts = ids.length === 0 ? [] : await db.selectFrom('cases').select(['attorney_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where(caseScope(subject)).where('deleted_at', 'is', null).where('status', 'in', ['open', 'treating']).where('attorney_id', 'in', ids)
      .groupBy('attorney_id').execute();
    const linked = await logins('attorney_id', ids);
    return rows.map((row) => ({
      id: row.id, name: row.name, firmName: row.firm_name, phone: row.phone, email: row.email, address: row.address,
      openCaseCount: Number(counts.find((count) => count.attorney_id === row.id)?.n ?? 0),
      logins: linked.get(row.id) ?? [],
      updatedAt: row.updated_at,
    }));
  }

  async function referringDoctors(only?: string): Promise<ReferringDoctorContact[]> {
    const rows = await db.selectFrom('referring_doctors').selectAll().where('clinic_id', '=', subject.clinicId).where('deleted_at', 'is', null)
      .$if(only !== undefined, (q) => q.where('id', '=', only as string)).orderBy('name').execute();
    const linked = await logins('referring_doctor_id', rows.map((row) => row.id));
    return rows.map((row) => ({
      id: row.id, name: row.name, npi: row.npi, practiceName: row.practice_name, phone: row.phone, email: row.email,
      logins: linked.get(row.id) ?? [],
      updatedAt: row.updated_at,
    }));
  }

  return {
    async directory(): Promise<ContactDirectory> {
      const [attorneyList, doctorList] = await Promise.all([attorneys(), referringDoctors()]);
      return { attorneys: attorneyList, referringDoctors: doctorList };
    },
    async attorney(id: string): Promise<AttorneyContact> {
      const [found] = await attorneys(id);
      if (!found) throw new DomainError('not_found', 'That attorney was not found.');
      return found;
    },
    async referringDoctor(id: string): Promise<ReferringDoctorContact> {
      const [found] = await referringDoctors(id);
      if (!found) throw new DomainError('not_found', 'That referring doctor was not found.');
      return found;
    },
  };
}
