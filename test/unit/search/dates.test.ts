/** Dates named in a query, and how an item's time matches them. */
import { describe, expect, it } from 'vitest';
import { dateMatch, queryDates } from '../../../src/search/when';

const NOW = Date.UTC(2023, 7, 20); // 20 August 2023
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);

describe('queryDates', () => {
  it.each([
    ['What did Nate make on 9 November, 2022?', day(2022, 11, 9)],
    ['What painting did she show on October 13, 2023?', day(2023, 10, 13)],
    ['Which book on 8th December, 2023?', day(2023, 12, 8)],
    ['notes from 2023-05-08 please', day(2023, 5, 8)],
    ['the 3rd of May 2023 dinner', day(2023, 5, 3)],
    ['What happened on Sept 1 2022', day(2022, 9, 1)],
  ])('%s → that day', (q, from) => {
    expect(queryDates(q, NOW)).toEqual([{ from, to: from + 86_400_000, grain: 'day' }]);
  });

  it('reads a month with a year, and a bare month as the latest one not after now', () => {
    expect(queryDates('What class did Maria start in December 2023?', NOW)).toEqual([
      { from: day(2023, 12, 1), to: day(2024, 1, 1), grain: 'month' },
    ]);
    // August is this month; September has not come yet this year: last year's.
    expect(queryDates('Where did I go camping in August?', NOW)[0]!.from).toBe(day(2023, 8, 1));
    expect(queryDates('What did I plant in September?', NOW)[0]!.from).toBe(day(2022, 9, 1));
  });

  it('does not count a day twice as its month, and finds several dates', () => {
    const r = queryDates('Between May 3, 2023 and June 2023', NOW);
    expect(r.map((x) => x.grain)).toEqual(['day', 'month']);
  });

  it('finds nothing in a query without a date, or with an impossible one', () => {
    expect(queryDates('What may I cook tonight?', NOW)).toEqual([]);
    expect(queryDates('How do I march in step?', NOW)).toEqual([]);
    expect(queryDates('on 45 June, 2023', NOW).filter((r) => r.grain === 'day')).toEqual([]);
  });
});

describe('dateMatch', () => {
  const [nov9] = queryDates('on 9 November, 2022', NOW);
  it('is 1 on the day (±1 for time zones), 0.5 within a week, 0 beyond', () => {
    expect(dateMatch([day(2022, 11, 9) + 3_600_000], [nov9!])).toBe(1);
    expect(dateMatch([day(2022, 11, 8) + 3_600_000], [nov9!])).toBe(1);
    expect(dateMatch([day(2022, 11, 14)], [nov9!])).toBe(0.5);
    expect(dateMatch([day(2022, 12, 9)], [nov9!])).toBe(0);
  });
  it('takes the best of several times (said, happened) and ignores missing ones', () => {
    expect(dateMatch([day(2023, 1, 1), day(2022, 11, 9)], [nov9!])).toBe(1);
    expect(dateMatch([0, Number.NaN], [nov9!])).toBe(0);
    expect(dateMatch([day(2022, 11, 9)], [])).toBe(0);
  });
});
