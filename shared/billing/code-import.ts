import { ICD10_PATTERN, procedureSystemOf, splitCsvLine } from './codes';

/**
 * The preview of a code import: every line of the CSV the clinic chose, read as `code,description`,
 * with what importing it would do or why it cannot be imported. Nothing is dropped silently: a bad line
 * is listed with its number and the reason, and only the good lines are sent to `billingCode.import`.
 */

export type CodeKind = 'procedure' | 'diagnosis';

/** What `billingCode.import` accepts in one call. */
export const MAX_IMPORT_ROWS = 5000;
export const MAX_DESCRIPTION = 500;

export type PreviewStatus = 'add' | 'update' | 'unchanged' | 'error';

export interface PreviewRow {
  /** 1-based line number in the file. */
  readonly line: number;
  /** The code as it will be stored (upper case; ICD-10-CM with its dot), or the cell as typed when bad. */
  readonly code: string;
  readonly description: string | null;
  readonly status: PreviewStatus;
  readonly problem: string | null;
}

export interface CodeImportPreview {
  readonly rows: readonly PreviewRow[];
  /** The rows to send: added or changed, never a bad one. */
  readonly importable: readonly { code: string; description: string | null }[];
  readonly errorCount: number;
  readonly headerSkipped: boolean;
}

/** An ICD-10-CM code typed without its dot (`M5450`) gets it back after the third character. */
export function normalizeDiagnosisCode(cell: string): string {
  const code = cell.trim().toUpperCase();
  return /^[A-Z]\d[0-9A-Z][0-9A-Z]{1,4}$/.test(code) ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

function hasOpenQuote(line: string): boolean {
  return ((line.match(/"/g) ?? []).length % 2) === 1;
}

function checkCode(kind: CodeKind, cell: string): { code: string; problem: string | null } {
  if (cell === '') return { code: '', problem: 'The code is empty' };
  if (kind === 'procedure') {
    const code = cell.toUpperCase();
    return { code, problem: procedureSystemOf(code) ? null : `"${cell}" is not a CPT (five digits, or four and F/T) or HCPCS (a letter and four digits) code` };
  }
  const code = normalizeDiagnosisCode(cell);
  return { code, problem: ICD10_PATTERN.test(code) ? null : `"${cell}" is not an ICD-10-CM code (e.g. S13.4XXA)` };
}

/**
 * Reads the CSV text. `existing` maps the clinic's codes of this kind to their description, so the
 * preview can say which lines add a code, which change a description and which change nothing; pass
 * null when the clinic's list is not known in full (every good line then reads as `add`).
 */
export function previewCodeImport(text: string, kind: CodeKind, existing: ReadonlyMap<string, string | null> | null): CodeImportPreview {
  const rows: PreviewRow[] = [];
  const seen = new Map<string, number>();
  let headerSkipped = false;
  let firstContent = true;
  let goodCount = 0;
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const isFirst = firstContent;
    firstContent = false;
    const error = (code: string, description: string | null, problem: string) => rows.push({ line, code, description, status: 'error', problem });
    if (hasOpenQuote(raw)) return error(raw.trim().slice(0, 40), null, 'A double quote is not closed (a description with a line break is not supported)');
    const cells = splitCsvLine(raw);
    const [first = '', second = ''] = cells;
    if (isFirst && first.toLowerCase() === 'code') {
      headerSkipped = true;
      return;
    }
    const description = second === '' ? null : second;
    if (cells.length > 2 && cells.slice(2).some((cell) => cell !== '')) {
      return error(first, description, 'More than two columns: put a description that holds a comma in double quotes');
    }
    const { code, problem } = checkCode(kind, first);
    if (problem) return error(first, description, problem);
    if (description !== null && description.length > MAX_DESCRIPTION) return error(code, `${description.slice(0, 60)}…`, `The description is longer than ${MAX_DESCRIPTION} characters`);
    const earlier = seen.get(code);
    if (earlier !== undefined) return error(code, description, `${code} is already on line ${earlier}`);
    seen.set(code, line);
    if (goodCount >= MAX_IMPORT_ROWS) return error(code, description, `At most ${MAX_IMPORT_ROWS} codes are imported at once; split the file`);
    goodCount += 1;
    let status: PreviewStatus = 'add';
    if (existing?.has(code)) status = (existing.get(code) ?? null) === description ? 'unchanged' : 'update';
    rows.push({ line, code, description, status, problem: null });
  });
  return {
    rows,
    importable: rows.filter((row) => row.status === 'add' || row.status === 'update').map((row) => ({ code: row.code, description: row.description })),
    errorCount: rows.filter((row) => row.status === 'error').length,
    headerSkipped,
  };
}

