import { v7 as uuidv7 } from 'uuid';

/** A new UUIDv7: time-ordered, generated on the device, never reused. */
export function newId(): string {
  return uuidv7();
}

/** cyrb128: a fast, well-mixed 128-bit string hash (not for secrets; for deterministic ids only). */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/**
 * A UUIDv7 derived from a timestamp and a seed: the same inputs give the same id. Mutators use it so
 * a row created optimistically on the device and authoritatively on the server has one id, and a
 * rebase that re-runs the mutation recreates the same id.
 */
export function deterministicUuidV7(ms: number, seed: string): string {
  const [a, b, c] = hash128(seed);
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0').slice(-width);
  const time = hex(Math.floor(ms), 12);
  const randA = hex(a & 0xfff, 3);
  const variant = hex(((b >>> 16) & 0x3fff) | 0x8000, 4);
  const randB = hex(b & 0xffff, 4) + hex(c, 8);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randA}-${variant}-${randB}`;
}
