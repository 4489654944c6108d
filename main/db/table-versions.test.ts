import SqliteDatabase from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TableVersions } from './table-versions';

/*
 * The change counters behind main's caches of scheduling facts, on a real SQLite file: every committed
 * write to a watched table changes its stamp, nothing else does, a rolled-back write leaves no trace,
 * no stamp is given inside a transaction, and another connection's commit or a re-created table is seen.
 */
let directory: string;
let sqlite: SqliteDatabase.Database;
let versions: TableVersions;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'medora-versions-'));
  sqlite = new SqliteDatabase(join(directory, 'replica.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.exec('CREATE TABLE templates (id TEXT PRIMARY KEY, minute INTEGER); CREATE TABLE audit (id TEXT PRIMARY KEY)');
  sqlite.exec("INSERT INTO templates VALUES ('a', 480)");
  versions = new TableVersions(sqlite);
});
afterEach(() => {
  sqlite.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('table versions', () => {
  it('changes the stamp on every insert, update and delete of a watched table, whatever statement made it', () => {
    const seen = new Set<string | null>([versions.stamp(['templates'])]);
    for (const statement of [
      "INSERT INTO templates VALUES ('b', 540)",
      "UPDATE templates SET minute = 600 WHERE id = 'b'",
      "INSERT OR REPLACE INTO templates VALUES ('b', 660)",
      "DELETE FROM templates WHERE id = 'b'",
      "INSERT INTO templates VALUES ('c', 1) ON CONFLICT (id) DO UPDATE SET minute = excluded.minute",
    ]) {
      sqlite.exec(statement);
      const stamp = versions.stamp(['templates']);
      expect(stamp).not.toBeNull();
      expect(seen.has(stamp)).toBe(false);
      seen.add(stamp);
    }
  });

  it('keeps the stamp when only unwatched tables are written', () => {
    const before = versions.stamp(['templates']);
    sqlite.exec("INSERT INTO audit VALUES ('x')");
    expect(versions.stamp(['templates'])).toBe(before);
  });

  it('gives no stamp inside a transaction, and a rolled-back write leaves the stamp as it was', () => {
    const before = versions.stamp(['templates']);
    expect(() => sqlite.transaction(() => {
      sqlite.exec("UPDATE templates SET minute = 1 WHERE id = 'a'");
      expect(versions.stamp(['templates'])).toBeNull();
      throw new Error('roll back');
    })()).toThrow('roll back');
    expect(versions.stamp(['templates'])).toBe(before);
    // The next committed write still moves it past every stamp handed out before.
    sqlite.exec("UPDATE templates SET minute = 2 WHERE id = 'a'");
    expect(versions.stamp(['templates'])).not.toBe(before);
  });

  it("sees another connection's commit", () => {
    const before = versions.stamp(['templates']);
    const other = new SqliteDatabase(join(directory, 'replica.sqlite'));
    try {
      other.exec("UPDATE templates SET minute = 3 WHERE id = 'a'");
    } finally {
      other.close();
    }
    expect(versions.stamp(['templates'])).not.toBe(before);
  });

  it('watches a table again after it was dropped and created anew', () => {
    versions.stamp(['templates']);
    sqlite.exec('DROP TABLE templates; CREATE TABLE templates (id TEXT PRIMARY KEY, minute INTEGER)');
    const before = versions.stamp(['templates']);
    sqlite.exec("INSERT INTO templates VALUES ('d', 4)");
    expect(versions.stamp(['templates'])).not.toBe(before);
  });

  it('is never part of the database file: the triggers and counters are temporary', () => {
    versions.stamp(['templates']);
    const objects = sqlite.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'medora_%'").all();
    expect(objects).toEqual([]);
    expect(sqlite.prepare("SELECT count(*) AS n FROM sqlite_temp_master WHERE type = 'trigger'").get()).toEqual({ n: 3 });
  });
});
