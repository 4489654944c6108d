import { sql, type Kysely, type Selectable } from 'kysely';
import type { Subject } from '../../shared/auth/permissions';
import { patientScope } from '../../shared/auth/row-scopes';
import type { Database } from '../../shared/db/tables';
import type { PatientMatch, PatientSearchResult } from '../../shared/patients/patient.contract';
import { deleteVariants, nameMatchScore, readQuery } from '../../shared/patients/patient-search';

/** Upper bound of a prefix range: every string that starts with the prefix sorts below it. */
const AFTER = '\u{10FFFF}';
/** Candidates read per reading before scoping; enough for a page after scope and ranking. */
const CANDIDATES = 200;
/** Candidates checked against the caller's scope at a time, in rank order, until a page is full. */
const CHUNK = 40;

/** A role that may read only limited fields of a patient (no contact details). */
export function readsLimitedPatientFields(subject: Subject): boolean {
  return subject.roles.length > 0 && subject.roles.every((role) => role === 'referring_doctor');
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
    // The keys come with the candidates (one statement per token), so no second lookup by id is built.
    const rows = new Map<string, KeyRow>();
    for (const token of drivers) {
      for (const row of (await sql<KeyRow>`SELECT DISTINCT s.patient_id, s.last_key, s.first_key, s.preferred_key
        FROM patient_search_typos AS t JOIN patient_search AS s ON s.patient_id = t.patient_id
        WHERE t.key IN (${sql.join(deleteVariants(token))}) AND s.clinic_id = ${subject.clinicId} LIMIT ${CANDIDATES * 2}`.execute(db)).rows) rows.set(row.patient_id, row);
    }
    const scored: { id: string; score: number; name: string }[] = [];
    for (const row of rows.values()) {
      const score = nameMatchScore(tokens, [row.last_key, row.first_key, ...(row.preferred_key ? [row.preferred_key] : [])]);
      if (score !== null && score > 0) scored.push({ id: row.patient_id, score, name: `${row.last_key} ${row.first_key}` });
    }
    return scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  }

  type Row = Pick<Selectable<Database['patients']>, 'id' | 'mrn' | 'first_name' | 'middle_name' | 'last_name' | 'preferred_name' | 'date_of_birth' | 'phone'>;

  /** The candidates (in the order given) the caller may see: the caller's row scope decides, whatever the replica holds. */
  async function visible(candidateIds: readonly string[]): Promise<Row[]> {
    if (candidateIds.length === 0) return [];
    const rows = await db
      .selectFrom('patients')
      .select(['id', 'mrn', 'first_name', 'middle_name', 'last_name', 'preferred_name', 'date_of_birth', 'phone'])
      .where('patients.id', 'in', candidateIds)
      .where('patients.deleted_at', 'is', null)
      .where('patients.merged_into_id', 'is', null)
      .where(patientScope(subject))
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return candidateIds.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    /** Search results in rank order, at most `limit`, only patients within the caller's row scope. */
    async search(query: string, limit = 20): Promise<PatientSearchResult[]> {
      const reading = readQuery(query);
      // Readings in rank order: identifiers, then date of birth and phone, then exact name prefixes, then
      // names within a typo. A later reading is only read when the earlier ones did not fill the page,
      // and candidates are checked against the scope a chunk at a time, in rank order, until it is full.
      const groups: (() => Promise<[string, PatientMatch][]>)[] = [
        async () => [...await byIdentifier(reading.identifier)],
        async () => {
          const found: [string, PatientMatch][] = [];
          if (reading.dateOfBirth) {
            for (const id of await ids(sql<{ id: string }>`SELECT id FROM patients WHERE clinic_id = ${subject.clinicId} AND date_of_birth = ${reading.dateOfBirth}
              AND deleted_at IS NULL AND merged_into_id IS NULL ORDER BY last_name, first_name LIMIT ${CANDIDATES}`)) found.push([id, 'date_of_birth']);
          }
          if (reading.phone && !limited) {
            for (const id of await ids(sql<{ id: string }>`SELECT patient_id AS id FROM patient_search WHERE clinic_id = ${subject.clinicId}
              AND phone_key >= ${reading.phone} AND phone_key < ${reading.phone + AFTER} ORDER BY phone_key LIMIT ${CANDIDATES}`)) found.push([id, 'phone']);
          }
          return found;
        },
        async () => (reading.tokens.length > 0 ? (await byNamePrefix(reading.tokens)).map((id): [string, PatientMatch] => [id, 'name']) : []),
        async () => (reading.tokens.length > 0 ? (await byNameTypo(reading.tokens)).map(({ id }): [string, PatientMatch] => [id, 'name_typo']) : []),
      ];
      const seen = new Set<string>();
      const results: { row: Row; match: PatientMatch }[] = [];
      for (const group of groups) {
        if (results.length >= limit) break;
        const fresh = (await group()).filter(([id]) => !seen.has(id) && (seen.add(id), true));
        // A clinic-wide caller sees nearly every candidate, so the first chunk is the page; a narrower scope reads on.
        for (let start = 0; start < fresh.length && results.length < limit; start += CHUNK) {
          const chunk = fresh.slice(start, start + CHUNK);
          const matchOf = new Map(chunk);
          for (const row of await visible(chunk.map(([id]) => id))) results.push({ row, match: matchOf.get(row.id) as PatientMatch });
        }
      }
      return results.slice(0, limit).map(({ row, match }) => ({
        id: row.id,
        mrn: row.mrn,
        displayName: `${row.last_name}, ${row.preferred_name ?? row.first_name}`,
        legalName: `${row.last_name}, ${row.first_name}${row.middle_name ? ` ${row.middle_name}` : ''}`,
        dateOfBirth: row.date_of_birth,
        phone: limited ? null : row.phone,
        matchedOn: match,
      }));
    },
  };
}
