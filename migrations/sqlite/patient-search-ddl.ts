import { sql, type Kysely } from 'kysely';
import { run } from '../common/ddl';

/**
 * The device's patient search index (docs/patients.md), kept by SQLite triggers on `patients`, so it
 * stays correct whoever writes the row: a mutator on the device, the sync writer applying a shape
 * batch, a must-refetch replacing the table, or an undo before a rebase. Nothing in application code
 * has to remember to update it.
 *
 * - `patient_search`: one row per live patient (not tombstoned, not merged away) with normalized name
 *   keys and the phone's digits, each indexed for prefix range scans.
 * - `patient_search_typos`: each name token and, for tokens of four or more letters, every variant with
 *   one letter deleted (the symmetric-delete scheme): a query token matches a name within one edit
 *   (insert, delete, substitute, swap of neighbours) when their delete-variants meet.
 *
 * Normalization is the SQL below and `normalizeNameKey` in shared/patients/patient-search.ts, which
 * must agree: ASCII lower case, with spaces, hyphens, apostrophes, periods and commas removed.
 */
export const NAME_KEY_SQL = (column: string) =>
  `lower(replace(replace(replace(replace(replace(trim(coalesce(${column}, '')), ' ', ''), '-', ''), '''', ''), '.', ''), ',', ''))`;

const PHONE_KEY_SQL = (column: string) =>
  `replace(replace(replace(replace(replace(replace(coalesce(${column}, ''), ' ', ''), '-', ''), '(', ''), ')', ''), '.', ''), '+', '')`;

/** The columns `patient_search` and `patient_search_typos` are made of (and whether the patient is live). */
const INDEXED_COLUMNS = ['clinic_id', 'first_name', 'last_name', 'preferred_name', 'phone', 'deleted_at', 'merged_into_id'];

function tokens(prefix: 'NEW') {
  return ['first_name', 'last_name', 'preferred_name']
    .map((column) => `SELECT ${NAME_KEY_SQL(`${prefix}.${column}`)} AS t`)
    .join(' UNION ');
}

function refreshBody(): string {
  const live = 'NEW.deleted_at IS NULL AND NEW.merged_into_id IS NULL';
  return `
    DELETE FROM patient_search_typos WHERE patient_id = NEW.id;
    DELETE FROM patient_search WHERE patient_id = NEW.id AND NOT (${live});
    INSERT INTO patient_search (patient_id, clinic_id, last_key, first_key, preferred_key, phone_key)
      SELECT NEW.id, NEW.clinic_id, ${NAME_KEY_SQL('NEW.last_name')}, ${NAME_KEY_SQL('NEW.first_name')},
             nullif(${NAME_KEY_SQL('NEW.preferred_name')}, ''), nullif(${PHONE_KEY_SQL('NEW.phone')}, '')
      WHERE ${live}
      ON CONFLICT (patient_id) DO UPDATE SET clinic_id = excluded.clinic_id, last_key = excluded.last_key,
        first_key = excluded.first_key, preferred_key = excluded.preferred_key, phone_key = excluded.phone_key;
    INSERT OR IGNORE INTO patient_search_typos (key, patient_id)
      SELECT t, NEW.id FROM (${tokens('NEW')}) WHERE length(t) >= 2 AND ${live};
    INSERT OR IGNORE INTO patient_search_typos (key, patient_id)
      SELECT substr(t, 1, n - 1) || substr(t, n + 1), NEW.id
      FROM (${tokens('NEW')}) JOIN search_positions ON n <= length(t)
      WHERE length(t) >= 4 AND ${live};`;
}

export async function createPatientSearch(db: Kysely<unknown>): Promise<void> {
  await run(db, sql`CREATE TABLE search_positions (n INTEGER PRIMARY KEY) STRICT`);
  await run(db, sql.raw(`INSERT INTO search_positions (n) VALUES ${Array.from({ length: 64 }, (_, i) => `(${i + 1})`).join(', ')}`));
  await run(db, sql`CREATE TABLE patient_search (
    patient_id TEXT NOT NULL PRIMARY KEY,
    clinic_id TEXT NOT NULL,
    last_key TEXT NOT NULL,
    first_key TEXT NOT NULL,
    preferred_key TEXT,
    phone_key TEXT
  ) STRICT, WITHOUT ROWID`);
  // Each index leads with the clinic and holds every name key, so a prefix scan (with the other tokens
  // checked on the same row) reads the index alone, never the rows it points to.
  await run(db, sql`CREATE INDEX patient_search_last ON patient_search (clinic_id, last_key, first_key, preferred_key)`);
  await run(db, sql`CREATE INDEX patient_search_first ON patient_search (clinic_id, first_key, last_key, preferred_key)`);
  await run(db, sql`CREATE INDEX patient_search_preferred ON patient_search (clinic_id, preferred_key, last_key, first_key) WHERE preferred_key IS NOT NULL`);
  await run(db, sql`CREATE INDEX patient_search_phone ON patient_search (clinic_id, phone_key) WHERE phone_key IS NOT NULL`);
  await run(db, sql`CREATE TABLE patient_search_typos (key TEXT NOT NULL, patient_id TEXT NOT NULL, PRIMARY KEY (key, patient_id)) STRICT, WITHOUT ROWID`);
  await run(db, sql`CREATE INDEX patient_search_typos_patient ON patient_search_typos (patient_id)`);
  // INSERT OR REPLACE (the sync writer) does not fire delete triggers, so the insert trigger upserts.
  await run(db, sql.raw(`CREATE TRIGGER patients_search_insert AFTER INSERT ON patients BEGIN ${refreshBody()} END`));
  // An edit of the address, consents or notes leaves the index alone: only the indexed columns rebuild it.
  await run(db, sql.raw(`CREATE TRIGGER patients_search_update AFTER UPDATE OF ${INDEXED_COLUMNS.join(', ')} ON patients
    WHEN ${INDEXED_COLUMNS.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ')} BEGIN ${refreshBody()} END`));
  await run(db, sql.raw(`CREATE TRIGGER patients_search_delete AFTER DELETE ON patients BEGIN
    DELETE FROM patient_search WHERE patient_id = OLD.id;
    DELETE FROM patient_search_typos WHERE patient_id = OLD.id;
  END`));
}
