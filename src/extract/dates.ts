/**
 * Resolve the date a sentence talks about ("next Friday", "last week", "in March") to an
 * absolute date, relative to when the sentence was said. Everything is computed in UTC so
 * the result does not depend on the machine's time zone: `at` is 00:00 UTC of the first day
 * of the period (the day, the month, the year, the season; for week-grain expressions, the
 * day the expression points to, e.g. seven days before for "last week").
 *
 * chrono-node does the parsing; a few colloquial forms it misses (seasons, "the 15th",
 * "in 2020", weekends, "two weekends ago") are handled here.
 *
 * @example
 * resolveDate('We are adopting a puppy next Friday', Date.UTC(2026, 4, 3));
 * // { at: Date.UTC(2026, 4, 8), text: '8 May 2026', grain: 'day', phrase: 'on 8 May 2026', … }
 */
import * as chrono from 'chrono-node';
import nlp from 'compromise';
import { DAY_MS as DAY, MONTH_NAMES } from '../search/when';

export type DateGrain = 'day' | 'week' | 'month' | 'year';
export type Tense = 'past' | 'present' | 'future';

export interface ResolvedDate {
  /** 00:00 UTC of the start of the period (ms since epoch). */
  at: number;
  /** The absolute date in words: "8 May 2026", "March 2027", "the week before 8 May 2023". */
  text: string;
  grain: DateGrain;
  /** `text` with the preposition a sentence needs: "on 8 May 2026", "in March 2027". */
  phrase: string;
  /** The expression as it appears in the input, and where. */
  match: string;
  index: number;
}

export interface ResolveOptions {
  /** The tense of the sentence; inferred from the input when absent. */
  tense?: Tense;
}

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

export function formatDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

function formatMonth(ms: number): string {
  const d = new Date(ms);
  return `${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

const FUTURE_RE =
  /\b(?:will|won't|shall|going to|gonna|plan(?:ning)? to|next|tomorrow|upcoming|coming|soon|later|in (?:a|an|one|two|three|four|five|six|few|couple|\d+)\b)|'ll\b/i;
const PAST_RE = /\b(?:ago|last|yesterday|previous|earlier|used to)\b/i;

/** Tense of a sentence, for choosing the direction of ambiguous dates ("on Friday"). */
export function inferTense(sentence: string): Tense {
  if (FUTURE_RE.test(sentence)) return 'future';
  if (PAST_RE.test(sentence)) return 'past';
  const doc = nlp(sentence);
  if (doc.has('#PastTense') && !doc.has('#Gerund')) return 'past';
  if (doc.has('(will|#Modal) #Verb')) return 'future';
  return 'present';
}

function result(
  at: number,
  grain: DateGrain,
  match: string,
  index: number,
  text?: string,
  phrase?: string,
): ResolvedDate {
  const t =
    text ??
    (grain === 'day'
      ? formatDay(at)
      : grain === 'month'
        ? formatMonth(at)
        : grain === 'year'
          ? String(new Date(at).getUTCFullYear())
          : `the week of ${formatDay(at)}`);
  const p = phrase ?? (grain === 'day' ? `on ${t}` : `in ${t}`);
  return { at, text: t, grain, phrase: p, match, index };
}

const NUM_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  couple: 2,
  'a couple': 2,
  'a couple of': 2,
  few: 3,
  'a few': 3,
};

function toNumber(word: string): number | null {
  const w = word.toLowerCase().trim();
  if (/^\d+$/.test(w)) return Number(w);
  return NUM_WORDS[w] ?? null;
}

const SEASONS: Record<string, number> = { spring: 2, summer: 5, autumn: 8, fall: 8, winter: 11 };

/** Seasons (northern hemisphere, meteorological): "last summer", "this winter", "summer 2022". */
function season(input: string, observedAt: number, tense: Tense): ResolvedDate | null {
  const m =
    /\b(?:(last|this|next|past|previous|coming)\s+)?(spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?((?:19|20)\d{2})\b)?/i.exec(
      input,
    );
  if (!m) return null;
  const mod = (m[1] ?? '').toLowerCase();
  const name = (m[2] ?? '').toLowerCase();
  const lead = input.slice(0, m.index);
  // "every summer" is a recurrence; "fall asleep", "a hot spring" are no season at all.
  if (RECURRING_BEFORE.test(lead)) return null;
  if (
    (name === 'fall' || name === 'spring') &&
    !mod &&
    !m[3] &&
    !/\b(?:in|during|over|by|until|through|since)\s+(?:the\s+)?$/i.test(lead)
  )
    return null;
  const startMonth = SEASONS[name === 'fall' ? 'autumn' : name] ?? 0;
  const obs = new Date(observedAt);
  const start = (y: number) => Date.UTC(y, startMonth, 1);
  const end = (y: number) => Date.UTC(y, startMonth + 3, 1);
  let year: number;
  if (m[3]) year = Number(m[3]);
  else {
    const y = obs.getUTCFullYear();
    // The occurrence in progress or most recently started, then step by direction.
    let cur = start(y) <= observedAt ? y : y - 1;
    if (mod === 'last' || mod === 'past' || mod === 'previous') {
      // "last summer" said during or before this year's summer is the one a year earlier.
      if (end(cur) > observedAt) cur -= 1;
      year = cur;
    } else if (mod === 'next' || mod === 'coming') {
      year = cur + 1;
    } else if (mod === 'this') {
      year = end(cur) > observedAt ? cur : cur + 1;
      if (tense === 'past') year = cur;
    } else if (tense === 'past') {
      year = end(cur) > observedAt ? cur - 1 : cur;
      if (start(cur) <= observedAt && end(cur) > observedAt) year = cur;
    } else {
      year = end(cur) > observedAt ? cur : cur + 1;
    }
  }
  const label = `${name === 'fall' ? 'autumn' : name} ${year}`;
  return result(start(year), 'month', m[0], m.index, label, `in ${label}`);
}

/** "the 15th" alone: a day of the current month (or the next/previous one by tense). */
function ordinalDay(input: string, observedAt: number, tense: Tense): ResolvedDate | null {
  const m =
    /\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))/i.exec(
      input,
    );
  if (!m) return null;
  const day = Number(m[1]);
  if (day < 1 || day > 31) return null;
  const obs = new Date(observedAt);
  let y = obs.getUTCFullYear();
  let mo = obs.getUTCMonth();
  const today = obs.getUTCDate();
  if (tense === 'past' && day > today) mo -= 1;
  else if (tense !== 'past' && day < today) mo += 1;
  if (mo < 0) {
    mo = 11;
    y -= 1;
  } else if (mo > 11) {
    mo = 0;
    y += 1;
  }
  return result(Date.UTC(y, mo, day), 'day', m[0], m.index);
}

/** Weekends: "last weekend", "this weekend", "next weekend", "two weekends ago". */
function weekend(input: string, observedAt: number): ResolvedDate | null {
  const m =
    /\b(?:(last|this|next|past|previous|coming)\s+weekend|((?:\d+|a|one|two|three|four|a couple of|a few))\s+weekends?\s+ago|(?:over|on|at)\s+the\s+weekend)\b/i.exec(
      input,
    );
  if (!m) return null;
  const day0 = startOfDay(observedAt);
  const wd = new Date(day0).getUTCDay(); // 0 = Sunday, 6 = Saturday
  // Saturday of the weekend that contains or most recently preceded the observed day.
  const lastSat = day0 - ((wd + 1) % 7) * DAY;
  const inWeekend = wd === 0 || wd === 6;
  const obsText = formatDay(observedAt);
  const mod = (m[1] ?? '').toLowerCase();
  if (m[2]) {
    const n = toNumber(m[2]) ?? 1;
    const at = (inWeekend ? lastSat - 7 * DAY : lastSat) - (n - 1) * 7 * DAY;
    const t = `${n === 1 ? 'the weekend' : `${n} weekends`} before ${obsText}`;
    return result(at, 'week', m[0], m.index, t, t);
  }
  if (mod === 'last' || mod === 'past' || mod === 'previous') {
    const at = inWeekend ? lastSat - 7 * DAY : lastSat;
    const t = `the weekend before ${obsText}`;
    return result(at, 'week', m[0], m.index, t, `on ${t}`);
  }
  if (mod === 'next' || mod === 'coming') {
    const at = lastSat + 7 * DAY + (inWeekend ? 7 * DAY : 0);
    const t = `the weekend of ${formatDay(at)}`;
    return result(at, 'week', m[0], m.index, t, `on ${t}`);
  }
  // "this weekend" / "over the weekend": the current weekend, else the coming one.
  const at = inWeekend ? lastSat : lastSat + 7 * DAY;
  const t = `the weekend of ${formatDay(at)}`;
  return result(at, 'week', m[0], m.index, t, `on ${t}`);
}

/** Weeks relative to the observation: "last week", "next week", "two weeks ago", "in 3 weeks". */
function weeks(input: string, observedAt: number): ResolvedDate | null {
  const m =
    /\b(?:(last|this|next|past|previous|coming)\s+week|(\d+|a|one|two|three|four|five|six|a couple of|a few)\s+weeks?\s+ago|in\s+(\d+|a|one|two|three|four|five|six|a couple of|a few)\s+weeks?|in\s+(a\s+fortnight|two\s+weeks'\s+time)|(\d+|a|one|two|three|four|five|six)\s+weeks?\s+(?:from\s+(?:today|now)|today))\b(?!\s*end)/i.exec(
      input,
    );
  if (!m) return null;
  const day0 = startOfDay(observedAt);
  const obsText = formatDay(observedAt);
  const mod = (m[1] ?? '').toLowerCase();
  if (m[2]) {
    const n = toNumber(m[2]) ?? 1;
    const t = n === 1 ? `the week before ${obsText}` : `${n} weeks before ${obsText}`;
    return result(day0 - n * 7 * DAY, 'week', m[0], m.index, t, n === 1 ? `in ${t}` : t);
  }
  if (m[3] || m[4] || m[5]) {
    // "in three weeks", "in a fortnight", "three weeks from today": from the day it was said.
    const n = m[4] ? 2 : (toNumber((m[3] ?? m[5])!) ?? 1);
    const at = day0 + n * 7 * DAY;
    return result(at, 'day', m[0], m.index, formatDay(at), `on ${formatDay(at)}`);
  }
  if (mod === 'last' || mod === 'past' || mod === 'previous') {
    const t = `the week before ${obsText}`;
    return result(day0 - 7 * DAY, 'week', m[0], m.index, t, `in ${t}`);
  }
  if (mod === 'next' || mod === 'coming') {
    const t = `the week after ${obsText}`;
    return result(day0 + 7 * DAY, 'week', m[0], m.index, t, `in ${t}`);
  }
  const t = `the week of ${obsText}`;
  return result(day0, 'week', m[0], m.index, t, `in ${t}`);
}

/** A bare year after a preposition: "in 2020", "since 2019", "back in 2015". */
function bareYear(input: string): ResolvedDate | null {
  const m = /\b(?:in|since|during|from|until|by|of)\s+((?:19|20)\d{2})\b(?![/.\-:]\d)/i.exec(input);
  if (!m || !m[1]) return null;
  const y = Number(m[1]);
  const idx = m.index + m[0].indexOf(m[1]);
  return result(Date.UTC(y, 0, 1), 'year', m[1], idx);
}

const PART_OF_DAY = /\b(?:today|tonight|this (?:morning|afternoon|evening)|last night)\b/i;
/** "every Sunday", "each morning", "once a week": a recurrence, not a date. */
const RECURRING_BEFORE =
  /\b(?:every|each|per|once an?|twice an?|\d+ times an?)\s+(?:other\s+|single\s+)?$/i;
/**
 * What chrono reads as a date but is not one: a bare "now" or part of the day, and durations
 * ("12 weeks along", "for 40 minutes", "5 days a week", "a day") with no "ago", "in" or "later".
 */
const NOT_A_DATE =
  /^(?:(?:right )?now|a second|second|night|morning|evening|afternoon|noon|midnight)$|^(?:for\s+)?(?:about\s+|around\s+|almost\s+|nearly\s+|over\s+)?(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|few|a couple of|couple of|several)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?)(?:\s+(?:a|per)\s+\w+)?$/i;
const LOWERCASE_FALSE_MONTHS = /^(?:may|march|june|august|sat|sun|mon|wed|second|a? ?sec)$/;

/** "the weekend of June 13" names its own date: its "weekend" is not this one. */
const weekendOfADate = (match: string, after: string) =>
  /weekend$/i.test(match) && /^\s+of\b/i.test(after);

function fromChrono(input: string, observedAt: number, tense: Tense): ResolvedDate | null {
  const ref = { instant: new Date(observedAt), timezone: 0 };
  const results = chrono.parse(input, ref, { forwardDate: tense !== 'past' });
  for (const r of results) {
    const known = r.start;
    const txt = r.text;
    if (LOWERCASE_FALSE_MONTHS.test(txt)) continue; // "I may go", "we march"
    if (NOT_A_DATE.test(txt.trim())) continue;
    if (RECURRING_BEFORE.test(input.slice(0, r.index))) continue; // "every Sunday"
    if (/^s\b|^-/.test(input.slice(r.index + txt.length))) continue; // "on Sundays", "second-year"
    if (/^\d+s\b/.test(txt)) continue; // "3 x 12s a week", "the 80s"
    // "knackered by wednesday every week", "on Saturday mornings": a habit, not a date.
    if (
      /^\s*(?:every|each) (?:week|month|day|year|time)\b|^\s+(?:mornings|afternoons|evenings|nights)\b/i.test(
        input.slice(r.index + txt.length),
      )
    )
      continue;
    if (/^\s*(?:old|of age)\b/i.test(input.slice(r.index + txt.length))) continue; // "32 years old"
    if (weekendOfADate(txt, input.slice(r.index + txt.length))) continue;
    const hasDay = known.isCertain('day') || known.isCertain('weekday');
    const hasMonth = known.isCertain('month');
    const hasYear = known.isCertain('year');
    const partOfDay = PART_OF_DAY.test(txt);
    if (!hasDay && !hasMonth && !hasYear && !partOfDay) continue; // times alone, "at 5"
    const y = known.get('year') ?? new Date(observedAt).getUTCFullYear();
    const mo = (known.get('month') ?? 1) - 1;
    const d = known.get('day') ?? 1;
    let grain: DateGrain;
    let at: number;
    if (hasDay || partOfDay) {
      grain = 'day';
      at = Date.UTC(y, mo, d);
    } else if (hasMonth) {
      grain = 'month';
      at = Date.UTC(y, mo, 1);
    } else {
      grain = 'year';
      at = Date.UTC(y, 0, 1);
    }
    // "we got married two years ago today": that very day, so many years back.
    const yearsAgo = /^(\w+) years? ago$/i.exec(txt);
    let todayAfter = '';
    if (yearsAgo && /^\s+today\b/i.test(input.slice(r.index + txt.length))) {
      const day = new Date(startOfDay(observedAt));
      grain = 'day';
      at = Date.UTC(known.get('year') ?? day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
      todayAfter = ' today';
    }
    // chrono's forwardDate pushes "this morning" said at noon to tomorrow: it means today.
    if (/^(?:this (?:morning|afternoon|evening)|today|tonight|now)$/i.test(txt))
      at = startOfDay(observedAt);
    else if (/^last night$/i.test(txt)) at = startOfDay(observedAt) - DAY;
    // "accepted the offer, starting in June": a start or a due date looks ahead whatever
    // the sentence's tense.
    const explicitFuture =
      /\b(?:next|tomorrow|in \w+ (?:days?|months?|years?)|coming)\b/i.test(txt) ||
      /\b(?:starting|beginning|effective|due)\s+(?:on\s+|in\s+|from\s+)?$/i.test(
        input.slice(Math.max(0, r.index - 24), r.index),
      );
    // Past-tense sentence, ambiguous expression in the future: step back one period.
    if (tense === 'past' && !explicitFuture && !hasYear && at > startOfDay(observedAt)) {
      if (grain === 'day' && known.isCertain('weekday') && !known.isCertain('day')) at -= 7 * DAY;
      else if (grain === 'day' || grain === 'month') {
        const dt = new Date(at);
        at = Date.UTC(dt.getUTCFullYear() - 1, dt.getUTCMonth(), dt.getUTCDate());
      }
    }
    // Include a preceding "on"/"in" so a caller replacing `match` with `phrase` reads right.
    let index = r.index;
    let match = txt + todayAfter;
    const before = input.slice(Math.max(0, index - 7), index);
    const prep = /\b(on|in|at|during)\s+$/i.exec(before);
    if (prep && !/^(?:on|in|at|during)\b/i.test(txt)) {
      index -= prep[0].length;
      match = prep[0] + txt;
    }
    return result(at, grain, match, index);
  }
  return null;
}

/** Words that make "on the weekend" a habit ("I usually run on the weekend"), not a date. */
const HABITUAL = /\b(?:usually|always|often|normally|typically|generally|every|most|each)\b/i;

/**
 * "a weekend hike" names a kind of hike, not a weekend; "on the weekend" in a habit names no
 * one weekend.
 */
function notADate(match: string, text: string): boolean {
  const m = match.trim().toLowerCase();
  return m === 'weekend' || (HABITUAL.test(text) && /^(?:over|on|at) the weekend$/.test(m));
}

/**
 * The first date expression in `input`, resolved against `observedAt`; null when there is none.
 * Future-tense sentences resolve ambiguous expressions forwards ("on Friday" → the coming
 * Friday), past-tense ones backwards.
 */
export function resolveDate(
  input: string,
  observedAt: number,
  opts: ResolveOptions = {},
): ResolvedDate | null {
  if (!input || !Number.isFinite(observedAt)) return null;
  const text = input.length > 2000 ? input.slice(0, 2000) : input;
  const tense = opts.tense ?? inferTense(text);
  const found = [
    season(text, observedAt, tense),
    weekend(text, observedAt),
    weeks(text, observedAt),
    fromChrono(text, observedAt, tense),
    ordinalDay(text, observedAt, tense),
    bareYear(text),
  ]
    .filter((r): r is ResolvedDate => r !== null)
    .filter((r) => !weekendOfADate(r.match, text.slice(r.index + r.match.length)))
    .filter((r) => !notADate(r.match, text));
  if (found.length === 0) return null;
  // The earliest expression in the text wins; on a tie, the longer (more specific) one.
  found.sort((a, b) => a.index - b.index || b.match.length - a.match.length);
  const best = found[0]!;
  // chrono reads "the 15th of March" fully; prefer it over a partial custom hit at the same place.
  return best;
}
