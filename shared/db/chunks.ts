/**
 * `values` in parts of at most `size`, for `in (…)` lists: SQLite allows a limited number of bound
 * parameters per statement, and Postgres plans short lists better. Both databases use the same parts.
 */
export function chunks<T>(values: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
