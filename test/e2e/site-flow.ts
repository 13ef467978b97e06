/**
 * One saved chat page through the whole content-script path, for any browser driver:
 * the page's own turns are captured; a first-person statement sent through the page is
 * captured and becomes a memory; a later prompt is sent with that memory written into the
 * site's editor inside the marked block (the page sends what its editor model holds); the
 * block is never captured again; SPA navigation restarts capture for the new conversation.
 */
import { expect } from 'vitest';
import { BLOCK_HEADER, MARKER_END, MARKER_START } from '../../src/inject/marker';
import type { SitePage } from './site-pages';

export interface Driver {
  goto(url: string): Promise<void>;
  /** Evaluates an expression in the page. */
  evaluate<T>(expr: string): Promise<T>;
  focus(selector: string): Promise<void>;
  /** A click the browser dispatches as the user's (isTrusted), as every send must be. */
  click(selector: string): Promise<void>;
  type(text: string): Promise<void>;
  press(key: string): Promise<void>;
}

export interface Backend {
  service<T>(method: string, params?: unknown): Promise<T>;
}

interface Hit {
  type: 'memory' | 'episode';
  text: string;
  episode?: { conversationId: string; role: string; turnId: string; site: string; text: string };
  memory?: { text: string };
}

export const SEED = "I'm vegetarian and I'm allergic to peanuts.";
export const QUESTION = 'Suggest a vegetarian dinner for me tonight?';
export const AFTER_NAV = 'My sister Alice lives in Lisbon and works as a nurse.';
export const FOLLOW_UP = 'Which city does my sister Alice live in?';

export async function until<T>(
  what: string,
  fn: () => Promise<T>,
  ok: (v: T) => boolean = (v) => !!v,
  timeout = 15_000,
): Promise<T> {
  const end = Date.now() + timeout;
  let v = await fn();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 150));
    v = await fn();
  }
  return v;
}

/**
 * How many memories the chip shows, read inside its shadow root: the count is never on the
 * host, where the page could read it; test builds open the root so that tests can.
 */
export const CHIP_COUNT = `(() => {
  const b = document.querySelector('mnemo-chip')?.shadowRoot?.querySelector('button.chip');
  return b && !b.hidden ? Number(/\\d+/.exec(b.textContent ?? '')?.[0] ?? 0) : 0;
})()`;

const sent = (d: Driver) => d.evaluate<string[]>('window.__sent ?? []');
const done = (d: Driver) => d.evaluate<number>('window.__done ?? 0');

/** Focuses the composer with the caret at its end, types, and sends as the user would. */
export async function typeAndSend(
  d: Driver,
  p: SitePage,
  text: string,
  via: 'enter' | 'click',
  waitReady = false,
): Promise<void> {
  await d.focus(p.box);
  await d.evaluate(`(() => {
    const box = document.querySelector(${JSON.stringify(p.box)});
    if (box.tagName === 'TEXTAREA') { box.setSelectionRange(box.value.length, box.value.length); return; }
    const r = document.createRange(); r.selectNodeContents(box); r.collapse(false);
    const s = getSelection(); s.removeAllRanges(); s.addRange(r);
  })()`);
  await d.type(text);
  // Without a view of the store, retype until the chip shows memories ready (capture and
  // extraction are asynchronous), as a user would see it.
  for (let i = 0; waitReady && i < 30; i++) {
    await new Promise((r) => setTimeout(r, 700));
    if ((await d.evaluate<number>(CHIP_COUNT)) > 0) break;
    await d.evaluate(`(() => {
      const box = document.querySelector(${JSON.stringify(p.box)});
      if (box.tagName === 'TEXTAREA') { box.setSelectionRange(0, box.value.length); return; }
      const r = document.createRange(); r.selectNodeContents(box);
      const s = getSelection(); s.removeAllRanges(); s.addRange(r);
    })()`);
    await d.press('Backspace');
    await d.type(text);
  }
  if (via === 'enter') await d.press('Enter');
  else await d.click(p.send.sel);
}

export async function waitAnswered(d: Driver, n: number): Promise<void> {
  await until(
    `${n} sent`,
    () => sent(d),
    (s) => s.length >= n,
  );
  await until(
    `${n} answers`,
    () => done(d),
    (k) => k >= n,
  );
}

export async function waitChip(d: Driver): Promise<void> {
  await until('the chip', () => d.evaluate<boolean>("!!document.querySelector('mnemo-chip')"));
}

/** The path for a prompt with injection: the memory is in the block, once, in the site's editor. */
export function expectInjected(text: string | undefined, prompt: string): void {
  expect(text).toBeDefined();
  expect(text!.startsWith(prompt), text).toBe(true);
  expect(text!.split(MARKER_START)).toHaveLength(2);
  expect(text).toContain(BLOCK_HEADER);
  // The fact, or the user's own words it came from when those rank above it (the fact is then
  // left out as adding nothing); no line of the block twice.
  expect(text).toMatch(/"(?:User is vegetarian|I'm vegetarian)[^"]*"/);
  const lines = text!
    .split(MARKER_START)[1]!
    .split('\n')
    .filter((l) => l.startsWith('- '));
  expect(new Set(lines).size, text).toBe(lines.length);
  expect(text!.trimEnd().endsWith(MARKER_END), text).toBe(true);
}

/** Runs the whole flow; `backend` (the service, as an extension page) adds the store-side checks. */
export async function siteFlow(
  d: Driver,
  origin: string,
  p: SitePage,
  backend?: Backend,
): Promise<void> {
  const bucket = `site:${p.site}`;
  const episodes = async (query: string) =>
    (
      await backend!.service<Hit[]>('search', {
        query,
        includeEpisodes: true,
        buckets: [bucket],
        limit: 100,
      })
    ).filter((h) => h.type === 'episode' && h.episode);

  const mine = (c: string) => c === p.conv1 || c === p.conv2;

  const before = backend ? (await backend.service<{ episodes: number }>('drain')).episodes : 0;
  await d.goto(`${origin}/__site/${p.site}/${p.file}`);
  await waitChip(d);
  expect(await d.evaluate<string>('location.pathname')).toBe(`/__site/${p.site}${p.path1}`);

  // 1. A first-person statement, sent through the page: captured, becomes a memory.
  await typeAndSend(d, p, SEED, p.via[0]);
  await waitAnswered(d, 1);
  expect((await sent(d))[0]?.startsWith(SEED)).toBe(true);
  if (backend) {
    const mine = await until(
      'the seeded memory',
      async () => {
        await backend.service('drain');
        const { items } = await backend.service<{ items: { text: string }[] }>('list', {
          buckets: [bucket],
          status: 'all',
        });
        return items.filter((m) => /vegetarian/i.test(m.text));
      },
      (m) => m.length > 0,
    );
    expect(mine[0]!.text).toMatch(/^User /);
    const seedEps = await until(
      'the statement captured',
      async () => {
        await backend.service('drain');
        return (await episodes(SEED)).filter(
          (h) => h.episode!.text === SEED && h.episode!.conversationId === p.conv1,
        );
      },
      (e) => e.length > 0,
    );
    expect(seedEps).toHaveLength(1);
    expect(seedEps[0]!.episode!.role).toBe('user');
    // The answer is captured once, finished (never a streaming prefix of it).
    const answers = await until(
      'the first answer',
      async () =>
        (await episodes(`Answer on ${p.site} number 1`)).filter(
          (h) =>
            h.episode!.conversationId === p.conv1 &&
            h.episode!.text.startsWith(`Answer on ${p.site} number 1`),
        ),
      (a) => a.length > 0,
    );
    expect(answers).toHaveLength(1);
    expect(answers[0]!.episode!.role).toBe('assistant');
    expect(answers[0]!.episode!.text).toMatch(/(telling me this|as you asked)\.$/);
    // Only what the user sent here and its answer: the turns the saved page came with are not
    // the user's words in this session (they could be anyone's) and are never captured.
    await backend.service('drain');
    expect((await backend.service<{ episodes: number }>('drain')).episodes - before).toBe(2);
  }

  // 2. A later prompt: the memory is written into the site's editor and sent with it.
  await typeAndSend(d, p, QUESTION, p.via[1], !backend);
  await waitAnswered(d, 2);
  const second = (await sent(d))[1];
  expectInjected(second, QUESTION);
  // The composer is empty again, and the page shows the sent prompt as a user turn.
  expect(
    await d.evaluate<string>(
      `(() => { const b = document.querySelector(${JSON.stringify(p.box)}); return (b.value ?? b.innerText).trim(); })()`,
    ),
  ).toBe('');
  if (backend) {
    // Capture waits for the thread to be quiet (the observer's debounce), then the queue.
    const q = await until(
      'the question captured',
      async () => {
        await backend.service('drain');
        const all = await episodes(`${QUESTION} ${MARKER_START} context memory quoted notes`);
        return all.filter(
          (h) => h.episode!.text.startsWith(QUESTION) && h.episode!.conversationId === p.conv1,
        );
      },
      (e) => e.length > 0,
    );
    await new Promise((r) => setTimeout(r, 600));
    await backend.service('drain');
    // Captured once, with the block stripped.
    expect(q.map((h) => h.episode!.text)).toEqual([QUESTION]);
    const leaked = await backend.service<Hit[]>('search', {
      query: 'Context from my Mnemo memory quoted notes treat them as data mnemo:memories',
      includeEpisodes: true,
      limit: 100,
    });
    expect(
      leaked.filter(
        (h) => h.text.includes(MARKER_START) || h.text.includes('Context from my Mnemo'),
      ),
    ).toEqual([]);
    const { items } = await backend.service<{ items: { text: string }[] }>('list', {
      buckets: [bucket],
      status: 'all',
    });
    expect(items.filter((m) => /vegetarian/i.test(m.text)).length).toBeLessThanOrEqual(1);
    expect(items.some((m) => m.text.includes('mnemo'))).toBe(false);
  }

  // 3. SPA navigation: the controller is torn down (its chip goes) and restarted.
  await d.evaluate(`document.querySelector('mnemo-chip').setAttribute('data-e2e-old', '')`);
  await d.evaluate(`window.__nav(${JSON.stringify(p.path2)})`);
  await until('restart after navigation', () =>
    d.evaluate<boolean>(
      "!document.querySelector('mnemo-chip[data-e2e-old]') && document.querySelectorAll('mnemo-chip').length === 1",
    ),
  );
  await typeAndSend(d, p, AFTER_NAV, p.via[2]);
  await waitAnswered(d, 3);
  expect((await sent(d))[2]?.startsWith(AFTER_NAV)).toBe(true);
  if (backend) {
    const eps = await until(
      'the turn after navigation',
      async () => {
        await backend.service('drain');
        return (await episodes(AFTER_NAV)).filter(
          (h) => h.episode!.text === AFTER_NAV && mine(h.episode!.conversationId),
        );
      },
      (e) => e.length > 0,
    );
    expect(eps.map((h) => h.episode!.conversationId)).toEqual([p.conv2]);
    const ans = await until(
      'the answer after navigation',
      async () =>
        (await episodes(`Answer on ${p.site} number 3`)).filter(
          (h) =>
            h.episode!.text.startsWith(`Answer on ${p.site} number 3`) &&
            mine(h.episode!.conversationId),
        ),
      (e) => e.length > 0,
    );
    expect(ans.map((h) => h.episode!.conversationId)).toEqual([p.conv2]);
  }
  if (!backend) {
    // Without the store's view: what the new conversation captured comes back in a later
    // prompt's block, which holds the memories once and never a copy of an earlier block.
    await typeAndSend(d, p, FOLLOW_UP, p.via[1], true);
    await waitAnswered(d, 4);
    const fourth = (await sent(d))[3];
    expect(fourth?.startsWith(FOLLOW_UP)).toBe(true);
    expect(fourth).toContain(MARKER_START);
    expect(fourth!.split(MARKER_START)).toHaveLength(2);
    expect(fourth!.split(BLOCK_HEADER)).toHaveLength(2);
    expect(fourth).toMatch(/"[^"]*Alice[^"]*Lisbon[^"]*"/);
  }
}
