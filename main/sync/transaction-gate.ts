/**
 * Holds back logged changes until the whole server transaction they belong to can be applied.
 *
 * Each shape stream sees only its own table's part of a transaction. Changes carry the transaction's
 * global version (`lsn`) and their position in it (`op_position`); each stream's up-to-date carries the
 * global version the server had reached (`global_last_seen_lsn`). A transaction with version L is
 * complete on this device once every stream has reported up-to-date at L or later: then each stream
 * has delivered its part. Groups are released in version order, ops in position order.
 */
export class TransactionGate<Item> {
  /** Per shape: the global version up to which it has delivered everything (-1 before its first up-to-date). */
  private readonly complete = new Map<string, bigint>();
  private readonly groups = new Map<bigint, { shape: string; op: number; item: Item }[]>();
  /**
   * Per version, the tables the server says the transaction touched (the `tables` header). Only those
   * shapes can hold a part of it, so only they must catch up; without the hint every shape must.
   */
  private readonly tablesOf = new Map<bigint, Set<string>>();

  /** Shapes taking part; a shape that never reported up-to-date holds every group back. */
  register(shape: string): void {
    if (!this.complete.has(shape)) this.complete.set(shape, -1n);
  }

  /** A shape that left (its table is no longer synced to the user) stops holding groups back. */
  unregister(shape: string): Item[] {
    this.complete.delete(shape);
    return this.drop(shape);
  }

  hold(shape: string, lsn: bigint, op: number, item: Item, tables?: readonly string[]): void {
    if (tables) {
      const known = this.tablesOf.get(lsn) ?? new Set<string>();
      for (const table of tables) known.add(table);
      known.add(shape);
      this.tablesOf.set(lsn, known);
    }
    let group = this.groups.get(lsn);
    if (!group) {
      group = [];
      this.groups.set(lsn, group);
    }
    group.push({ shape, op, item });
  }

  upToDate(shape: string, lsn: bigint): void {
    const previous = this.complete.get(shape);
    if (previous === undefined || lsn > previous) this.complete.set(shape, lsn);
  }

  /** Forgets a shape's held changes (its rows are being replaced by a new snapshot). */
  drop(shape: string): Item[] {
    const dropped: Item[] = [];
    for (const [lsn, group] of this.groups) {
      const kept = group.filter((entry) => {
        if (entry.shape !== shape) return true;
        dropped.push(entry.item);
        return false;
      });
      if (kept.length === 0) this.groups.delete(lsn);
      else this.groups.set(lsn, kept);
    }
    return dropped;
  }

  /** The version every shape has completed (-1 when some shape has not caught up yet). */
  completedVersion(): bigint {
    let min: bigint | null = null;
    for (const lsn of this.complete.values()) if (min === null || lsn < min) min = lsn;
    return min ?? -1n;
  }

  /** The shapes that may hold a part of version `lsn`: the hinted tables we sync, or every shape. */
  private participants(lsn: bigint): string[] {
    const hinted = this.tablesOf.get(lsn);
    return [...this.complete.keys()].filter((shape) => !hinted || hinted.has(shape));
  }

  /** Shapes that have not yet reported up-to-date at `lsn` (they may hold their part of it). */
  laggingBehind(lsn: bigint): string[] {
    return this.participants(lsn).filter((shape) => (this.complete.get(shape) ?? -1n) < lsn);
  }

  /**
   * Shapes holding back a group still held at version `upTo` or below: the only streams worth asking for
   * their part. Once a group is released (every stream reported on its own) nothing is lagging for it,
   * and streams the transaction did not touch never are.
   */
  holdingBack(upTo: bigint): string[] {
    const shapes = new Set<string>();
    for (const lsn of this.groups.keys()) {
      if (lsn > upTo) continue;
      for (const shape of this.laggingBehind(lsn)) shapes.add(shape);
    }
    return [...shapes];
  }

  /**
   * Removes and returns every complete group, in version order, ops in position order. A group is
   * complete when each shape that may hold part of it has caught up to its version; groups are
   * released strictly in version order, so a later transaction never overtakes an earlier one.
   */
  release(): Item[] {
    const limit = this.completedVersion();
    const sorted = [...this.groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const ready: bigint[] = [];
    for (const lsn of sorted) {
      if (lsn <= limit || this.laggingBehind(lsn).length === 0) ready.push(lsn);
      else break;
    }
    const items: Item[] = [];
    for (const lsn of ready) {
      this.tablesOf.delete(lsn);
      const group = this.groups.get(lsn) ?? [];
      this.groups.delete(lsn);
      group.sort((a, b) => a.op - b.op);
      for (const entry of group) items.push(entry.item);
    }
    return items;
  }

  get heldCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.length;
    return count;
  }
}
