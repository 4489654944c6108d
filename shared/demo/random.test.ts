import { describe, expect, it } from 'vitest';
import { demoUuidV7, uuidV7Timestamp } from './demo-ids';
import { createRandom } from './random';

describe('seeded random streams', () => {
  it('repeat for the same seed, label and index, and differ otherwise', () => {
    const draw = (seed: number, label: string, index = 0) => {
      const random = createRandom(seed, label, index);
      return Array.from({ length: 8 }, () => random.uint32());
    };
    expect(draw(1, 'patients')).toEqual(draw(1, 'patients'));
    expect(draw(1, 'patients')).not.toEqual(draw(2, 'patients'));
    expect(draw(1, 'patients')).not.toEqual(draw(1, 'schedule'));
    expect(draw(1, 'patient', 1)).not.toEqual(draw(1, 'patient', 2));
  });

  it('spreads floats evenly over [0, 1) and integers over their whole range', () => {
    const random = createRandom(42, 'uniformity');
    const buckets = new Array<number>(10).fill(0);
    for (let draw = 0; draw < 100_000; draw += 1) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
      buckets[Math.floor(value * 10)] = (buckets[Math.floor(value * 10)] ?? 0) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    const seen = new Set<number>();
    for (let draw = 0; draw < 1_000; draw += 1) seen.add(random.int(3, 7));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });
});

describe('demo UUIDv7', () => {
  it('has the version and variant bits and carries the creation time', () => {
    const random = createRandom(5, 'ids');
    const createdAt = Date.UTC(2026, 10, 28, 14, 30);
    const id = demoUuidV7(createdAt, random);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV7Timestamp(id)).toBe(createdAt);
  });

  it('sorts by creation time like ids issued live', () => {
    const random = createRandom(5, 'ids');
    const early = demoUuidV7(Date.UTC(2026, 0, 1), random);
    const late = demoUuidV7(Date.UTC(2026, 0, 2), random);
    expect(early < late).toBe(true);
  });

  it('refuses instants a UUIDv7 cannot hold', () => {
    const random = createRandom(5, 'ids');
    expect(() => demoUuidV7(-1, random)).toThrow();
    expect(() => demoUuidV7(2 ** 48, random)).toThrow();
  });
});
