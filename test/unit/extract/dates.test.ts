import { afterEach, describe, expect, it } from 'vitest';
import { resolveDate, type DateGrain, type Tense } from '../../../src/extract/dates';

/** Sunday 3 May 2026, noon UTC. */
const SUN = Date.UTC(2026, 4, 3, 12);
/** Monday 8 May 2023, 1 pm UTC (a LoCoMo session date). */
const MON = Date.UTC(2023, 4, 8, 13);
const d = (y: number, m: number, day: number) => Date.UTC(y, m - 1, day);

type Case = [
  input: string,
  observed: number,
  at: number,
  grain: DateGrain,
  tense?: Tense,
  text?: string,
];

const CASES: Case[] = [
  ['We are adopting a puppy next Friday', SUN, d(2026, 5, 8), 'day', undefined, '8 May 2026'],
  [
    'I went to a conference last week',
    SUN,
    d(2026, 4, 26),
    'week',
    undefined,
    'the week before 3 May 2026',
  ],
  ['yesterday', SUN, d(2026, 5, 2), 'day', undefined, '2 May 2026'],
  ['I went to a support group yesterday', MON, d(2023, 5, 7), 'day', undefined, '7 May 2023'],
  ['in two weeks', SUN, d(2026, 5, 17), 'day', undefined, '17 May 2026'],
  ['we fly out in a fortnight', SUN, d(2026, 5, 17), 'day', undefined, '17 May 2026'],
  ['tomorrow', SUN, d(2026, 5, 4), 'day'],
  ['My thesis is due on the 15th', SUN, d(2026, 5, 15), 'day'],
  ['I paid rent on the 1st', SUN, d(2026, 5, 1), 'day', 'past'],
  ['I paid the bill on the 20th', SUN, d(2026, 4, 20), 'day', 'past'],
  ['I will visit in March', SUN, d(2027, 3, 1), 'month', undefined, 'March 2027'],
  ['I moved here in March', SUN, d(2026, 3, 1), 'month', 'past', 'March 2026'],
  ['We hiked a lot last summer', SUN, d(2025, 6, 1), 'month', undefined, 'summer 2025'],
  ['two days ago', SUN, d(2026, 5, 1), 'day'],
  ['next month', SUN, d(2026, 6, 1), 'month', undefined, 'June 2026'],
  ['We are going camping this weekend', MON, d(2023, 5, 13), 'week'],
  ['May 8, 2023', SUN, d(2023, 5, 8), 'day', undefined, '8 May 2023'],
  ['I saw her last Friday', SUN, d(2026, 5, 1), 'day'],
  ['I saw her on Friday', SUN, d(2026, 5, 1), 'day', 'past'],
  ['I am seeing her on Friday', SUN, d(2026, 5, 8), 'day', 'future'],
  ['next year', SUN, d(2027, 1, 1), 'year', undefined, '2027'],
  ['last year', SUN, d(2025, 1, 1), 'year', undefined, '2025'],
  ['I started coding in 2020', SUN, d(2020, 1, 1), 'year', undefined, '2020'],
  ['a few days ago', SUN, d(2026, 4, 30), 'day'],
  ['last night', SUN, d(2026, 5, 2), 'day'],
  ['this morning', SUN, d(2026, 5, 3), 'day'],
  ['tonight', MON, d(2023, 5, 8), 'day'],
  ['two weeks ago', SUN, d(2026, 4, 19), 'week', undefined, '2 weeks before 3 May 2026'],
  [
    'We went camping last weekend',
    MON,
    d(2023, 5, 6),
    'week',
    undefined,
    'the weekend before 8 May 2023',
  ],
  ['last weekend', SUN, d(2026, 4, 25), 'week'],
  ['two weekends ago', MON, d(2023, 4, 29), 'week', undefined, '2 weekends before 8 May 2023'],
  ['the 15th of June', SUN, d(2026, 6, 15), 'day'],
  ['in June 2022', SUN, d(2022, 6, 1), 'month', undefined, 'June 2022'],
  ['I was born on 3/4/1990', SUN, d(1990, 3, 4), 'day'],
  ['in 3 months', SUN, d(2026, 8, 1), 'month'],
  ['on Tuesday at 3pm', MON, d(2023, 5, 9), 'day', 'future'],
  ['last winter', SUN, d(2025, 12, 1), 'month', undefined, 'winter 2025'],
  ['this summer', SUN, d(2026, 6, 1), 'month', undefined, 'summer 2026'],
  ['two years ago', SUN, d(2024, 1, 1), 'year'],
  ['next week', MON, d(2023, 5, 15), 'week', undefined, 'the week after 8 May 2023'],
  ['on December 24th', SUN, d(2026, 12, 24), 'day', 'future'],
  ['on December 24th', SUN, d(2025, 12, 24), 'day', 'past'],
];

describe('resolveDate', () => {
  it('has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES)('%s (observed %i)', (input, observed, at, grain, tense, text) => {
    const r = resolveDate(input, observed, tense ? { tense } : {});
    expect(r).not.toBeNull();
    expect(new Date(r!.at).toISOString().slice(0, 10)).toBe(
      new Date(at).toISOString().slice(0, 10),
    );
    expect(r!.at).toBe(at);
    expect(r!.grain).toBe(grain);
    if (text) expect(r!.text).toBe(text);
  });

  it.each([
    'I have 2 kids and 3 cats',
    'I am 32 years old',
    'I may go to the gym',
    'We upgraded to version 2.10.3',
    'Meet at 5',
    'I love pizza',
    '',
  ])('finds no date in %j', (input) => {
    expect(resolveDate(input, SUN)).toBeNull();
  });

  it('gives the span and a phrase to substitute', () => {
    const r = resolveDate('I went to a support group yesterday and loved it', MON)!;
    expect(r.match).toBe('yesterday');
    expect(r.index).toBe('I went to a support group '.length);
    expect(r.phrase).toBe('on 7 May 2023');
    const m = resolveDate('I moved to Berlin in May', Date.UTC(2026, 5, 10))!;
    expect(m.match).toBe('in May');
    expect(m.phrase).toBe('in May 2026');
  });
});

describe('a weekend that names its date', () => {
  it('"the weekend of June 13" is 13 June, not this weekend', () => {
    const at = Date.UTC(2026, 3, 2, 10);
    for (const t of [
      "Not the weekend of June 13 though, that's my friend's wedding.",
      "We're away on the weekend of June 13.",
    ])
      expect(resolveDate(t, at), t).toMatchObject({ at: Date.UTC(2026, 5, 13), grain: 'day' });
    expect(resolveDate("I'm free this weekend.", at)?.at).not.toBe(Date.UTC(2026, 5, 13));
  });
});

describe('resolveDate is independent of the machine time zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });
  it.each(['Pacific/Kiritimati', 'America/Los_Angeles', 'Asia/Kolkata'])('in %s', (tz) => {
    process.env.TZ = tz;
    // 23:30 UTC on Sunday: already Monday in Kiritimati, still Sunday afternoon in LA.
    const late = Date.UTC(2026, 4, 3, 23, 30);
    expect(resolveDate('yesterday', late)!.at).toBe(d(2026, 5, 2));
    expect(resolveDate('next Friday', late)!.at).toBe(d(2026, 5, 8));
    expect(resolveDate('tomorrow', late)!.at).toBe(d(2026, 5, 4));
    expect(resolveDate('in March', late, { tense: 'past' })!.at).toBe(d(2026, 3, 1));
  });
});
