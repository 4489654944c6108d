/** Form text to values: '' is "no value"; anything else must be a finite number or it is reported, not guessed. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function parseOptionalDecimal(text: string, example: string): Parsed<number | null> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, message: `Enter a number, e.g. ${example}` };
}

export function parseWholeNumber(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return { ok: false, message: 'Enter a whole number' };
  return { ok: true, value: Number(trimmed) };
}

/** An optional text field as a channel takes it: trimmed, and null when left blank. */
export function textOrNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
