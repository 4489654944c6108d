import type { SeededRandom } from './random';

const HEX = Array.from({ length: 256 }, (_, value) => value.toString(16).padStart(2, '0'));

function hex16(value: number): string {
  return (HEX[(value >>> 8) & 0xff] as string) + (HEX[value & 0xff] as string);
}

function hex32(value: number): string {
  return hex16(value >>> 16) + hex16(value & 0xffff);
}

/**
 * A UUIDv7 (RFC 9562) whose 48-bit timestamp is the row's `created_at` and whose 74 random bits come
 * from a seeded stream. Demo ids therefore sort like ids the app would have issued at that time, and
 * the same seed gives the same ids (`uuid`'s v7 reads the clock and a CSPRNG, so it cannot).
 */
export function demoUuidV7(createdAt: number, random: SeededRandom): string {
  if (!Number.isSafeInteger(createdAt) || createdAt < 0 || createdAt >= 2 ** 48) {
    throw new Error(`A UUIDv7 timestamp must be a 48-bit epoch millisecond, got ${createdAt}`);
  }
  const high = Math.floor(createdAt / 65_536);
  const low = createdAt % 65_536;
  const first = random.uint32();
  const second = random.uint32();
  const third = random.uint32();
  const versionAndRandom = 0x7000 | (first & 0x0fff);
  const variantAndRandom = 0x8000 | ((first >>> 12) & 0x3fff);
  return `${hex32(high)}-${hex16(low)}-${hex16(versionAndRandom)}-${hex16(variantAndRandom)}-${hex32(second)}${hex16(third & 0xffff)}`;
}

/** The creation instant encoded in a UUIDv7 (first 48 bits). */
export function uuidV7Timestamp(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
