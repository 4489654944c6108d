import argon2 from 'argon2';

/** OWASP's Argon2id baseline: 19 MiB, 2 iterations, 1 lane (about 30–60 ms on a clinic PC). */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

/** Verifies; a malformed stored hash counts as a mismatch, never as an error that skips the check. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('medora-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}
