import { describe, expect, it } from 'vitest';
import { issuesText, lastSyncedText, pausedProgressText, pendingText, progressText, timeAgo } from './sync-words';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 2, 3, 15, 0);

describe('sync wording', () => {
  it('counts pending changes and issues in words, singular and plural', () => {
    expect(pendingText(0)).toBeNull();
    expect(pendingText(1)).toBe('1 change waiting to be sent');
    expect(pendingText(1234)).toBe('1,234 changes waiting to be sent');
    expect(issuesText(1)).toBe('1 sync issue');
    expect(issuesText(3)).toBe('3 sync issues');
  });

  it('says how long ago the last sync was, as a person would', () => {
    expect(lastSyncedText(null, NOW)).toBe('Not synced yet');
    expect(lastSyncedText(NOW - 10_000, NOW)).toBe('Last synced just now');
    // Main's clock slightly ahead of this window's is not "in 3 seconds".
    expect(timeAgo(NOW + 3_000, NOW)).toBe('just now');
    expect(lastSyncedText(NOW - 2 * MINUTE, NOW)).toBe('Last synced 2 min ago');
    expect(timeAgo(NOW - 59 * MINUTE, NOW)).toBe('59 min ago');
    expect(timeAgo(NOW - 61 * MINUTE, NOW)).toBe('1 hour ago');
    expect(timeAgo(NOW - 5 * 60 * MINUTE, NOW)).toBe('5 hours ago');
    expect(timeAgo(NOW - 30 * 60 * MINUTE, NOW)).toBe('yesterday');
    expect(timeAgo(NOW - 4 * 24 * 60 * MINUTE, NOW)).toBe('4 days ago');
  });

  it('describes the first download with grouped row counts and tables done', () => {
    expect(progressText({ table: 'appointments', rows: 9000, total: 12345, tablesDone: 7, tablesTotal: 31 })).toBe(
      'Downloading clinic data: 12,345 rows (7 of 31 tables)',
    );
    expect(progressText({ table: null, rows: 0, total: 1, tablesDone: 0, tablesTotal: 1 })).toBe('Downloading clinic data: 1 row (0 of 1 table)');
  });

  it('says where a paused first download stopped', () => {
    expect(pausedProgressText({ table: 'patients', rows: 10, total: 12345, tablesDone: 1, tablesTotal: 31 })).toBe('Download paused at 12,345 rows (1 of 31 tables)');
  });
});
