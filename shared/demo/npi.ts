import { npiCheckDigit } from '../validation/npi';
import type { SeededRandom } from './random';

/** A random, valid-format NPI (individual providers start with 1, organisations with 2). */
export function randomNpi(random: SeededRandom, kind: 'individual' | 'organization' = 'individual'): string {
  const firstNine = `${kind === 'individual' ? '1' : '2'}${random.digits(8)}`;
  return `${firstNine}${npiCheckDigit(firstNine)}`;
}
