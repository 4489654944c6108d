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

export interface ChainProblem {
  readonly seq: number;
  readonly problem: 'gap' | 'altered' | 'broken_link';
}

/** Verifies one device's entries (sorted by seq): no gaps, each hash recomputes, each links to the previous. */
export function verifyChain(sha256: Sha256Hex, entries: readonly (ChainedFields & { prev_hash: string; hash: string })[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedSeq = entries[0]?.seq ?? 1;
  let previousHash = entries[0]?.prev_hash ?? GENESIS_HASH;
  if (entries[0] && entries[0].seq === 1 && entries[0].prev_hash !== GENESIS_HASH) problems.push({ seq: 1, problem: 'broken_link' });
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) problems.push({ seq: expectedSeq, problem: 'gap' });
    if (entry.prev_hash !== previousHash) problems.push({ seq: entry.seq, problem: 'broken_link' });
    if (chainHash(sha256, entry.prev_hash, entry) !== entry.hash) problems.push({ seq: entry.seq, problem: 'altered' });
    expectedSeq = entry.seq + 1;
    previousHash = entry.hash;
  }
  return problems;
}
