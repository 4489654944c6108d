/**
 * The audit trail's hash chain, shared by the device (which appends) and the server (which verifies).
 * `hash = sha256(prev_hash + "\n" + canonical(entry))`; the first entry of a device links to GENESIS.
 * Hashing itself is injected so this module stays platform-free.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  readonly id: string;
  readonly clinic_id: string;
  readonly device_id: string;
  readonly seq: number;
  readonly at: number;
  readonly user_id: string | null;
  readonly facility_id: string | null;
  readonly action: string;
  readonly entity_type: string | null;
  readonly entity_id: string | null;
  readonly patient_id: string | null;
  readonly detail_json: string;
}

/** Canonical text of an entry: fixed field order, JSON-escaped values. */
export function canonicalEntry(entry: ChainedFields): string {
  return JSON.stringify([
    entry.id, entry.clinic_id, entry.device_id, entry.seq, entry.at, entry.user_id, entry.facility_id,
    entry.action, entry.entity_type, entry.entity_id, entry.patient_id, entry.detail_json,
  ]);
}

export type Sha256Hex = (text: string) => string;

export function chainHash(sha256: Sha256Hex, prevHash: string, entry: ChainedFields): string {
  return sha256(`${prevHash}\n${canonicalEntry(entry)}`);
}

export type ChainProblemKind = 'gap' | 'altered' | 'broken_link' | 'conflict' | 'truncated';

/**
 * What verification found at one position of a device's chain:
 * - `gap`: the entry with this `seq` is missing (deleted before or after it reached the server);
 * - `altered`: the entry's content no longer hashes to its stored hash, or differs from what was verified before;
 * - `broken_link`: the entry does not link to its predecessor (an entry before it was replaced or removed);
 * - `conflict`: a second, different entry arrived for a position already taken;
 * - `truncated`: entries up to this `seq` were verified once and are gone now.
 */
export interface ChainProblem {
  readonly seq: number;
  readonly problem: ChainProblemKind;
}

export type ChainEntry = ChainedFields & { readonly prev_hash: string; readonly hash: string };

/** Where verification of a device's chain resumes: the last verified entry (seq 0 and GENESIS at the start). */
export interface ChainPosition {
  readonly seq: number;
  readonly hash: string;
}

export const CHAIN_START: ChainPosition = { seq: 0, hash: GENESIS_HASH };

/**
 * Verifies a device's chain in pieces (entries sorted by seq, fed in chunks), so a long chain never has
 * to sit in memory at once. `position` is where the next entry must link.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private previousHash: string;
  readonly problems: ChainProblem[] = [];

  constructor(private readonly sha256: Sha256Hex, start: ChainPosition = CHAIN_START) {
    this.expectedSeq = start.seq + 1;
    this.previousHash = start.hash;
  }

  get position(): ChainPosition {
    return { seq: this.expectedSeq - 1, hash: this.previousHash };
  }

  add(entry: ChainEntry): void {
    for (let seq = this.expectedSeq; seq < entry.seq; seq++) this.problems.push({ seq, problem: 'gap' });
    if (entry.prev_hash !== this.previousHash) this.problems.push({ seq: entry.seq, problem: 'broken_link' });
    if (chainHash(this.sha256, entry.prev_hash, entry) !== entry.hash) this.problems.push({ seq: entry.seq, problem: 'altered' });
    this.expectedSeq = entry.seq + 1;
    this.previousHash = entry.hash;
  }
}

/**
 * Verifies one device's entries (sorted by seq): no gaps, each hash recomputes, each links to the
 * previous. Without `start` the entries may begin anywhere (a page of a longer chain); with it, they
 * must continue from that position (the whole chain: `CHAIN_START`).
 */
export function verifyChain(sha256: Sha256Hex, entries: readonly ChainEntry[], start?: ChainPosition): ChainProblem[] {
  const first = entries[0];
  if (!first) return [];
  const from = start ?? (first.seq === 1 ? CHAIN_START : { seq: first.seq - 1, hash: first.prev_hash });
  const verifier = new ChainVerifier(sha256, from);
  for (const entry of entries) verifier.add(entry);
  return verifier.problems;
}
