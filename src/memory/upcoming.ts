/**
 * What is on the user's calendar, for a prompt that asks ("What have I got on tomorrow?", "Am
 * I free on Saturday?", "What's coming up for me in October?"): the plans and events whose
 * date falls in the window the prompt names, or in the next two weeks when it names none.
 *
 * Stored statements carry their dates written out ("User is having two wisdom teeth out on
 * 8 October 2026."), so the lexical index finds them by the window's month and year; the
 * memory's `eventAt` then decides. No memory is parsed that the index did not name.
 *
 * @example
 * windowOf('What have I got on tomorrow?', Date.UTC(2026, 9, 7, 9))
 * // { from: Date.UTC(2026, 9, 8), to: Date.UTC(2026, 9, 9) }
 */
import { DAY_MS as DAY, MONTH_NAMES } from '../search/when';
import { EngineState, EPISODE_PREFIX } from './state';
import type { Memory } from './types';

export interface Window {
  /** Start (inclusive) and end (exclusive), ms since epoch, UTC days. */
  from: number;
  to: number;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** With nothing named, "coming up" means the next two weeks. */
const DEFAULT_DAYS = 14;
/** How many statements the month words may bring before the date check. */
const CANDIDATES = 60;

const startOfDay = (ms: number) => Math.floor(ms / DAY) * DAY;

function monthWindow(year: number, month: number): Window {
  return { from: Date.UTC(year, month, 1), to: Date.UTC(year, month + 1, 1) };
}

/** The days a calendar prompt asks about, counted from `now`. */
export function windowOf(prompt: string, now: number): Window {
  const p = prompt.toLowerCase();
  const today = startOfDay(now);
  const dow = new Date(today).getUTCDay();
  const day = (n: number, len = 1): Window => ({
    from: today + n * DAY,
    to: today + (n + len) * DAY,
  });
  if (/\btomorrow\b/.test(p)) return day(1);
  if (/\b(?:today|tonight|this (?:morning|afternoon|evening))\b/.test(p)) return day(0);
  if (/\b(?:this|the) weekend\b/.test(p)) {
    const toSat = (6 - dow + 7) % 7;
    return dow === 0 ? day(0) : day(toSat, 2);
  }
  if (/\bnext week\b/.test(p)) return day((8 - dow) % 7 || 7, 7);
  if (/\bthis week\b|\bmy week\b/.test(p)) return day(0, (8 - dow) % 7 || 7);
  const y = new Date(today).getUTCFullYear();
  const m = new Date(today).getUTCMonth();
  if (/\bnext month\b/.test(p)) return monthWindow(y, m + 1);
  if (/\bthis month\b/.test(p)) return { from: today, to: Date.UTC(y, m + 1, 1) };
  const named = MONTH_NAMES.findIndex((name) => new RegExp(`\\b${name.toLowerCase()}\\b`).test(p));
  if (named >= 0) return named >= m ? monthWindow(y, named) : monthWindow(y + 1, named);
  const weekday = WEEKDAYS.findIndex((name) => new RegExp(`\\b${name}\\b`).test(p));
  if (weekday >= 0) return day((weekday - dow + 7) % 7 || 7);
  return day(0, DEFAULT_DAYS);
}

/** The month-and-year words of a window ("october 2026"), as a lexical query. */
function monthWords(w: Window): string {
  const out = new Set<string>();
  for (let t = w.from; t < w.to; t += DAY) {
    const d = new Date(t);
    out.add(`${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}`);
  }
  return [...out].join(' ');
}

/** The current plans and events in the window a prompt names, soonest first. */
export function upcoming(
  s: EngineState,
  prompt: string,
  buckets: readonly string[] | undefined,
): Memory[] {
  const w = windowOf(prompt, s.env.clock.now());
  const mask = s.table.mask({ ...(buckets ? { buckets } : {}) });
  const ok = (id: string) => {
    const row = s.table.rowOf(id);
    return row !== undefined && mask[row] === 1 && !id.startsWith(EPISODE_PREFIX);
  };
  const out: Memory[] = [];
  for (const h of s.lexical.search(monthWords(w), CANDIDATES, ok)) {
    const m = s.memories.get(h.id);
    if (!m || m.status !== 'active' || m.eventAt === undefined) continue;
    if (m.eventAt >= w.from && m.eventAt < w.to) out.push(m);
  }
  return out.sort((a, b) => a.eventAt! - b.eventAt!);
}
