/**
 * Procedure (CPT/HCPCS) and diagnosis (ICD-10-CM) codes as the clinic enters or imports them. Medora
 * ships no CPT descriptors (they are licensed by the AMA): only the shapes of codes are checked here.
 */

/** CPT: five digits, or four digits and F/T (category II/III). HCPCS Level II: a letter and four digits. */
export const CPT_PATTERN = /^(\d{5}|\d{4}[FT])$/;
export const HCPCS_PATTERN = /^[A-V]\d{4}$/;
/** ICD-10-CM: letter, digit, letter-or-digit, then optionally a dot and up to four more characters. */
export const ICD10_PATTERN = /^[A-TV-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?$/;
export const MODIFIER_PATTERN = /^[0-9A-Z]{2}$/;

export type ProcedureSystem = 'cpt' | 'hcpcs';

export function procedureSystemOf(code: string): ProcedureSystem | null {
  if (CPT_PATTERN.test(code)) return 'cpt';
  if (HCPCS_PATTERN.test(code)) return 'hcpcs';
  return null;
}

export interface ParsedCodeRow {
  readonly line: number;
  readonly code: string;
  readonly description: string | null;
}

export interface CodeImport {
  readonly rows: readonly ParsedCodeRow[];
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

/** Splits one CSV line (RFC 4180 quoting). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index] as string;
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') { cell += '"'; index++; }
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { cells.push(cell); cell = ''; }
    else cell += char;
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

/**
 * Reads `code,description` rows (a header row naming `code` is skipped). Each code is checked against
 * `accept`; bad and repeated codes are reported by line, never silently dropped.
 */
export function parseCodeCsv(text: string, accept: (code: string) => boolean): CodeImport {
  const rows: ParsedCodeRow[] = [];
  const problems: { line: number; message: string }[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const [first = '', second = ''] = splitCsvLine(raw);
    const code = first.toUpperCase();
    if (index === 0 && code === 'CODE') return;
    if (!accept(code)) { problems.push({ line, message: `"${first}" is not a valid code` }); return; }
    if (seen.has(code)) { problems.push({ line, message: `${code} appears more than once` }); return; }
    seen.add(code);
    rows.push({ line, code, description: second === '' ? null : second.slice(0, 500) });
  });
  return { rows, problems };
}

export interface FeeCandidate {
  readonly procedureCode: string;
  readonly modifier: string | null;
  readonly payerType: string | null;
  readonly facilityId: string | null;
  readonly feeCents: number;
  readonly effectiveFrom: string;
}

/**
 * The fee for a code on a date of service: among entries in effect (effective on or before the date),
 * the most specific wins — payer type and facility both matching, then payer type, then facility, then
 * the clinic-wide fee — and among equals the latest effective date. A modifier-specific fee is preferred
 * when the line carries that modifier.
 */
export function feeFor(entries: readonly FeeCandidate[], line: { procedureCode: string; modifiers: readonly string[]; payerType: string; facilityId: string; serviceDate: string }): number | null {
  let best: { score: number; from: string; fee: number } | null = null;
  for (const entry of entries) {
    if (entry.procedureCode !== line.procedureCode || entry.effectiveFrom > line.serviceDate) continue;
    if (entry.payerType !== null && entry.payerType !== line.payerType) continue;
    if (entry.facilityId !== null && entry.facilityId !== line.facilityId) continue;
    if (entry.modifier !== null && !line.modifiers.includes(entry.modifier)) continue;
    const score = (entry.payerType !== null ? 4 : 0) + (entry.facilityId !== null ? 2 : 0) + (entry.modifier !== null ? 1 : 0);
    if (!best || score > best.score || (score === best.score && entry.effectiveFrom > best.from)) best = { score, from: entry.effectiveFrom, fee: entry.feeCents };
  }
  return best ? best.fee : null;
}
