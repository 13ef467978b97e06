/**
 * Scoring of the memory-scenario benchmark, exactly as ../shared/data/memory-scenarios/README.md
 * defines it (the contract: two honest runners give the same figures). Pure functions of
 * the probes' expectations and what was injected; nothing here runs the engine.
 *
 * @example
 * checkProbe({ include: [['Berlin']], exclude: ['Lisbon'] }, [{ text: 'User lives in Berlin.' }]);
 * // → { pass: true, reasons: [], stale: false, missed: false, … }
 */
import { round } from './stats';

export interface ProbeExpect {
  /** Groups of alternatives: every group needs a current item containing one of them. */
  include?: string[][];
  /** No current item may contain any of these. */
  exclude?: string[];
  /** Nothing at all may be injected. */
  none?: boolean;
  /** Each include group is matched by one current item only. */
  once?: boolean;
}

/** An injected item as the scoring sees it. */
export interface ScoredItem {
  text: string;
  /** Shown as history ("earlier, until …"): not current, so `exclude` ignores it. */
  history?: boolean;
}

export interface ProbeCheck {
  pass: boolean;
  /** `missing: …`, `stale: …`, `injected: n item(s)`, `twice: …` */
  reasons: string[];
  stale: boolean;
  missed: boolean;
  falseInjection: boolean;
  duplicate: boolean;
}

const contains = (text: string, s: string) => text.toLowerCase().includes(s.toLowerCase());

export function checkProbe(expect: ProbeExpect, items: readonly ScoredItem[]): ProbeCheck {
  const current = items.filter((i) => i.history !== true);
  const reasons: string[] = [];
  let missed = false;
  let duplicate = false;
  let stale = false;
  for (const group of expect.include ?? []) {
    const matched = current.filter((i) => group.some((alt) => contains(i.text, alt))).length;
    if (matched === 0) {
      missed = true;
      reasons.push(`missing: ${group.join(' | ')}`);
    } else if (expect.once && matched > 1) {
      duplicate = true;
      reasons.push(`twice: ${group.join(' | ')}`);
    }
  }
  for (const s of expect.exclude ?? [])
    if (current.some((i) => contains(i.text, s))) {
      stale = true;
      reasons.push(`stale: ${s}`);
    }
  const falseInjection = expect.none === true && items.length > 0;
  if (falseInjection) reasons.push(`injected: ${items.length} item(s)`);
  return { pass: reasons.length === 0, reasons, stale, missed, falseInjection, duplicate };
}

/** What the aggregate needs of one scored probe. */
export interface ProbeOutcome {
  tags: readonly string[];
  expect: ProbeExpect;
  check: ProbeCheck;
  items: number;
  tokens: number;
}

export interface ScenarioSummary {
  probes: number;
  passed: number;
  passedPct: number;
  byTag: Record<string, { n: number; passed: number; passedPct: number }>;
  stalePct: number;
  missedPct: number;
  falseInjectionPct: number;
  duplicatePct: number;
  emptyPassPct: number;
  /** Probes that got at least one item: what `meanItems` and `meanTokens` average over. */
  nonEmpty: number;
  meanItems: number;
  meanTokens: number;
  /** How many probes each share above is taken of. */
  denominators: { exclude: number; include: number; none: number; once: number };
}

const pct = (n: number, of: number) => (of ? round((n / of) * 100, 1) : 0);

export function summarise(outcomes: readonly ProbeOutcome[]): ScenarioSummary {
  const n = outcomes.length;
  const share = (has: (o: ProbeOutcome) => boolean, hit: (o: ProbeOutcome) => boolean) => {
    const of = outcomes.filter(has);
    return { of: of.length, pct: pct(of.filter(hit).length, of.length) };
  };
  const stale = share(
    (o) => !!o.expect.exclude?.length,
    (o) => o.check.stale,
  );
  const missed = share(
    (o) => !!o.expect.include?.length,
    (o) => o.check.missed,
  );
  const none = share(
    (o) => o.expect.none === true,
    (o) => o.check.falseInjection,
  );
  const once = share(
    (o) => o.expect.once === true,
    (o) => o.check.duplicate,
  );
  const tags: ScenarioSummary['byTag'] = {};
  for (const o of outcomes)
    for (const t of o.tags) {
      const row = (tags[t] ??= { n: 0, passed: 0, passedPct: 0 });
      row.n++;
      if (o.check.pass) row.passed++;
    }
  for (const row of Object.values(tags)) row.passedPct = pct(row.passed, row.n);
  const injected = outcomes.filter((o) => o.items > 0);
  const passed = outcomes.filter((o) => o.check.pass).length;
  return {
    probes: n,
    passed,
    passedPct: pct(passed, n),
    byTag: Object.fromEntries(
      Object.entries(tags).sort(([a, x], [b, y]) => y.passedPct - x.passedPct || (a < b ? -1 : 1)),
    ),
    stalePct: stale.pct,
    missedPct: missed.pct,
    falseInjectionPct: none.pct,
    duplicatePct: once.pct,
    emptyPassPct: pct(outcomes.filter((o) => !o.expect.include?.length).length, n),
    nonEmpty: injected.length,
    meanItems: injected.length
      ? round(injected.reduce((s, o) => s + o.items, 0) / injected.length, 1)
      : 0,
    meanTokens: injected.length
      ? round(injected.reduce((s, o) => s + o.tokens, 0) / injected.length, 1)
      : 0,
    denominators: { exclude: stale.of, include: missed.of, none: none.of, once: once.of },
  };
}
