/**
 * Seeded pseudo-random numbers for the demo clinic. `Math.random` cannot be seeded, and the demo data
 * must be byte-identical for the same seed so tests, screenshots and benchmarks compare like with like.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's small fast chaotic PRNG): 128 bits of state, passes
 * PractRand far beyond what the demo draws, and needs only 32-bit integer arithmetic. Independent
 * streams are derived from the seed plus a label (and an index), so adding draws to one table never
 * shifts the rows of another.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    // The first outputs of sfc32 still echo the seed words; discard them.
    for (let round = 0; round < 12; round += 1) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4_294_967_296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element chosen by weight; weights need not sum to one. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of choices) total += weight;
    let remaining = this.next() * total;
    for (const [value, weight] of choices) {
      remaining -= weight;
      if (remaining < 0) return value;
    }
    const last = choices[choices.length - 1];
    if (!last) throw new Error('Cannot pick from an empty list');
    return last[0];
  }

  /** `count` hexadecimal digits (for checksums and reference numbers). */
  hex(count: number): string {
    let text = '';
    while (text.length < count) text += this.uint32().toString(16).padStart(8, '0');
    return text.slice(0, count);
  }

  /** `count` decimal digits, leading zeros allowed. */
  digits(count: number): string {
    let text = '';
    for (let index = 0; index < count; index += 1) text += String(Math.floor(this.next() * 10));
    return text;
  }
}

/** FNV-1a over the label's UTF-16 code units: a stable 32-bit name for a stream. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < label.length; index += 1) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32 finaliser: spreads nearby seeds (1, 2, 3 …) over the whole state space. */
function mix(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * An independent random stream for `(seed, label, index)`. The same three values always give the
 * same sequence; any change to one gives an unrelated sequence.
 */
export function createRandom(seed: number, label: string, index = 0): SeededRandom {
  const labelHash = hashLabel(label);
  const a = mix(seed ^ labelHash);
  const b = mix(a ^ index);
  const c = mix(b ^ Math.floor(seed / 4_294_967_296));
  const d = mix(c ^ labelHash ^ 0x5bd1e995);
  return new SeededRandom(a, b, c, d);
}
