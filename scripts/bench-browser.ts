/**
 * npm run bench:browser -- [--memories 1000,10000] [--out file.json] [--queries 200]
 *   [--index exact,voy] [--cold 3] [--no-build] [--no-inject] [--ext DIR]
 *   [--turns T | --seed-turns T] [--after-turn-pause MS]
 *
 * In real headless Chromium with the built extension (test build): seeds N memories through
 * the extension's own import, then measures per N, for the exact scan and for Voy:
 *  - search latency from an extension page's request to the ranked result (message passing,
 *    query embedding, vector + BM25 search and fusion), warm, p50/p95 over the queries;
 *  - prepareInjection (the content script's request: the raw turns are searched too), warm,
 *    and right after a captured turn was processed;
 *  - cold start: the first search after the service worker was stopped (DevTools protocol)
 *    and woken by that search, median of 3; and the same with prepareInjection as the first
 *    request (the user comes back to a chat and types); the popup's memory list as the
 *    first request (the popup opened on a stopped worker); and the first search after the
 *    worker was stopped right after 10 captured turns, before it saved its lexical snapshot
 *    (the browser closed mid-chat);
 *  - injection overhead on the demo site: from the Enter keydown to the site sending the
 *    prompt with the block, p50/p95 (the demo site itself adds nothing between the two);
 *  - the time to import N memories (one transaction, embedding included).
 * With `--turns T`, T chat turns (half the user's, in conversations of 20) are also ingested
 * into the same store by the worker's own engine after the import, so the start image, the
 * lexical snapshot and search hold raw turns as a real store does; `ingestMs` is their time.
 * With `--seed-turns T` instead, T such turns are written straight to the store in batches
 * (episodes with their vectors, no extraction, as bench:engine seeds), then the worker is
 * stopped so that the next request loads them: the same store minutes faster, for measuring
 * search and start-up at realistic sizes (a real store holds about four turns per fact).
 * The cold starts also report the worker's own start-up steps (`globalThis.mnemo.timings`,
 * ms since the worker started), median per step.
 * The extension is run from a private copy of the test build, so another build of the
 * working tree during the run cannot change what is measured.
 * Writes JSON (default bench-results/browser.json) and prints a table.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from './build.mjs';
import { CHROME_TEST_BUILD, launch, type ChromiumSession } from './chromium';
import type { Page } from 'playwright-core';
import type { Memory } from '../src/memory/types';
import { MONTH_NAMES as MONTHS } from '../src/search/when';
import { hashText } from '../src/memory/engine';
import { episodeKey } from '../src/store/db';

/** The extension API, as seen from an extension page inside page.evaluate. */
declare const chrome: { runtime: { sendMessage(msg: unknown): Promise<unknown> } };

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? def) : def;
};
const SIZES = arg('memories', '1000,10000').split(',').map(Number);
const OUT = resolve(arg('out', 'bench-results/browser.json'));
const QUERIES = Number(arg('queries', '200'));
const INDEXES = arg('index', 'exact,voy').split(',') as ('exact' | 'voy')[];
const COLD = Number(arg('cold', '3'));
const TURNS = Number(arg('turns', '0'));
const SEED_TURNS = Number(arg('seed-turns', '0'));
/** Between a processed turn and the prepareInjection timed after it (well under the 3 s snapshot delay). */
const AFTER_TURN_PAUSE_MS = Number(arg('after-turn-pause', '250'));
if (TURNS && SEED_TURNS) throw new Error('--turns and --seed-turns are alternatives: give one');
const flag = (name: string) => process.argv.includes(`--${name}`);
let extDir = CHROME_TEST_BUILD;

// Realistic, varied memories: templates × vocabulary, with a seeded generator.
// (mulberry32: the old `seed * 1103515245 % 2 ** 31` lost precision past 2 ** 53 and fell
// into a short cycle, so its texts repeated.)
let seed = 42;
const rnd = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const PEOPLE = [
  'Anna',
  'Tom',
  'Priya',
  'Kenji',
  'Maria',
  'Lukas',
  'Sofia',
  'Omar',
  'Chen',
  'Grace',
  'Diego',
  'Elena',
  'Amara',
  'Ben',
  'Carla',
  'Dmitri',
  'Esther',
  'Farid',
  'Hana',
  'Ivan',
  'Jonas',
  'Keiko',
  'Leila',
  'Mateo',
  'Nadia',
  'Oskar',
  'Paula',
  'Rafael',
  'Sanjay',
  'Tara',
  'Uma',
  'Viktor',
  'Wen',
  'Yusuf',
  'Zoe',
  'Ines',
];
const REL = [
  'sister',
  'brother',
  'mother',
  'father',
  'daughter',
  'son',
  'partner',
  'best friend',
  'colleague',
  'neighbour',
];
const CITIES = [
  'Berlin',
  'Lisbon',
  'Tokyo',
  'Toronto',
  'Nairobi',
  'Lyon',
  'Austin',
  'Seoul',
  'Oslo',
  'Melbourne',
  'Porto',
  'Kyoto',
  'Vienna',
  'Dublin',
  'Prague',
  'Montreal',
  'Cape Town',
  'Lima',
  'Hanoi',
  'Bergen',
  'Seville',
  'Krakow',
  'Denver',
  'Auckland',
  'Edinburgh',
  'Valencia',
  'Istanbul',
  'Chicago',
  'Bologna',
  'Tallinn',
];
const HOBBIES = [
  'hiking',
  'pottery',
  'bouldering',
  'sourdough baking',
  'chess',
  'salsa dancing',
  'birdwatching',
  'trail running',
  'knitting',
  'sailing',
  'photography',
  'gardening',
];
const FOODS = [
  'Thai curry',
  'ramen',
  'lentil soup',
  'sushi',
  'tacos',
  'falafel',
  'risotto',
  'dumplings',
  'paella',
  'pho',
];
const TOOLS = [
  'TypeScript',
  'Rust',
  'Python',
  'Neovim',
  'VS Code',
  'PostgreSQL',
  'Kubernetes',
  'React',
  'Go',
  'Figma',
];
const PETS = [
  'a dog named Rex',
  'a cat named Miso',
  'two rabbits',
  'a parrot called Kiwi',
  'a golden retriever named Sunny',
];
const JOBS = [
  'nurse',
  'architect',
  'teacher',
  'data analyst',
  'chef',
  'lawyer',
  'software engineer',
  'physiotherapist',
  'journalist',
  'electrician',
  'pharmacist',
  'graphic designer',
  'accountant',
  'vet',
  'pilot',
];
const YEARS = ['2019', '2020', '2021', '2022', '2023', '2024', '2025', '2026'];
const TEMPLATES: (() => string)[] = [
  () => `User's ${pick(REL)} ${pick(PEOPLE)} works as a ${pick(JOBS)} in ${pick(CITIES)}.`,
  () =>
    `User visited ${pick(CITIES)} with ${pick(PEOPLE)} in ${pick(MONTHS)} ${pick(YEARS)} and loved the ${pick(FOODS)}.`,
  () =>
    `User ran a ${pick(['5k', '10k', 'half marathon', 'trail race'])} in ${pick(CITIES)} in ${pick(MONTHS)} ${pick(YEARS)}.`,
  () => `User's ${pick(REL)} ${pick(PEOPLE)} lives in ${pick(CITIES)}.`,
  () =>
    `User took up ${pick(HOBBIES)} in ${pick(CITIES)} last ${pick(['spring', 'summer', 'autumn', 'winter'])}.`,
  () => `User's favourite dish is ${pick(FOODS)}.`,
  () =>
    `User works with ${pick(TOOLS)} and ${pick(TOOLS)} on a ${pick(['billing', 'search', 'mobile', 'data', 'payments'])} project.`,
  () => `User has ${pick(PETS)}.`,
  () =>
    `User is planning a trip to ${pick(CITIES)} with ${pick(PEOPLE)} in ${pick(['March', 'June', 'September', 'December'])}.`,
  () =>
    `User went to ${pick(PEOPLE)}'s ${pick(['wedding', 'birthday party', 'graduation', 'housewarming'])} in ${pick(CITIES)}.`,
  () => `User is allergic to ${pick(['peanuts', 'shellfish', 'cats', 'pollen', 'penicillin'])}.`,
  () =>
    `User prefers ${pick(['short answers', 'code examples', 'metric units', 'British spelling', 'bullet points'])}.`,
  () =>
    `User is learning ${pick(['Japanese', 'Spanish', 'the piano', 'to swim', 'German'])} for ${pick(['work', 'a trip', 'fun', 'their partner'])}.`,
];
const QUERY_TEMPLATES: (() => string)[] = [
  () => `Suggest a weekend plan around ${pick(HOBBIES)} for me`,
  () => `What should I cook tonight, maybe ${pick(FOODS)}?`,
  () => `Help me debug a ${pick(TOOLS)} error in my project`,
  () => `Gift ideas for my ${pick(REL)} ${pick(PEOPLE)}?`,
  () => `Things to do in ${pick(CITIES)} next month`,
  () => `How do I keep my pet healthy in summer?`,
  () => `Write a short note to ${pick(PEOPLE)} about the trip`,
];

/** What a user says in a chat: first-person, often with a question for the assistant. */
const USER_TURNS: (() => string)[] = [
  () =>
    `My ${pick(REL)} ${pick(PEOPLE)} just moved to ${pick(CITIES)}, any tips for visiting them in ${pick(['March', 'June', 'September', 'December'])}?`,
  () =>
    `I started ${pick(HOBBIES)} a few weeks ago and I love it. How do I get better without burning out?`,
  () => `I'm making ${pick(FOODS)} tonight for ${pick(PEOPLE)}. What goes well with it?`,
  () =>
    `At work I use ${pick(TOOLS)} with ${pick(TOOLS)}. Can you explain why my build is so slow?`,
  () => `We adopted ${pick(PETS)} last month and it has been chaotic but fun.`,
  () =>
    `I'm allergic to ${pick(['peanuts', 'shellfish', 'cats', 'pollen'])}, so keep that in mind for the recipe.`,
  () =>
    `I'm learning ${pick(['Japanese', 'Spanish', 'the piano', 'German'])} for ${pick(['work', 'a trip', 'fun'])}. Give me a plan for this week.`,
];
const ASSISTANT_TURNS: (() => string)[] = [
  () =>
    `Great question! Here are a few ideas: start small, keep a routine, and track your progress in ${pick(TOOLS)} or a notebook. Would you like a weekly plan?`,
  () =>
    `${pick(CITIES)} is lovely then. Book early, try the local ${pick(FOODS)}, and leave a free afternoon for ${pick(HOBBIES)}.`,
  () =>
    `Sure. A simple option is ${pick(FOODS)} with a fresh salad; if you want something lighter, a clear soup works well too.`,
];

/** `n` chat turns in conversations of 20, user and assistant in turn, a minute apart. */
function chatTurns(n: number, now: number) {
  return Array.from({ length: n }, (_, i) => {
    const user = i % 2 === 0;
    return {
      site: 'demo' as const,
      conversationId: `bench-chat-${Math.floor(i / 20)}`,
      turnId: `t${i}`,
      role: user ? ('user' as const) : ('assistant' as const),
      text: user ? pick(USER_TURNS)() : pick(ASSISTANT_TURNS)(),
      url: 'http://127.0.0.1/demo/c/bench',
      observedAt: now - (n - i) * 60_000,
    };
  });
}

/**
 * `n` memories with `n` different texts. An import skips a text it already holds (same words
 * up to case and final punctuation), so a generator that repeated itself would store fewer
 * memories than the run claims; a drawn text already taken is drawn again.
 */
function memories(n: number, now: number): Memory[] {
  const taken = new Set<string>();
  const unique = () => {
    for (let tries = 0; tries < 10_000; tries++) {
      const t = pick(TEMPLATES)();
      if (!taken.has(t)) {
        taken.add(t);
        return t;
      }
    }
    throw new Error(`the generator ran out of different texts after ${taken.size}`);
  };
  return Array.from({ length: n }, (_, i) => {
    const at = now - Math.floor(rnd() * 400) * 86_400_000;
    return {
      id: `bench_${i}`,
      text: unique(),
      kind: 'fact' as const,
      bucket: 'site:demo',
      observedAt: at,
      createdAt: at,
      updatedAt: at,
      status: 'active' as const,
      pinned: false,
      entities: [],
      provenance: [
        {
          site: 'demo' as const,
          conversationId: `c${i % 500}`,
          url: 'http://127.0.0.1/demo/c/bench',
          turnIds: [`u${i}`],
          role: 'user' as const,
        },
      ],
    };
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

/** An extension page that times `method` requests to the background (the popup's path). */
async function extPage(s: ChromiumSession): Promise<Page> {
  const page = await s.ctx.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/manifest.json`);
  return page;
}

/** Times one request to the background from an extension page, as the popup sends it. */
async function timedRequest(
  page: Page,
  method: string,
  params: unknown,
): Promise<{ ms: number; ok: boolean; error?: string }> {
  return page.evaluate(
    async ([m, p]) => {
      const t = performance.now();
      const res = (await chrome.runtime.sendMessage({ mnemo: 1, method: m, params: p })) as {
        ok: boolean;
        error?: { message?: string };
      };
      return {
        ms: performance.now() - t,
        ok: res?.ok === true,
        ...(res?.ok ? {} : { error: res?.error?.message ?? 'no answer' }),
      };
    },
    [method, params] as const,
  );
}

/** The popup's search (facts only). */
const timedSearch = (page: Page, query: string) =>
  timedRequest(page, 'search', { query, limit: 10 });

/**
 * The content script's request: `prepareInjection` for a prompt on the demo site (a search
 * with the user's raw turns, then the injection plan).
 */
const timedPrepare = (page: Page, url: string, prompt: string) =>
  timedRequest(page, 'prepareInjection', { prompt, url });

/** Turns ingested by the running worker's own engine, in order, as captured turns are. */
async function ingestInWorker(s: ChromiumSession, turns: readonly unknown[]): Promise<void> {
  await (s.ctx.serviceWorkers().at(-1) ?? s.sw).evaluate(async (batch) => {
    const g = globalThis as unknown as {
      mnemo: { engine(): Promise<{ ingest(t: unknown, bucket: string): Promise<unknown> }> };
    };
    const engine = await g.mnemo.engine();
    for (const t of batch) await engine.ingest(t, 'site:demo');
  }, turns);
}

async function stopWorker(s: ChromiumSession, page: Page): Promise<void> {
  const cdp = await s.ctx.newCDPSession(page);
  const versions = new Map<string, string>();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions)
      if (v.scriptURL.includes(s.extensionId)) versions.set(v.versionId, v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; i < 100 && ![...versions.values()].includes('running'); i++)
    await page.waitForTimeout(20);
  for (const [versionId, st] of versions)
    if (st === 'running') await cdp.send('ServiceWorker.stopWorker', { versionId });
  for (let i = 0; i < 250 && ![...versions.values()].every((st) => st === 'stopped'); i++)
    await page.waitForTimeout(20);
  await cdp.detach();
}

async function injectOverhead(
  s: ChromiumSession,
  n: number,
): Promise<{ ms: number[]; injected: number }> {
  const page = await s.ctx.newPage();
  await page.goto(`${s.origin}/demo/?wordMs=1`);
  await page.evaluate(() => {
    const w = window as unknown as { __keyAt: number[] };
    w.__keyAt = [];
    // The page's own listener, before the content script's (window, capture phase).
    window.addEventListener(
      'keydown',
      (e) => e.key === 'Enter' && !e.shiftKey && w.__keyAt.push(performance.now()),
      true,
    );
  });
  const box = page.locator('[data-demo-composer] [contenteditable="true"]');
  const ms: number[] = [];
  let injected = 0;
  for (let i = 0; i < n; i++) {
    await box.click();
    await page.keyboard.type(`${pick(QUERY_TEMPLATES)()} ${i}`);
    await page.waitForTimeout(350); // typing pause: the search runs while the user types
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (k) => (window as unknown as { __demoSentAt: number[] }).__demoSentAt.length > k,
      i,
      { timeout: 10_000 },
    );
    await page.waitForFunction(
      () => !document.querySelector('[data-streaming="true"]'),
      undefined,
      { timeout: 10_000 },
    );
    const { key, sent, text } = await page.evaluate((k) => {
      const w = window as unknown as {
        __keyAt: number[];
        __demoSentAt: number[];
        __demoSent: string[];
      };
      return { key: w.__keyAt[k]!, sent: w.__demoSentAt[k]!, text: w.__demoSent[k]! };
    }, i);
    ms.push(sent - key);
    if (text.includes('[mnemo:memories]')) injected++;
  }
  await page.close();
  return { ms, injected };
}

interface Run {
  memories: number;
  /** Chat turns ingested besides the memories (`--turns`), and how long that took. */
  turns: number;
  /** Chat turns written straight to the store besides the memories (`--seed-turns`). */
  seededTurns: number;
  ingestMs?: number;
  /** What the store held when measured. */
  status?: { memories: number; episodes: number };
  vectorIndex: 'exact' | 'voy';
  /** Set when the chosen index failed and the engine fell back to the exact scan: why. */
  fellBack?: string;
  importMs: number;
  searchMs: { p50: number; p95: number };
  /** The content script's `prepareInjection` request (search with raw turns + plan). */
  prepareMs: { p50: number; p95: number };
  /** prepareInjection right after a captured turn was processed (the store just changed). */
  prepareAfterTurnMs: { p50: number; p95: number };
  coldStartMs: number;
  coldStartRunsMs: number[];
  /** The first prepareInjection after a restart (median; all restarts). */
  coldPrepareMs: number;
  coldPrepareRunsMs: number[];
  /** The worker's start-up steps when the content script's request came first. */
  coldPrepareSteps: Record<string, number>;
  /** The worker's start-up steps (ms since it started), median over the cold starts. */
  coldSteps: Record<string, number>;
  /** The popup's memory list (first 100) as the first request after a restart (median; all). */
  coldListMs: number;
  coldListRunsMs: number[];
  /**
   * The first search after the worker stopped right after 10 captured turns (median; all
   * runs), and how each start made its lexical index (`caughtUp`, `rebuilt`, `snapshot`).
   */
  coldAfterBurstMs: number;
  coldAfterBurstRunsMs: number[];
  coldAfterBurstLexical: string[];
  coldAfterBurstSteps: Record<string, number>;
  injectMs: { p50: number; p95: number };
  injectedShare: number;
}

/**
 * The start-up timings of the running worker (the one the last request woke), and how its
 * engine made its lexical index (`snapshot`, `caughtUp`, `rebuilt`).
 */
async function workerStart(
  s: ChromiumSession,
): Promise<{ steps: Record<string, number>; lexical: string }> {
  const sw = s.ctx.serviceWorkers().at(-1);
  if (!sw) return { steps: {}, lexical: 'unknown' };
  return sw.evaluate(async () => {
    const g = globalThis as unknown as {
      mnemo: { timings: Record<string, number>; engine(): Promise<{ lexicalSource?: string }> };
    };
    const lexical = (await g.mnemo.engine()).lexicalSource ?? 'unknown';
    const steps = { ...g.mnemo.timings, lexicalFromSnapshot: lexical === 'snapshot' ? 1 : 0 };
    return { steps, lexical };
  });
}

function medianSteps(runs: Record<string, number>[]): Record<string, number> {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  const out: Record<string, number> = {};
  for (const k of keys) {
    const xs = runs.map((r) => r[k]).filter((x): x is number => x !== undefined);
    out[k] = r1(pct(xs, 50));
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => a[1] - b[1]));
}

async function benchSize(n: number): Promise<Run[]> {
  const s = await launch({ extDir });
  const runs: Run[] = [];
  try {
    const page = await extPage(s);
    const file = {
      format: 'mnemo.memories',
      schemaVersion: 1,
      exportedAt: new Date().toISOString(),
      buckets: [{ id: 'site:demo', name: 'demo' }],
      memories: memories(n, Date.now()),
    };
    const t = Date.now();
    const res = await page.evaluate(
      async (f) => chrome.runtime.sendMessage({ mnemo: 1, method: 'import', params: { file: f } }),
      file,
    );
    const importMs = Date.now() - t;
    if (!(res as { ok: boolean }).ok) throw new Error(`import failed: ${JSON.stringify(res)}`);
    const added = (res as { value: { added: number } }).value.added;
    if (added !== n) throw new Error(`the import stored ${added} of ${n} memories`);
    let ingestMs: number | undefined;
    if (TURNS) {
      const turns = chatTurns(TURNS, Date.now());
      const ti = Date.now();
      for (let i = 0; i < turns.length; i += 500) await ingestInWorker(s, turns.slice(i, i + 500));
      ingestMs = Date.now() - ti;
      console.log(`  ${n} memories: ${TURNS} turns ingested in ${(ingestMs / 1000).toFixed(1)} s`);
    }
    if (SEED_TURNS) {
      const turns = chatTurns(SEED_TURNS, Date.now()).map((t) => {
        const key = episodeKey(t.site, t.conversationId, t.turnId);
        return { ...t, key, bucket: 'site:demo', textHash: hashText(t.text) };
      });
      const ti = Date.now();
      for (let i = 0; i < turns.length; i += 2000)
        await s.sw.evaluate(
          async (batch) => {
            type Vec = { id: string; model: string; v: Float32Array };
            const g = globalThis as unknown as {
              mnemo: {
                engine(): Promise<{
                  embedder: { id: string; embed(t: string[]): Promise<Float32Array[]> };
                }>;
                store(): Promise<{
                  commitBatch(w: {
                    memories: [];
                    vectors: Vec[];
                    history: [];
                    episodes: unknown[];
                  }): Promise<void>;
                }>;
              };
            };
            const { embedder } = await g.mnemo.engine();
            const vs = await embedder.embed(batch.map((e) => e.text));
            const vectors = batch.map((e, j) => ({
              id: `e:${e.key}`,
              model: embedder.id,
              v: vs[j]!,
            }));
            await (
              await g.mnemo.store()
            ).commitBatch({ memories: [], vectors, history: [], episodes: batch });
          },
          turns.slice(i, i + 2000),
        );
      console.log(
        `  ${n} memories: ${SEED_TURNS} turns seeded in ${((Date.now() - ti) / 1000).toFixed(1)} s`,
      );
      // The running engine does not know the seeded turns: a new worker loads them.
      await stopWorker(s, page);
      const woken = await timedSearch(page, 'wake up');
      if (!woken.ok) throw new Error(`the worker did not start again: ${woken.error}`);
    }
    const st = await s.service<{ memories: number; episodes: number }>('status');
    const status = { memories: st.memories, episodes: st.episodes };
    // What a worker that lived 3 s after the last change has done: save the lexical snapshot.
    // (the worker now running: a stopped one's handle would never answer)
    await (s.ctx.serviceWorkers().at(-1) ?? s.sw).evaluate(async () => {
      const g = globalThis as unknown as {
        mnemo: { engine(): Promise<{ saveSnapshot(): Promise<void> }> };
      };
      await (await g.mnemo.engine()).saveSnapshot();
    });
    const queries = Array.from({ length: QUERIES }, () => pick(QUERY_TEMPLATES)());
    for (const vectorIndex of INDEXES) {
      const settings = await s.service<Record<string, unknown>>('getSettings');
      await s.service('setSettings', { settings: { ...settings, vectorIndex } });
      for (let i = 0; i < 20; i++) await timedSearch(page, queries[i % queries.length]!); // warm-up
      const times: number[] = [];
      for (const q of queries) {
        const r = await timedSearch(page, q);
        if (!r.ok) throw new Error(`search failed: ${r.error}`);
        times.push(r.ms);
      }
      const prepare: number[] = [];
      for (const q of queries) {
        const r = await timedPrepare(page, `${s.origin}/demo/`, q);
        if (!r.ok) throw new Error(`prepareInjection failed: ${r.error}`);
        prepare.push(r.ms);
      }
      const cold: number[] = [];
      const steps: Record<string, number>[] = [];
      for (let k = 0; k < COLD; k++) {
        await stopWorker(s, page);
        const r = await timedSearch(page, queries[k % queries.length]!);
        if (!r.ok) throw new Error(`search failed after a restart: ${r.error}`);
        cold.push(r.ms);
        steps.push((await workerStart(s)).steps);
      }
      // The content script's request as the first after a restart: the user comes back to a
      // chat and types (it also reads the raw turns, which the popup's search does not).
      const coldPrepare: number[] = [];
      const prepareSteps: Record<string, number>[] = [];
      for (let k = 0; k < COLD; k++) {
        await stopWorker(s, page);
        const r = await timedPrepare(page, `${s.origin}/demo/`, queries[k % queries.length]!);
        if (!r.ok) throw new Error(`prepareInjection failed after a restart: ${r.error}`);
        coldPrepare.push(r.ms);
        prepareSteps.push((await workerStart(s)).steps);
      }
      // The popup opened on a stopped worker: its memory list's first page as the first request.
      const coldList: number[] = [];
      for (let k = 0; k < COLD; k++) {
        await stopWorker(s, page);
        const r = await timedRequest(page, 'list', { offset: 0, limit: 100 });
        if (!r.ok) throw new Error(`list failed after a restart: ${r.error}`);
        coldList.push(r.ms);
      }
      const inj = flag('no-inject') ? { ms: [NaN], injected: 0 } : await injectOverhead(s, 25);
      // The same request right after a turn was captured and processed, as when the user
      // writes the next prompt of a chat: the first search to see the store changed. (Last:
      // the cold starts above read the store as seeded.)
      const afterTurn: number[] = [];
      const live = chatTurns(Math.min(queries.length, 100), Date.now()).map((t, i) => ({
        ...t,
        conversationId: `bench-live-${vectorIndex}`,
        turnId: `live${i}`,
      }));
      for (const [i, t] of live.entries()) {
        await ingestInWorker(s, [t]);
        // A user writes the next prompt seconds after the last turn, not at once: the capture's
        // own follow-up work (IndexedDB events, collection) is over by then.
        await page.waitForTimeout(AFTER_TURN_PAUSE_MS);
        const r = await timedPrepare(page, `${s.origin}/demo/`, queries[i]!);
        if (!r.ok) throw new Error(`prepareInjection failed after a turn: ${r.error}`);
        afterTurn.push(r.ms);
      }
      // The worker stopped right after a burst of captured turns (the browser closed mid-chat),
      // within the lexical snapshot's 3 s delay: the next start finds the snapshot behind the
      // store (it catches it up; before the seventh session it rebuilt the whole index).
      const afterBurst: number[] = [];
      const afterBurstLexical: string[] = [];
      const afterBurstSteps: Record<string, number>[] = [];
      for (let k = 0; k < COLD; k++) {
        const burst = chatTurns(10, Date.now()).map((t, i) => ({
          ...t,
          conversationId: `bench-burst-${vectorIndex}-${k}`,
          turnId: `burst${i}`,
        }));
        await ingestInWorker(s, burst);
        await stopWorker(s, page);
        const r = await timedSearch(page, queries[k % queries.length]!);
        if (!r.ok) throw new Error(`search failed after a restart: ${r.error}`);
        afterBurst.push(r.ms);
        const w = await workerStart(s);
        afterBurstLexical.push(w.lexical);
        afterBurstSteps.push(w.steps);
      }
      const { vectorIndexFallback: fellBack } = await s.service<{ vectorIndexFallback?: string }>(
        'status',
      );
      if (fellBack)
        console.log(`  NOTE ${vectorIndex}: ${fellBack} (its figures are not ${vectorIndex}'s)`);
      runs.push({
        memories: n,
        ...(fellBack ? { fellBack } : {}),
        turns: TURNS,
        seededTurns: SEED_TURNS,
        ...(ingestMs !== undefined ? { ingestMs } : {}),
        status,
        vectorIndex,
        importMs,
        searchMs: { p50: r1(pct(times, 50)), p95: r1(pct(times, 95)) },
        prepareMs: { p50: r1(pct(prepare, 50)), p95: r1(pct(prepare, 95)) },
        prepareAfterTurnMs: { p50: r1(pct(afterTurn, 50)), p95: r1(pct(afterTurn, 95)) },
        coldStartMs: r1(pct(cold, 50)),
        coldStartRunsMs: cold.map(r1),
        coldPrepareMs: r1(pct(coldPrepare, 50)),
        coldPrepareRunsMs: coldPrepare.map(r1),
        coldSteps: medianSteps(steps),
        coldPrepareSteps: medianSteps(prepareSteps),
        coldListMs: r1(pct(coldList, 50)),
        coldListRunsMs: coldList.map(r1),
        coldAfterBurstMs: r1(pct(afterBurst, 50)),
        coldAfterBurstRunsMs: afterBurst.map(r1),
        coldAfterBurstLexical: afterBurstLexical,
        coldAfterBurstSteps: medianSteps(afterBurstSteps),
        injectMs: { p50: r1(pct(inj.ms, 50)), p95: r1(pct(inj.ms, 95)) },
        injectedShare: inj.injected / inj.ms.length,
      });
      console.log(
        `  ${n} memories${TURNS || SEED_TURNS ? ` + ${TURNS || SEED_TURNS} turns` : ''}, ${vectorIndex}: search p50 ${r1(pct(times, 50))} p95 ${r1(pct(times, 95))} ms, prepareInjection p50 ${r1(pct(prepare, 50))} p95 ${r1(pct(prepare, 95))} ms (after a turn ${r1(pct(afterTurn, 50))} / ${r1(pct(afterTurn, 95))}), cold ${cold.map(r1).join('/')} ms (prepareInjection first: ${coldPrepare.map(r1).join('/')} ms; the list first: ${coldList.map(r1).join('/')} ms; after a burst: ${afterBurst.map(r1).join('/')} ms, lexical ${afterBurstLexical.join('/')}), inject p95 ${r1(pct(inj.ms, 95))} ms, import ${(importMs / 1000).toFixed(1)} s`,
      );
      console.log(
        `    worker start-up steps (ms since start): ${JSON.stringify(medianSteps(steps))}`,
      );
    }
  } finally {
    await s.close();
  }
  return runs;
}

async function main() {
  const given = arg('ext', '');
  if (!flag('no-build') && !given) {
    console.log('Building the test extension…');
    await build({ test: true, store: false });
  }
  const copy = mkdtempSync(join(tmpdir(), 'mnemo-bench-ext-'));
  cpSync(given ? resolve(given) : CHROME_TEST_BUILD, copy, { recursive: true });
  extDir = copy;
  const runs: Run[] = [];
  try {
    for (const n of SIZES) runs.push(...(await benchSize(n)));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const result = {
    date: new Date().toISOString(),
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    queries: QUERIES,
    runs,
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(result, null, 2));
  console.log(
    '\n| memories | turns | index | search p50 | search p95 | prepareInjection p50 | prepareInjection p95 | after a turn p50 / p95 | cold start | cold, prepareInjection first | cold, list first | cold after a burst | inject p50 | inject p95 | import |',
  );
  console.log('|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs)
    console.log(
      `| ${r.memories} | ${r.turns || r.seededTurns}${r.seededTurns ? ' (seeded)' : ''} | ${r.vectorIndex}${r.fellBack ? ' (fell back to exact)' : ''} | ${r.searchMs.p50} ms | ${r.searchMs.p95} ms | ${r.prepareMs.p50} ms | ${r.prepareMs.p95} ms | ${r.prepareAfterTurnMs.p50} / ${r.prepareAfterTurnMs.p95} ms | ${r.coldStartMs} ms | ${r.coldPrepareMs} ms | ${r.coldListMs} ms | ${r.coldAfterBurstMs} ms | ${r.injectMs.p50} ms | ${r.injectMs.p95} ms | ${(r.importMs / 1000).toFixed(1)} s |`,
    );
  console.log(`\nJSON: ${OUT}`);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
