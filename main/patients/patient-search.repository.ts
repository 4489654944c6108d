import { sql, type Kysely } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { patientScope } from '../../shared/auth/row-scopes';
import type { Database } from '../../shared/db/tables';
import type { PatientMatch, PatientSearchResult } from '../../shared/patients/patient.contract';
import { deleteVariants, nameMatchScore, readQuery } from '../../shared/patients/patient-search';

/** Upper bound of a prefix range: every string that starts with the prefix sorts below it. */
const AFTER = '\u{10FFFF}';
/** Candidates read per reading before scoping; enough for a page after scope and ranking. */
const CANDIDATES = 200;

/** A role that may read only limited fields of a patient (no contact details). */
export function readsLimitedPatientFields(subject: Subject): boolean {
  return subject.roles.length > 0 && subject.roles.every((role) => role === 'referring_doctor');
}

interface Candidate {
  readonly match: PatientMatch;
  /** Lower ranks first: identifiers, then exact name prefixes, then names within a typo. */
  readonly rank: number;
  readonly order: number;
}

interface KeyRow { patient_id: string; last_key: string; first_key: string; preferred_key: string | null }

/**
 * Patient search on the device replica (docs/patients.md). Reads the trigger-kept index
 * (`patient_search`, `patient_search_typos`) and the patients, cases and claims indexes, then applies
 * the caller's row scope to the candidates — the same `patientScope` the server's shapes use — so a
 * search never returns a patient the caller may not see, even on a replica that holds more.
 */
export function patientSearchRepository(db: Kysely<Database>, subject: Subject) {
  const limited = readsLimitedPatientFields(subject);

  async function ids(query: ReturnType<typeof sql<{ id: string }>>): Promise<string[]> {
    return (await query.execute(db)).rows.map((row) => row.id);
  }

  async function byIdentifier(identifier: string): Promise<Map<string, PatientMatch>> {
    const found = new Map<string, PatientMatch>();
    if (!/\d/.test(identifier) || identifier.length < 2) return found;
    const mrn = await ids(sql<{ id: string }>`SELECT id FROM patients WHERE clinic_id = ${subject.clinicId} AND mrn >= ${identifier} AND mrn < ${identifier + AFTER}
      AND deleted_at IS NULL AND merged_into_id IS NULL ORDER BY mrn LIMIT ${CANDIDATES}`);
    for (const id of mrn) found.set(id, 'mrn');
    const cases = await ids(sql<{ id: string }>`SELECT patient_id AS id FROM cases WHERE clinic_id = ${subject.clinicId} AND case_number >= ${identifier}
      AND case_number < ${identifier + AFTER} AND deleted_at IS NULL ORDER BY case_number LIMIT ${CANDIDATES}`);
    for (const id of cases) if (!found.has(id)) found.set(id, 'case_number');
    const claims = await ids(sql<{ id: string }>`SELECT invoices.patient_id AS id FROM claims JOIN invoices ON invoices.id = claims.invoice_id
      WHERE claims.control_number = ${identifier} AND claims.clinic_id = ${subject.clinicId} AND claims.deleted_at IS NULL LIMIT ${CANDIDATES}`);
    for (const id of claims) if (!found.has(id)) found.set(id, 'claim_number');
    return found;
  }

  /** Patients whose name keys start with every token (any token may match any of last, first, preferred). */
  async function byNamePrefix(tokens: readonly string[]): Promise<string[]> {
    const [driver, ...others] = tokens as [string, ...string[]];
    const othersMatch = others.map((token) => sql`(last_key >= ${token} AND last_key < ${token + AFTER}
      OR first_key >= ${token} AND first_key < ${token + AFTER} OR preferred_key >= ${token} AND preferred_key < ${token + AFTER})`);
    const rest = othersMatch.length > 0 ? sql`AND ${sql.join(othersMatch, sql` AND `)}` : sql``;
    const scan = (column: 'last_key' | 'first_key' | 'preferred_key', orderBy: string) =>
      ids(sql<{ id: string }>`SELECT patient_id AS id FROM patient_search WHERE clinic_id = ${subject.clinicId}
        AND ${sql.ref(column)} >= ${driver} AND ${sql.ref(column)} < ${driver + AFTER} ${rest} ORDER BY ${sql.raw(orderBy)} LIMIT ${CANDIDATES}`);
    const byLast = await scan('last_key', 'last_key, first_key');
    const byFirst = await scan('first_key', 'first_key, last_key');
    const byPreferred = await scan('preferred_key', 'preferred_key');
    return [...new Set([...byLast, ...byFirst, ...byPreferred])];
  }

  /** Patients whose names are within a typo of every token, best first. */
  async function byNameTypo(tokens: readonly string[]): Promise<{ id: string; score: number }[]> {
    const drivers = tokens.filter((token) => token.length >= 3);
    if (drivers.length === 0) return [];
    const candidateIds = new Set<string>();
    for (const token of drivers) {
      const keys = deleteVariants(token);
      for (const id of await ids(sql<{ id: string }>`SELECT DISTINCT patient_id AS id FROM patient_search_typos
        WHERE key IN (${sql.join(keys)}) LIMIT ${CANDIDATES * 2}`)) candidateIds.add(id);
    }
    if (candidateIds.size === 0) return [];
    const rows = (await sql<KeyRow>`SELECT patient_id, last_key, first_key, preferred_key FROM patient_search
      WHERE clinic_id = ${subject.clinicId} AND patient_id IN (${sql.join([...candidateIds])})`.execute(db)).rows;
    const scored: { id: string; score: number; name: string }[] = [];
    for (const row of rows) {
      const score = nameMatchScore(tokens, [row.last_key, row.first_key, ...(row.preferred_key ? [row.preferred_key] : [])]);
      if (score !== null && score > 0) scored.push({ id: row.patient_id, score, name: `${row.last_key} ${row.first_key}` });
    }
    return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  }

  return {
    /** Search results in rank order, at most `limit`, only patients within the caller's row scope. */
    async search(query: string, limit = 20): Promise<PatientSearchResult[]> {
      const reading = readQuery(query);
      const candidates = new Map<string, Candidate>();
      let order = 0;
      const add = (id: string, match: PatientMatch, rank: number) => {
        if (!candidates.has(id)) candidates.set(id, { match, rank, order: order++ });
      };
      for (const [id, match] of await byIdentifier(reading.identifier)) add(id, match, 0);
      if (reading.dateOfBirth) {
        for (const id of await ids(sql<{ id: string }>`SELECT id FROM patients WHERE clinic_id = ${subject.clinicId} AND date_of_birth = ${reading.dateOfBirth}
          AND deleted_at IS NULL AND merged_into_id IS NULL ORDER BY last_name, first_name LIMIT ${CANDIDATES}`)) add(id, 'date_of_birth', 1);
      }
      if (reading.phone && !limited) {
        for (const id of await ids(sql<{ id: string }>`SELECT patient_id AS id FROM patient_search WHERE clinic_id = ${subject.clinicId}
          AND phone_key >= ${reading.phone} AND phone_key < ${reading.phone + AFTER} ORDER BY phone_key LIMIT ${CANDIDATES}`)) add(id, 'phone', 1);
      }
      if (reading.tokens.length > 0) {
        for (const id of await byNamePrefix(reading.tokens)) add(id, 'name', 2);
        for (const { id } of await byNameTypo(reading.tokens)) add(id, 'name_typo', 3);
      }
      if (candidates.size === 0) return [];

      // Scope last, on the candidates only: the caller's row scope decides, whatever the replica holds.
      const visible = await db
        .selectFrom('patients')
        .select(['id', 'mrn', 'first_name', 'middle_name', 'last_name', 'preferred_name', 'date_of_birth', 'phone'])
        .where('patients.id', 'in', [...candidates.keys()])
        .where('patients.deleted_at', 'is', null)
        .where('patients.merged_into_id', 'is', null)
        .where(patientScope(subject))
        .execute();
      return visible
        .map((row) => ({ row, candidate: candidates.get(row.id) as Candidate }))
        .sort((a, b) => a.candidate.rank - b.candidate.rank || a.candidate.order - b.candidate.order)
        .slice(0, limit)
        .map(({ row, candidate }) => ({
          id: row.id,
          mrn: row.mrn,
          displayName: `${row.last_name}, ${row.preferred_name ?? row.first_name}`,
          legalName: `${row.last_name}, ${row.first_name}${row.middle_name ? ` ${row.middle_name}` : ''}`,
          dateOfBirth: row.date_of_birth,
          phone: limited ? null : row.phone,
          matchedOn: candidate.match,
        }));
    },
  };
}
