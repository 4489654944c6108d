/**
 * Pure parts of patient search, shared by the main-process repository and its tests: how a query is
 * read, how names are normalized (must agree with NAME_KEY_SQL in migrations/sqlite/patient-search-ddl.ts)
 * and how close a typed token is to a name.
 */

/** ASCII lower case with spaces, hyphens, apostrophes, periods and commas removed ("O'Brien-Lee" → "obrienlee"). */
export function normalizeNameKey(value: string): string {
  return value.trim().replace(/[ \-'.,]/g, '').replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

/** Query tokens: words split on spaces and commas, normalized; "Doe, Jane" → ["doe", "jane"]. */
export function nameTokens(query: string): string[] {
  return query.split(/[\s,]+/).map(normalizeNameKey).filter((token) => token.length > 0).slice(0, 4);
}

/** Digits of a phone number as typed ("(555) 010-2233" → "5550102233"); a leading US country code 1 is dropped. */
export function phoneDigits(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** A date of birth typed as YYYY-MM-DD, MM/DD/YYYY or M/D/YYYY, as `YYYY-MM-DD`; null when not a real date. */
export function parseDateQuery(value: string): string | null {
  const trimmed = value.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const us = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (us) [y, m, d] = [Number(us[3]), Number(us[1]), Number(us[2])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** What a query can mean; search tries every reading that fits. */
export interface QueryReading {
  readonly tokens: readonly string[];
  /** Set when the query is mostly digits (a phone number being typed). */
  readonly phone: string | null;
  readonly dateOfBirth: string | null;
  /** Upper-cased, trimmed: MRNs, case numbers and claim control numbers are matched on this. */
  readonly identifier: string;
}

export function readQuery(query: string): QueryReading {
  const trimmed = query.trim();
  const digits = phoneDigits(trimmed);
  const isPhoneLike = /^[0-9+() .-]+$/.test(trimmed) && digits.length >= 3;
  const dateOfBirth = parseDateQuery(trimmed);
  return {
    tokens: dateOfBirth || isPhoneLike ? [] : nameTokens(trimmed),
    phone: isPhoneLike && !dateOfBirth ? digits : null,
    dateOfBirth,
    identifier: trimmed.toUpperCase(),
  };
}

/** The token itself and every variant with one character deleted (the symmetric-delete lookup keys). */
export function deleteVariants(token: string): string[] {
  const keys = new Set<string>([token]);
  if (token.length >= 3) for (let i = 0; i < token.length; i++) keys.add(token.slice(0, i) + token.slice(i + 1));
  return [...keys];
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Edits a query token of this length may differ by and still match a name. */
export function allowedTypos(tokenLength: number): number {
  return tokenLength >= 8 ? 2 : tokenLength >= 3 ? 1 : 0;
}

/**
 * How well query tokens match a patient's name keys: 0 when every token is a prefix of some key
 * (exact typing), 1 + total edits when every token is within its allowed typos of a key (or of a
 * key's prefix of the same length), or null when some token matches nothing.
 */
export function nameMatchScore(tokens: readonly string[], keys: readonly string[]): number | null {
  let edits = 0;
  let fuzzy = false;
  for (const token of tokens) {
    if (keys.some((key) => key.startsWith(token))) continue;
    const allowed = allowedTypos(token.length);
    let best = allowed + 1;
    for (const key of keys) {
      best = Math.min(best, editDistance(token, key, allowed), editDistance(token, key.slice(0, token.length), allowed));
    }
    if (best > allowed) return null;
    fuzzy = true;
    edits += best;
  }
  return fuzzy ? 1 + edits : 0;
}

/** What a query was read as, for the audit trail (which must not hold the typed text itself). */
export function searchReadings(query: string): string[] {
  const reading = readQuery(query);
  return [
    ...(/\d/.test(reading.identifier) && reading.identifier.length >= 2 ? ['identifier'] : []),
    ...(reading.dateOfBirth ? ['date_of_birth'] : []),
    ...(reading.phone ? ['phone'] : []),
    ...(reading.tokens.length > 0 ? ['name'] : []),
  ];
}
