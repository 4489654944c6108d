import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHAIN_START, ChainVerifier, chainHash, GENESIS_HASH, verifyChain, type ChainedFields } from './audit-chain';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function chain(length: number) {
  const entries: (ChainedFields & { prev_hash: string; hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields: ChainedFields = {
      id: `id-${seq}`, clinic_id: 'c', device_id: 'd', seq, at: seq * 1000, user_id: 'u', facility_id: null,
      action: 'patient.read', entity_type: 'patient', entity_id: `p${seq}`, patient_id: `p${seq}`, detail_json: '{}',
    };
    const hash = chainHash(sha256, prev, fields);
    entries.push({ ...fields, prev_hash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyChain(sha256, chain(10))).toEqual([]);
  });

  it('detects an altered middle entry', () => {
    const entries = chain(10);
    entries[4] = { ...entries[4]!, action: 'nothing.to.see' };
    expect(verifyChain(sha256, entries)).toContainEqual({ seq: 5, problem: 'altered' });
  });

  it('detects a deleted entry', () => {
    const entries = chain(10);
    entries.splice(6, 1);
    const problems = verifyChain(sha256, entries);
    expect(problems).toContainEqual({ seq: 7, problem: 'gap' });
    expect(problems).toContainEqual({ seq: 8, problem: 'broken_link' });
  });

  it('detects a recomputed forgery that does not link to its predecessor', () => {
    const entries = chain(5);
    const forged = { ...entries[2]!, action: 'forged' };
    entries[2] = { ...forged, hash: chainHash(sha256, forged.prev_hash, forged) };
    expect(verifyChain(sha256, entries)).toContainEqual({ seq: 4, problem: 'broken_link' });
  });

  it('verifies a chain fed in chunks exactly as a whole', () => {
    const entries = chain(12);
    entries[7] = { ...entries[7]!, action: 'changed' };
    const verifier = new ChainVerifier(sha256, CHAIN_START);
    for (const piece of [entries.slice(0, 5), entries.slice(5, 9), entries.slice(9)]) for (const entry of piece) verifier.add(entry);
    expect(verifier.problems).toEqual(verifyChain(sha256, entries, CHAIN_START));
    expect(verifier.position).toEqual({ seq: 12, hash: entries[11]!.hash });
  });

  it('continues from a verified position: a missing first entry after it is a gap', () => {
    const entries = chain(6);
    const start = { seq: 2, hash: entries[1]!.hash };
    expect(verifyChain(sha256, entries.slice(2), start)).toEqual([]);
    expect(verifyChain(sha256, entries.slice(3), start)).toEqual([{ seq: 3, problem: 'gap' }, { seq: 4, problem: 'broken_link' }]);
    // Without a start, a page may begin anywhere.
    expect(verifyChain(sha256, entries.slice(3))).toEqual([]);
  });
});
