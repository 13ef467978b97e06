/**
 * Dates named in a query ("on 9 November, 2022", "in June 2023", "May 3, 2023", "in July"),
 * as time ranges the ranking can match against when a memory was said or happened. Plain
 * patterns, no NLP library: this runs in the service worker on every search.
 *
 * @example
 * queryDates('What did I cook on 9 November, 2022?', now);
 * // [{ from: Date.UTC(2022, 10, 9), to: Date.UTC(2022, 10, 10), grain: 'day' }]
 */

export interface DateRange {
  /** Start (inclusive) and end (exclusive), ms since epoch, UTC. */
  from: number;
  to: number;
  grain: 'day' | 'month';
}

/** The months' names, as dates are written out ("8 October 2026"); one list for the project. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const MONTHS = MONTH_NAMES.map((m) => m.slice(0, 3).toLowerCase());
const MONTH = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(\d{4})`;

const monthIndex = (m: string) => MONTHS.indexOf(m.toLowerCase().slice(0, 3));
export const DAY_MS = 86_400_000;

function dayRange(y: number, m: number, d: number): DateRange | undefined {
  if (m < 0 || d < 1 || d > 31 || y < 1900 || y > 2200) return undefined;
  const from = Date.UTC(y, m, d);
  return { from, to: from + DAY_MS, grain: 'day' };
}

function monthRange(y: number, m: number): DateRange | undefined {
  if (m < 0 || y < 1900 || y > 2200) return undefined;
  return { from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1), grain: 'month' };
}

/**
 * The dates a query names. A month without a year is the latest such month not after
 * `now`. Days win over the month they fall in (the month is not repeated).
 */
export function queryDates(query: string, now: number): DateRange[] {
  const out: DateRange[] = [];
  const used: [number, number][] = [];
  const free = (i: number, len: number) => used.every(([a, b]) => i + len <= a || i >= b);
  const take = (re: RegExp, make: (m: RegExpExecArray) => DateRange | undefined) => {
    for (const m of query.matchAll(re)) {
      const at = m.index ?? 0;
      if (!free(at, m[0].length)) continue;
      const r = make(m as RegExpExecArray);
      if (!r) continue;
      used.push([at, at + m[0].length]);
      out.push(r);
    }
  };
  // 2023-05-08
  take(/\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => dayRange(+m[1]!, +m[2]! - 1, +m[3]!));
  // 9 November, 2022 · 9th of November 2022
  take(new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MONTH}\.?,?\s+${YEAR}\b`, 'gi'), (m) =>
    dayRange(+m[3]!, monthIndex(m[2]!), +m[1]!),
  );
  // November 9, 2022
  take(new RegExp(String.raw`\b${MONTH}\.?\s+${DAY},?\s+${YEAR}\b`, 'gi'), (m) =>
    dayRange(+m[3]!, monthIndex(m[1]!), +m[2]!),
  );
  // June 2023
  take(new RegExp(String.raw`\b${MONTH}\.?,?\s+${YEAR}\b`, 'gi'), (m) =>
    monthRange(+m[2]!, monthIndex(m[1]!)),
  );
  // "in June", "during July", "last March": the latest such month up to now.
  take(
    new RegExp(
      String.raw`\b(?:in|during|last|this|since|early|late|mid)\s+(?:-\s*)?${MONTH}\b`,
      'gi',
    ),
    (m) => {
      const month = monthIndex(m[1]!);
      const n = new Date(now);
      let y = n.getUTCFullYear();
      if (month > n.getUTCMonth()) y--;
      return monthRange(y, month);
    },
  );
  return out;
}

/**
 * How well a time matches the named dates, 0..1: inside a day (±1 day for time zones) 1,
 * within a week of it 0.5; inside a month 1, within a week of its ends 0.5.
 */
export function dateMatch(at: readonly number[], ranges: readonly DateRange[]): number {
  let best = 0;
  for (const r of ranges)
    for (const t of at) {
      if (!Number.isFinite(t) || t <= 0) continue;
      const slack = r.grain === 'day' ? DAY_MS : 0;
      if (t >= r.from - slack && t < r.to + slack) return 1;
      if (t >= r.from - 7 * DAY_MS && t < r.to + 7 * DAY_MS) best = 0.5;
    }
  return best;
}
