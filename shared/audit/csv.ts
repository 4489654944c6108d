/**
 * CSV for exports a clinic opens in a spreadsheet (RFC 4180, CRLF line ends). Cells that a spreadsheet
 * would run as a formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return — are prefixed
 * with an apostrophe, so `=HYPERLINK(...)` typed into a field stays text (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
