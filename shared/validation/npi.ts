/**
 * National Provider Identifier check digits. CMS defines the tenth digit as the Luhn check digit of
 * the nine-digit identifier prefixed with `80840` (the ISO card-issuer prefix for US health), which
 * is the same as adding 24 to the Luhn sum of the nine digits. Claims with a bad check digit are
 * rejected by clearinghouses, so even demo NPIs must pass it.
 */
export function npiCheckDigit(firstNine: string): number {
  if (!/^\d{9}$/.test(firstNine)) throw new Error('An NPI check digit needs exactly nine digits');
  const digits = `80840${firstNine}`;
  let sum = 0;
  // Walk from the right; the digit next to the (missing) check digit is doubled first.
  for (let position = 0; position < digits.length; position += 1) {
    let digit = Number(digits[digits.length - 1 - position]);
    if (position % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** True for a ten-digit NPI starting with 1 or 2 whose last digit is its Luhn check digit. */
export function isValidNpi(npi: string): boolean {
  if (!/^[12]\d{9}$/.test(npi)) return false;
  return npiCheckDigit(npi.slice(0, 9)) === Number(npi[9]);
}
