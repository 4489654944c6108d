import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TransactionGate } from './transaction-gate';

/** A gate whose streams all reported up-to-date at version 10. */
function gateAt10(shapes: readonly string[]): TransactionGate<string> {
  const gate = new TransactionGate<string>();
  for (const shape of shapes) gate.register(shape);
  for (const shape of shapes) gate.upToDate(shape, 10n);
  return gate;
}

describe('TransactionGate', () => {
  it('holds a transaction until every shape has reported up-to-date at its version', () => {
    const gate = new TransactionGate<string>();
    gate.register('appointments');
    gate.register('invoices');
    gate.hold('appointments', 5n, 1, 'appointment of tx 5');
    gate.upToDate('appointments', 5n);
    expect(gate.release()).toEqual([]);
    expect(gate.laggingBehind(5n)).toEqual(['invoices']);
    gate.hold('invoices', 5n, 2, 'invoice of tx 5');
    gate.upToDate('invoices', 5n);
    expect(gate.release()).toEqual(['appointment of tx 5', 'invoice of tx 5']);
    expect(gate.heldCount).toBe(0);
  });

  it('releases in version order, ops in position order, and forgets a shape being replaced', () => {
    const gate = new TransactionGate<string>();
    gate.register('a');
    gate.register('b');
    gate.hold('b', 7n, 3, 'b7');
    gate.hold('a', 7n, 1, 'a7');
    gate.hold('a', 6n, 1, 'a6');
    gate.hold('b', 9n, 1, 'b9');
    expect(gate.drop('b')).toEqual(['b7', 'b9']);
    gate.upToDate('a', 8n);
    gate.upToDate('b', 8n);
    expect(gate.release()).toEqual(['a6', 'a7']);
  });

  it('stops waiting for a shape that left', () => {
    const gate = new TransactionGate<string>();
    gate.register('a');
    gate.register('gone');
    gate.hold('a', 3n, 0, 'a3');
    gate.upToDate('a', 3n);
    expect(gate.release()).toEqual([]);
    gate.unregister('gone');
    expect(gate.release()).toEqual(['a3']);
  });

  it('whatever the interleaving of deliveries, releases each op once, whole transactions only, in commit order', () => {
    // A log of transactions touching 3 shapes; each shape delivers its part in pages, then up-to-date.
    const transaction = fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(transaction, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 200 }), (log, choices) => {
        const shapes = ['x', 'y', 'z'];
        const perShape = new Map(shapes.map((shape) => [shape, [] as { lsn: bigint; op: number }[]]));
        log.forEach((touched, index) => touched.forEach((shape, op) => perShape.get(shape)?.push({ lsn: BigInt(index + 1), op })));
        const gate = new TransactionGate<{ lsn: bigint; op: number }>();
        for (const shape of shapes) gate.register(shape);
        const cursor = new Map(shapes.map((shape) => [shape, 0]));
        const released: { lsn: bigint; op: number }[] = [];
        let step = 0;
        const remaining = () => shapes.filter((shape) => (cursor.get(shape) ?? 0) <= (perShape.get(shape)?.length ?? 0));
        while (remaining().length > 0) {
          const open = remaining();
          const shape = open[(choices[step++ % Math.max(1, choices.length)] ?? 0) % open.length] as string;
          const ops = perShape.get(shape) ?? [];
          const at = cursor.get(shape) ?? 0;
          if (at < ops.length) {
            const next = ops[at] as { lsn: bigint; op: number };
            gate.hold(shape, next.lsn, next.op, next);
          } else {
            // Caught up: the server reports the global version it has reached.
            gate.upToDate(shape, BigInt(log.length));
          }
          cursor.set(shape, at + 1);
          const batch = gate.release();
          // Only whole transactions: every op of a released version is in the same release or earlier.
          for (const item of batch) {
            const expected = log[Number(item.lsn) - 1]?.length ?? 0;
            const seen = [...released, ...batch].filter((other) => other.lsn === item.lsn).length;
            expect(seen).toBe(expected);
          }
          released.push(...batch);
        }
        const expectedOrder = log.flatMap((touched, index) => touched.map((_, op) => ({ lsn: BigInt(index + 1), op })));
        expect(released).toEqual(expectedOrder);
      }),
      { numRuns: 300 },
    );
  });
});

describe('transaction gate with the server table hint', () => {
  it('releases a transaction once the tables it touched caught up, without waiting for the others, in version order', () => {
    const gate = gateAt10(['facilities', 'facility_resources', 'patients']);
    gate.hold('facilities', 11n, 1, 'facility', ['facilities', 'facility_resources']);
    gate.upToDate('facilities', 11n);
    expect(gate.release()).toEqual([]);
    gate.hold('facility_resources', 11n, 2, 'room', ['facilities', 'facility_resources']);
    gate.upToDate('facility_resources', 11n);
    // `patients` is still at 10, but transaction 11 did not touch it.
    expect(gate.release()).toEqual(['facility', 'room']);
    expect(gate.laggingBehind(12n)).toEqual(['facilities', 'facility_resources', 'patients']);
  });

  it('never lets a later transaction overtake an earlier one that is still incomplete', () => {
    const gate = new TransactionGate<string>();
    for (const shape of ['a', 'b']) gate.register(shape);
    gate.upToDate('a', 5n);
    gate.upToDate('b', 5n);
    gate.hold('a', 6n, 1, 'six-a', ['a', 'b']);
    gate.upToDate('a', 7n);
    gate.hold('a', 7n, 1, 'seven-a', ['a']);
    expect(gate.release()).toEqual([]);
    gate.upToDate('b', 7n);
    expect(gate.release()).toEqual(['six-a', 'seven-a']);
  });

  it('names as holding back only the streams a still-held transaction waits for, and none once it is released', () => {
    const gate = gateAt10(['facilities', 'client_mutations', 'patients', 'invoices']);
    gate.hold('facilities', 11n, 1, 'facility', ['facilities', 'client_mutations']);
    gate.upToDate('facilities', 11n);
    expect(gate.release()).toEqual([]);
    // Only client_mutations holds transaction 11 back: the untouched streams are not asked.
    expect(gate.holdingBack(11n)).toEqual(['client_mutations']);
    expect(gate.holdingBack(10n)).toEqual([]);
    gate.upToDate('client_mutations', 11n);
    expect(gate.release()).toEqual(['facility']);
    // Released: nothing is lagging for it, although patients and invoices are still at 10.
    expect(gate.holdingBack(11n)).toEqual([]);
    expect(gate.laggingBehind(11n)).toEqual(['patients', 'invoices']);
  });
  it('releases another workstation’s transaction without this client’s own streams, which the server leaves out of the hint', () => {
    // The server names client_mutations in the hint only for the client whose row the push wrote
    // (server/sync/live-wake.int.test.ts); this device's client_mutations stream is never woken for
    // another client's push and stays at the version of its own last push.
    const gate = gateAt10(['facilities', 'facility_resources', 'client_mutations', 'mutation_results']);
    // Another workstation saved a facility with a room (two tables): both must report before it shows.
    gate.hold('facilities', 11n, 2, 'facility of 11', ['facilities', 'facility_resources']);
    gate.upToDate('facilities', 11n);
    expect(gate.release()).toEqual([]);
    expect(gate.holdingBack(11n)).toEqual(['facility_resources']);
    gate.hold('facility_resources', 11n, 3, 'room of 11', ['facilities', 'facility_resources']);
    gate.upToDate('facility_resources', 11n);
    expect(gate.release()).toEqual(['facility of 11', 'room of 11']);
    // Another one: released as soon as its one table reports, client_mutations still at 10.
    gate.hold('facilities', 12n, 2, 'facility of 12', ['facilities']);
    gate.upToDate('facilities', 12n);
    expect(gate.release()).toEqual(['facility of 12']);
    expect(gate.completedVersion()).toBe(10n);
    // This workstation's own push (hint with client_mutations) still waits for its client row.
    gate.hold('facilities', 13n, 2, 'own facility of 13', ['facilities', 'client_mutations']);
    gate.upToDate('facilities', 13n);
    gate.upToDate('facility_resources', 13n);
    expect(gate.release()).toEqual([]);
    expect(gate.holdingBack(13n)).toEqual(['client_mutations']);
    gate.hold('client_mutations', 13n, 1, 'own client row of 13', ['facilities', 'client_mutations']);
    gate.upToDate('client_mutations', 13n);
    expect(gate.release()).toEqual(['own client row of 13', 'own facility of 13']);
  });
});
