/**
 * The page side of privacy in real Chromium with the built extension (test build):
 * - a page script's synthetic route (fill the composer, synthetic `input`, Enter and
 *   `button.click()`) gets no memory text anywhere and nothing it sends is captured, while
 *   the same prompt typed by the user gets its block;
 * - shared conversation pages (a saved ChatGPT page at /share/<id>, the saved DeepSeek share
 *   page wherever it is served, the demo's share view /demo/share/<id>) are neither captured nor
 *   injected into, even when the user types and sends there;
 * - the page never sees the extension id, and WXT's "a newer script started" event, forged
 *   by the page with the (public) id, does not switch Mnemo off.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_HEADER, MARKER_START } from '../../src/inject/marker';
import type { Memory } from '../../src/memory/types';
import { pageScripts } from '../../scripts/serve.mjs';
import { demoSent, launch, waitForAnswer, type ChromiumSession } from './chromium';
import { syntheticRoute, type AttackResult } from './page-attack';
import { CHIP_COUNT, until } from './site-flow';
import { SITE_PAGES, pageScript } from './site-pages';

const BOX = '[data-demo-composer] [contenteditable="true"]';
const SEED = "I'm vegetarian and I'm allergic to peanuts.";
const ASK = 'Suggest a vegetarian dinner for me tonight?';
/** What a leaked memory would show: the block's frame or the stored fact. */
const LEAK = [MARKER_START, BLOCK_HEADER, 'User is vegetarian', 'allergic to peanuts'];

let s: ChromiumSession;

const episodes = async () => (await s.drain()).episodes;

/** Types as the user does and waits until the chip shows memories ready. */
async function typeUntilReady(page: Page, box: string, text: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await page.locator(box).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
    await page.waitForTimeout(700);
    if ((await page.evaluate<number>(CHIP_COUNT)) > 0) return;
  }
  throw new Error('the chip never showed a memory ready');
}

beforeAll(async () => {
  s = await launch();
  const page = await s.ctx.newPage();
  await page.goto(`${s.origin}/demo/`);
  await page.locator(BOX).click();
  await page.keyboard.type(SEED);
  await page.keyboard.press('Enter');
  await waitForAnswer(page, 1);
  await until(
    'the seeded memory',
    async () => {
      await s.drain();
      return (await s.service<{ items: Memory[] }>('list', {})).items;
    },
    (items) => items.some((m) => /vegetarian/.test(m.text)),
    // Setup, not a measure: a fresh browser's first capture also opens the offscreen page and
    // loads the rule extractor, which took over 15 s once on a loaded 2-core machine.
    40_000,
  );
  await page.close();
});
afterAll(async () => s?.close());

describe("a page script's synthetic route (Chromium)", () => {
  it('fill, input, Enter and click(): no memory text anywhere, nothing captured; typed, the block goes in', async () => {
    const page = await s.ctx.newPage();
    await page.goto(`${s.origin}/demo/`);
    await page.locator('mnemo-chip').waitFor({ state: 'attached' });
    // The memory is ready for a user who types (so there is something to leak); then the
    // composer is emptied and the page's script takes over.
    await typeUntilReady(page, BOX, ASK);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(500);
    const before = await episodes();
    const r = await page.evaluate<AttackResult>(
      syntheticRoute({
        box: BOX,
        send: '[data-action="send"]',
        prompts: [ASK, 'What should I cook for my vegetarian dinner tomorrow?'],
        waitMs: 1500,
      }),
    );
    const sent = await demoSent(page);
    // The site did send both (the route works), with nothing of Mnemo's in them.
    expect(sent).toHaveLength(2);
    for (const text of [r.chip, ...r.composer, ...sent, r.dom])
      for (const leak of LEAK) expect(text).not.toContain(leak);
    expect(r.chip).not.toMatch(/\d/);
    expect(await page.locator('mnemo-chip').getAttribute('data-count')).toBeNull();
    // Nothing captured: the debounce (400 ms) and the queue are long over after a drain.
    await page.waitForTimeout(800);
    expect(await episodes()).toBe(before);

    // The control, on the same page: the user types the same prompt and sends it.
    await typeUntilReady(page, BOX, ASK);
    await page.keyboard.press('Enter');
    await waitForAnswer(page, 3);
    const typed = (await demoSent(page))[2]!;
    expect(typed.startsWith(ASK)).toBe(true);
    expect(typed).toContain(MARKER_START);
    expect(typed).toMatch(/"User is vegetarian[^"]*"/);
    await until('the typed prompt and its answer captured', episodes, (n) => n >= before + 2);
    await page.close();
  });
});

describe('shared conversation pages (Chromium)', () => {
  const shared = {
    ...SITE_PAGES[0]!,
    path1: '/share/6a5aacf8-3648-83ee-b0cf-0f244fe98e93',
  };
  const key = `/__site/${shared.site}/${shared.file}`;
  beforeAll(() => void pageScripts.set(key, pageScript(shared)));
  afterAll(() => void pageScripts.delete(key));

  it('a saved ChatGPT page at /share/<id>: nothing captured, no chip, no block in what the user sends', async () => {
    const page = await s.ctx.newPage();
    const before = await episodes();
    await page.goto(`${s.origin}${key}`);
    expect(await page.evaluate(() => location.pathname)).toBe(`/__site/chatgpt${shared.path1}`);
    await page.focus(shared.box);
    await page.keyboard.type(ASK);
    await page.waitForTimeout(1200);
    await page.keyboard.press('Enter');
    await until(
      'the answer',
      () => page.evaluate(() => (window as unknown as { __done: number }).__done),
      (n) => n >= 1,
    );
    const sent = await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent);
    expect(sent).toEqual([ASK]);
    expect(await page.locator('mnemo-chip').count()).toBe(0);
    await page.waitForTimeout(800);
    // Neither the 11 turns the page shows nor what the user sent there.
    expect(await episodes()).toBe(before);
    await page.close();
  });

  it('the saved DeepSeek share page, served at another path: off (its og:url says /share/)', async () => {
    const page = await s.ctx.newPage();
    await page.goto(`${s.origin}/__site/deepseek/threadlift-2026-07-19-share.html`);
    await page.waitForTimeout(1500);
    expect(await page.locator('mnemo-chip').count()).toBe(0);
    // The control: a DeepSeek conversation page served the same way starts Mnemo.
    await page.goto(`${s.origin}/__site/deepseek/covai-2026-05-chat.html`);
    await page.locator('mnemo-chip').waitFor({ state: 'attached' });
    await page.close();
  });

  it("the demo's share view of a conversation: off", async () => {
    const page = await s.ctx.newPage();
    await page.goto(`${s.origin}/demo/`);
    const id = await page.evaluate(() => JSON.parse(localStorage.getItem('demo:ids') ?? '[]')[0]);
    expect(id).toBeTruthy();
    const before = await episodes();
    await page.goto(`${s.origin}/demo/share/${id}`);
    // The shared copy shows the conversation's turns under its banner, without a composer.
    await page.locator('[data-demo-shared]').waitFor();
    expect(await page.locator('[data-role="user"]').count()).toBeGreaterThan(0);
    await page.waitForTimeout(1500);
    expect(await page.locator('mnemo-chip').count()).toBe(0);
    expect(await episodes()).toBe(before);
    await page.close();
  });
});

describe('the extension id and the off switch (Chromium)', () => {
  it('the page sees no id, and its forged "newer script" event leaves Mnemo on', async () => {
    const started = `${s.extensionId}:chat:wxt:content-script-started`;
    const page = await s.ctx.newPage();
    await page.addInitScript((name) => {
      const w = window as unknown as { __msgs: string[]; __started: number };
      w.__msgs = [];
      w.__started = 0;
      addEventListener('message', (e) => w.__msgs.push(JSON.stringify(e.data)));
      document.addEventListener(name, () => w.__started++);
    }, started);
    await page.goto(`${s.origin}/demo/`);
    await page.locator('mnemo-chip').waitFor({ state: 'attached' });
    const seen = await page.evaluate((id) => {
      const w = window as unknown as { __msgs: string[]; __started: number };
      return {
        msgs: w.__msgs.filter((m) => m.includes(id) || m.includes('content-script-started')),
        started: w.__started,
        inDom: document.documentElement.outerHTML.includes(id),
      };
    }, s.extensionId);
    // WXT still announces the start on the document under this name (which proves the name
    // the forged event below uses is the one it listens for), but posts nothing to the page.
    expect(seen).toEqual({ msgs: [], started: 1, inDom: false });

    await page.evaluate((name) => {
      const detail = { contentScriptName: 'chat', messageId: 'page' };
      document.dispatchEvent(new CustomEvent(name, { detail }));
      window.postMessage({ type: name, ...detail }, '*');
    }, started);
    await page.waitForTimeout(300);
    await typeUntilReady(page, BOX, ASK);
    await page.keyboard.press('Enter');
    await waitForAnswer(page, 1);
    expect((await demoSent(page))[0]).toContain(MARKER_START);
    await page.close();
  });
});
