/**
 * The memory-scenario benchmark (`mnemo-memory-scenarios/1`, README in
 * ../shared/data/memory-scenarios/): each scenario's dated steps replayed through the
 * extension's background as a user would cause them (capture from a chat tab, the content
 * script's injection request, a delete in the popup, a grant in the settings), one fresh
 * database per scenario, then each probe scored (memory-score.ts).
 *
 * @example
 * const result = await runScenarios(file, { embedder });
 * console.log(result.summary.passedPct);
 */
import { siteSettingsOf } from '../config/settings';
import type { ForgetScope } from '../memory/types';
import type { Embedder, Extractor } from '../memory/types';
import type { InjectionItem } from '../messaging/protocol';
import type { SiteId } from '../sites/hosts';
import {
  contentScriptAt,
  createBenchBackground,
  EXTENSION_PAGE,
  type BenchBackground,
} from './memory-background';
import {
  checkProbe,
  summarise,
  type ProbeOutcome,
  type ProbeExpect,
  type ScenarioSummary,
} from './memory-score';

export const SCENARIO_FORMAT = 'mnemo-memory-scenarios/1';

export type ScenarioSite = 'chatgpt' | 'claude' | 'gemini' | 'perplexity';

export interface CaptureStep {
  at: string;
  site: ScenarioSite;
  conversation?: string;
  turns: ['user' | 'assistant', string][];
}
export interface AskStep {
  at?: string;
  site: ScenarioSite;
  ask: string;
  expect: ProbeExpect;
  tags?: string[];
  conversation?: string;
}
export interface ForgetStep {
  at?: string;
  forget: string;
}
export interface GrantStep {
  at?: string;
  grant: { site: ScenarioSite; reads: ScenarioSite };
}
export type ScenarioStep = CaptureStep | AskStep | ForgetStep | GrantStep;

export interface Scenario {
  id: string;
  tags: string[];
  note?: string;
  steps: ScenarioStep[];
}

export interface ScenarioFile {
  format: typeof SCENARIO_FORMAT;
  scenarios: Scenario[];
}

export function isScenarioFile(x: unknown): x is ScenarioFile {
  return (
    typeof x === 'object' &&
    x !== null &&
    (x as { format?: unknown }).format === SCENARIO_FORMAT &&
    Array.isArray((x as { scenarios?: unknown }).scenarios)
  );
}

/** Where a site's conversations live (the README's table). */
const CHAT_URL: Record<ScenarioSite, (conv: string) => string> = {
  chatgpt: (c) => `https://chatgpt.com/c/${c}`,
  claude: (c) => `https://claude.ai/chat/${c}`,
  gemini: (c) => `https://gemini.google.com/app/${c}`,
  perplexity: (c) => `https://www.perplexity.ai/search/${c}`,
};

export function chatUrl(site: string, conversation: string): string {
  const url = CHAT_URL[site as ScenarioSite];
  if (!url)
    throw new Error(
      `Unknown site "${site}" in the scenario file: use one of ${Object.keys(CHAT_URL).join(', ')}.`,
    );
  return url(encodeURIComponent(conversation));
}

export const MINUTE = 60_000;

/** 10:00 UTC of a `YYYY-MM-DD` date. */
export function tenOclock(day: string): number {
  const t = Date.parse(`${day.slice(0, 10)}T10:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`Unreadable date "${day}": write it as YYYY-MM-DD.`);
  return t;
}

/**
 * When a step starts: 10:00 UTC of its `at`, or a minute after the last moment the previous
 * step used (its last turn) if that is later. The clock never goes back.
 */
export function stepStart(at: string | undefined, last: number | undefined): number {
  const after = last === undefined ? undefined : last + MINUTE;
  if (at === undefined) {
    if (after === undefined) throw new Error('The first step of a scenario needs an "at" date.');
    return after;
  }
  return after === undefined ? tenOclock(at) : Math.max(tenOclock(at), after);
}

/** An injected item as the results keep it; `history` read from the item where it has one. */
export interface ResultItem {
  type: InjectionItem['type'];
  text: string;
  history?: boolean;
  tokens: number;
}

export interface ProbeResult {
  scenario: string;
  /** The probe's position among the scenario's asks, from 1. */
  probe: number;
  site: string;
  at: string;
  prompt: string;
  tags: string[];
  expect: ProbeExpect;
  pass: boolean;
  reasons: string[];
  items: ResultItem[];
  tokens: number;
}

export interface ScenarioRun {
  summary: ScenarioSummary;
  results: ProbeResult[];
  /** Per forget step: how many listed items were deleted (memories and turns). */
  forgets: { scenario: string; text: string; listed: number; deleted: number }[];
  scenarios: number;
  ms: number;
}

export interface ScenarioOptions {
  embedder: Embedder;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** In place of the rule extractor (see BenchBackgroundEnv.extractor). */
  extractor?: Extractor;
}

export function resultItemOf(i: InjectionItem): ResultItem {
  return { type: i.type, text: i.text, tokens: i.tokens, ...(i.history ? { history: true } : {}) };
}

/** A row the popup's list shows: a memory today; a stored turn once the list returns them. */
interface ListedRow {
  id: string;
  text: string;
}

/** What the popup's delete button sends for a row of the memory list. */
export function deleteRequestFor(row: ListedRow): ForgetScope {
  return { type: 'memory', id: row.id };
}

let dbSeq = 0;

export async function runScenarios(
  file: ScenarioFile,
  opts: ScenarioOptions,
): Promise<ScenarioRun> {
  const started = performance.now();
  const results: ProbeResult[] = [];
  const forgets: ScenarioRun['forgets'] = [];
  const outcomes: ProbeOutcome[] = [];
  for (const sc of file.scenarios) {
    const clock = { t: 0, now: () => clock.t };
    const bg = await createBenchBackground({
      embedder: opts.embedder,
      clock,
      dbName: `bench-memory-${process.pid}-${++dbSeq}`,
      ...(opts.extractor ? { extractor: opts.extractor } : {}),
    });
    try {
      await runScenario(sc, bg, clock, { results, forgets, outcomes });
    } catch (err) {
      throw new Error(`Scenario "${sc.id}" could not be run: ${(err as Error).message}`, {
        cause: err,
      });
    } finally {
      await bg.close();
    }
    opts.log?.(`${sc.id}: ${results.filter((r) => r.scenario === sc.id).length} probe(s)`);
  }
  return {
    summary: summarise(outcomes),
    results,
    forgets,
    scenarios: file.scenarios.length,
    ms: Math.round(performance.now() - started),
  };
}

async function runScenario(
  sc: Scenario,
  bg: BenchBackground,
  clock: { t: number },
  out: {
    results: ProbeResult[];
    forgets: ScenarioRun['forgets'];
    outcomes: ProbeOutcome[];
  },
): Promise<void> {
  let last: number | undefined;
  let tab = 0;
  let asks = 0;
  /** Conversations the file does not name: a new one each time (ids no file uses). */
  let fresh = 0;
  /** Turn ids run on across steps of the same conversation. */
  const turnsIn = new Map<string, number>();
  for (const step of sc.steps) {
    const start = stepStart(step.at, last);
    clock.t = start;
    last = start;
    if ('turns' in step) {
      const conv = step.conversation ?? `mnemo-bench-${++fresh}`;
      const url = chatUrl(step.site, conv);
      const sender = contentScriptAt(url, ++tab);
      const key = `${step.site}|${conv}`;
      for (const [i, [role, text]] of step.turns.entries()) {
        clock.t = start + i * MINUTE;
        last = clock.t;
        const n = (turnsIn.get(key) ?? 0) + 1;
        turnsIn.set(key, n);
        await bg.request(
          'capture',
          { turns: [{ turnId: `t${n}`, role, text, conversationId: conv, url }] },
          sender,
        );
        // Processed before the clock moves on: what the queue does in the background.
        await bg.request('drain', {}, EXTENSION_PAGE);
      }
    } else if ('ask' in step) {
      const conv = step.conversation ?? `mnemo-bench-${++fresh}`;
      const url = chatUrl(step.site, conv);
      const plan = await bg.request(
        'prepareInjection',
        { prompt: step.ask, url, conversationId: conv },
        contentScriptAt(url, ++tab),
      );
      const items = plan.items.map(resultItemOf);
      const check = checkProbe(step.expect, items);
      const tags = step.tags ?? sc.tags;
      out.outcomes.push({
        tags,
        expect: step.expect,
        check,
        items: items.length,
        tokens: plan.tokens,
      });
      out.results.push({
        scenario: sc.id,
        probe: ++asks,
        site: step.site,
        at: new Date(start).toISOString(),
        prompt: step.ask,
        tags,
        expect: step.expect,
        pass: check.pass,
        reasons: check.reasons,
        items,
        tokens: plan.tokens,
      });
    } else if ('forget' in step) {
      out.forgets.push({
        scenario: sc.id,
        text: step.forget,
        ...(await popupDelete(bg, step.forget)),
      });
    } else if ('grant' in step) {
      const s = await bg.request('getSettings', {}, EXTENSION_PAGE);
      const site = step.grant.site as SiteId;
      const own = siteSettingsOf(s, site);
      const extra = siteSettingsOf(s, step.grant.reads as SiteId).writeBucket;
      await bg.request(
        'setSettings',
        {
          settings: {
            ...s,
            sites: {
              ...s.sites,
              [site]: { ...own, readBuckets: [...new Set([...own.readBuckets, extra])] },
            },
          },
        },
        EXTENSION_PAGE,
      );
    } else {
      throw new Error(
        `A step of scenario "${sc.id}" is none of capture (turns), ask, forget, grant: ${JSON.stringify(step).slice(0, 120)}`,
      );
    }
  }
}

/**
 * The popup: the memory list searched for `text` with every status shown, then every listed
 * row whose text contains it (case-insensitive) deleted, one by one, as the delete button
 * does. The popup's search asks for 200 rows; so does this.
 */
export async function popupDelete(
  bg: BenchBackground,
  text: string,
): Promise<{ listed: number; deleted: number }> {
  const { items } = await bg.request(
    'list',
    { query: text, status: 'all', limit: 200 },
    EXTENSION_PAGE,
  );
  const rows = (items as ListedRow[]).filter((r) =>
    r.text.toLowerCase().includes(text.toLowerCase()),
  );
  const gone = new Set<string>();
  for (const row of rows) {
    // A row already removed with an earlier one is no longer in the list the user sees.
    if (gone.has(row.id)) continue;
    const { deleted } = await bg.request('forget', deleteRequestFor(row), EXTENSION_PAGE);
    for (const m of deleted) gone.add(m.id);
  }
  // Then the popup's Chat turns view, searched the same way: every stored turn still
  // holding the text is deleted too.
  const turns = await bg.request('turns', { query: text, limit: 200 }, EXTENSION_PAGE);
  let turnsDeleted = 0;
  for (const t of turns.items) {
    if (!t.text.toLowerCase().includes(text.toLowerCase())) continue;
    await bg.request('forget', { type: 'turn', key: t.key }, EXTENSION_PAGE);
    turnsDeleted++;
  }
  return { listed: items.length + turns.items.length, deleted: gone.size + turnsDeleted };
}
