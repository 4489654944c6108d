import { describe, expect, it } from 'vitest';
import { answerFromPage, type LogPage } from './shape.routes';

const touched = { tables: ['facilities'], clients: new Map<string, Set<string>>() };
const message = (version: number, op: number) => ({
  version, op, touched, head: `{"v":${version},"op":${op},"tables":`, tail: '}',
});
const log = (version: number, op: number) => ({ kind: 'log' as const, version, op });
const INF = Number.MAX_SAFE_INTEGER;

/** A page read from version 10: transaction 11 (two changes), 12 (one), 14 (one); the log examined up to 14_3. */
const page = (full: boolean): LogPage => ({
  from: log(10, INF),
  version: 15,
  messages: [message(11, 1), message(11, 2), message(12, 1), message(14, 2)],
  full,
  end: log(14, 3),
});

/** The changes an answer carries, as [version, op, last]. */
function changes(body: readonly unknown[]): [number, number, boolean][] {
  const text = body.map((piece) => (typeof piece === 'string' ? piece : JSON.stringify((piece as typeof touched).tables))).join('');
  return (JSON.parse(text) as { v?: number; op?: number; last?: boolean }[])
    .filter((entry) => entry.v !== undefined)
    .map((entry) => [entry.v as number, entry.op as number, entry.last === true]);
}

describe('answerFromPage: one read of the log answers requests at different offsets', () => {
  it('gives the reader everything after its offset, each transaction closed with last: true', () => {
    const answer = answerFromPage(page(false), log(10, INF));
    expect(changes(answer?.body ?? [])).toEqual([[11, 1, false], [11, 2, true], [12, 1, true], [14, 2, true]]);
    expect(answer).toMatchObject({ status: 200, offset: '15_inf', upToDate: true, hasData: true });
  });

  it('gives a request at a later offset only what follows it, up to date at the same version', () => {
    expect(changes(answerFromPage(page(false), log(11, INF))?.body ?? [])).toEqual([[12, 1, true], [14, 2, true]]);
    const caughtUp = answerFromPage(page(false), log(14, INF));
    expect(changes(caughtUp?.body ?? [])).toEqual([]);
    expect(caughtUp).toMatchObject({ offset: '15_inf', upToDate: true, hasData: false });
  });

  it('keeps a full page not up to date, its next offset the last entry examined', () => {
    expect(answerFromPage(page(true), log(12, INF))).toMatchObject({ offset: '14_3', upToDate: false, hasData: true });
  });

  it('cannot answer an offset before the page, nor one at or past the end of a full page', () => {
    expect(answerFromPage(page(false), log(9, INF))).toBeNull();
    expect(answerFromPage(page(true), log(14, 3))).toBeNull();
    expect(answerFromPage(page(true), log(14, INF))).toBeNull();
  });
});
