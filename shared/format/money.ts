/**
 * Money is integer cents everywhere (DESIGN.md, "Data rules"); it becomes a currency string only here, at the edge.
 */
const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** `123456` → `$1,234.56`. Exact for any safe integer: the division happens once, on the way out. */
export function formatCents(cents: number, currency = 'USD', locale?: string): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`Money must be a whole number of cents, got ${cents}`);
  const formatter = formatterFor(currency, locale);
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(cents / 10 ** digits);
}

/*
 * The other direction: dollars typed into a field, read as integer cents without ever going through a float.
 * The text is split at the decimal point and the two parts are read as whole numbers: `"1,234.5"` is 123450
 * cents; `"0.1"` + `"0.2"` are 10 + 20 = 30 cents, exactly. Every amount a channel takes is at most
 * $1,000,000 (`MAX_CENTS`), so a larger one is refused at the field.
 */

export const MAX_CENTS = 100_000_000;

export type MoneyParse = { readonly ok: true; readonly cents: number } | { readonly ok: false; readonly message: string };

/** Reads `$1,234.56`, `1234.5`, `.75` or `12`; refuses signs, letters, more than two decimals and amounts over $1,000,000. */
export function parseDollars(text: string): MoneyParse {
  const cleaned = text.trim().replace(/^\$\s*/, '').replace(/,(?=\d{3}(\D|$))/g, '');
  if (cleaned === '') return { ok: false, message: 'Enter an amount' };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(cleaned);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return { ok: false, message: 'Enter an amount in dollars, such as 125.00' };
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > 2) return { ok: false, message: 'Use at most two digits after the point' };
  if (whole.replace(/^0+/, '').length > 7) return { ok: false, message: 'That amount is too large' };
  const cents = Number(whole || '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (cents > MAX_CENTS) return { ok: false, message: 'That amount is too large' };
  return { ok: true, cents };
}

/** Cents as a field shows them for editing: `12345` → `"123.45"` (no currency sign, no grouping). */
export function centsToInput(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An optional amount: empty text is `null` (e.g. "use the fee schedule"). */
export function parseOptionalDollars(text: string): MoneyParse | { readonly ok: true; readonly cents: null } {
  return text.trim() === '' ? { ok: true, cents: null } : parseDollars(text);
}
