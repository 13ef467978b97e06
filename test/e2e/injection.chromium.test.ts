/**
 * Injection behaviours on the demo site in real Chromium with the built extension (test
 * build): the chip's count and popover (items removable before sending), the per-site modes
 * (automatic, manual through the chip, off), a search in flight when the prompt changes is
 * dropped and nothing stale is injected, nothing goes into an empty prompt or a prompt no
 * memory is relevant to, and the token budget caps the block.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_HEADER, MARKER_START } from '../../src/inject/marker';
import type { Memory } from '../../src/memory/types';
import { CHIP_COUNT } from './site-flow';
import { demoSent, launch, sendDemoPrompt, waitForAnswer, type ChromiumSession } from './chromium';

let s: ChromiumSession;
type Settings = { injectBudget: number; sites: Record<string, unknown> } & Record<string, unknown>;
let base: Settings;

const BOX = '[data-demo-composer] [contenteditable="true"]';
const DINNER = 'Suggest a vegetarian dinner for me tonight?';
const MEAL =
  'What vegetarian Thai dish can I cook tonight, given that I am allergic to peanuts and hate mushrooms?';

async function setDemo(inject: 'auto' | 'manual' | 'off', injectBudget = base.injectBudget) {
  await s.service('setSettings', {
    settings: {
      ...base,
      injectBudget,
      sites: {
        ...base.sites,
        demo: { capture: true, inject, writeBucket: 'site:demo', readBuckets: ['site:demo'] },
      },
    },
  });
}

async function openDemo(): Promise<Page> {
  const page = await s.ctx.newPage();
  await page.goto(`${s.origin}/demo/`);
  await page.locator('mnemo-chip').or(page.locator('[data-demo-thread]')).first().waitFor();
  return page;
}

async function type(page: Page, text: string) {
  await page.locator(BOX).click();
  await page.keyboard.type(text);
}

const count = (page: Page) => page.evaluate<number>(CHIP_COUNT);
const sent = demoSent;
const boxText = (page: Page) => page.locator(BOX).innerText();

beforeAll(async () => {
  s = await launch();
  base = await s.service<Settings>('getSettings');
  const page = await s.ctx.newPage();
  await page.goto(`${s.origin}/demo/`);
  await sendDemoPrompt(page, "I'm vegetarian and I'm allergic to peanuts.");
  await waitForAnswer(page, 1);
  await sendDemoPrompt(page, 'I love spicy Thai food and I hate mushrooms.');
  await waitForAnswer(page, 2);
  const end = Date.now() + 15_000;
  let texts = '';
  while (Date.now() < end) {
    await s.drain();
    const { items } = await s.service<{ items: Memory[] }>('list', {});
    texts = items.map((m) => m.text).join(' | ');
    if (/vegetarian/.test(texts) && items.length >= 3) break;
    await page.waitForTimeout(200);
  }
  expect(texts).toMatch(/vegetarian/);
  await page.close();
});
afterAll(async () => s?.close());

describe('injection on the demo site (Chromium)', () => {
  it('the chip shows how many memories are ready; a removed item stays out of the sent block', async () => {
    await setDemo('auto');
    const page = await openDemo();
    await type(page, MEAL);
    await expect.poll(() => count(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const n = await count(page);
    const chip = page.locator('mnemo-chip button.chip');
    await expect.poll(() => chip.textContent()).toBe(`Mnemo: ${n} memories`);
    await chip.click();
    const items = page.locator('mnemo-chip .pop li');
    await expect.poll(() => items.count()).toBe(n);
    const removed = (await items.first().locator('span').textContent())!.replace(
      / \(\d{4}-\d\d-\d\d\)$/,
      '',
    );
    await items
      .first()
      .getByRole('button', { name: /^Do not add:/ })
      .click();
    await expect.poll(() => count(page)).toBe(n - 1);
    await expect.poll(() => items.count()).toBe(n - 1);
    await page.locator(BOX).press('Enter');
    await waitForAnswer(page, 1);
    const [text] = await sent(page);
    expect(text!.startsWith(MEAL)).toBe(true);
    expect(text).toContain(MARKER_START);
    expect(text).not.toContain(`"${removed.replace(/"/g, "'")}"`);
    expect(text!.match(/^- "/gm)).toHaveLength(n - 1);
    await page.close();
  });

  it('manual mode: Enter sends the prompt as typed; the chip\'s "Add to prompt" writes the block', async () => {
    await setDemo('manual');
    const page = await openDemo();
    await type(page, DINNER);
    await expect.poll(() => count(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await page.locator(BOX).press('Enter');
    await waitForAnswer(page, 1);
    expect(await sent(page)).toEqual([DINNER]);

    await type(page, DINNER);
    await expect.poll(() => count(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await page.locator('mnemo-chip button.chip').click();
    await page.locator('mnemo-chip').getByRole('button', { name: 'Add to prompt' }).click();
    await expect.poll(() => boxText(page)).toContain(MARKER_START);
    await page.locator(BOX).press('Enter');
    await waitForAnswer(page, 2);
    const second = (await sent(page))[1]!;
    expect(second.startsWith(DINNER)).toBe(true);
    expect(second).toMatch(/"User is vegetarian[^"]*"/);
    expect(second.split(MARKER_START)).toHaveLength(2);
    await page.close();
  });

  it('off: no chip, nothing injected, capture still on', async () => {
    await setDemo('off');
    const page = await openDemo();
    await type(page, DINNER);
    await page.waitForTimeout(800);
    expect(await page.locator('mnemo-chip').count()).toBe(0);
    await page.locator(BOX).press('Enter');
    await waitForAnswer(page, 1);
    expect(await sent(page)).toEqual([DINNER]);
    await expect
      .poll(async () => {
        await s.drain();
        const hits = await s.service<{ type: string; text: string }[]>('search', {
          query: DINNER,
          includeEpisodes: true,
          buckets: ['site:demo'],
        });
        return hits.filter((h) => h.type === 'episode' && h.text === DINNER).length;
      })
      .toBeGreaterThanOrEqual(1);
    await page.close();
  });

  it('a search in flight when the prompt changes is dropped: nothing stale is injected', async () => {
    await setDemo('auto');
    // Slow the background's answer for the first prompt, so it is still in flight when the
    // prompt changes (the service's own handler, wrapped; restored below).
    await s.sw.evaluate(() => {
      const svc = (globalThis as unknown as { mnemo: { service: Record<string, unknown> } }).mnemo
        .service as unknown as {
        handlers: Record<string, (p: { prompt: string }, x: unknown) => Promise<unknown>>;
        __orig?: unknown;
      };
      const orig = svc.handlers.prepareInjection!;
      svc.__orig = orig;
      svc.handlers.prepareInjection = async function (this: unknown, p, x) {
        if (/vegetarian/.test(p.prompt)) await new Promise((r) => setTimeout(r, 1500));
        return orig.call(this, p, x);
      };
    });
    try {
      const page = await openDemo();
      await type(page, DINNER);
      await page.waitForTimeout(400); // the search for DINNER has started and is held
      await page.keyboard.press('Control+A');
      await page.keyboard.type('What is the capital of France?');
      await page.waitForTimeout(2200); // the held answer for DINNER has come back by now
      expect(await count(page)).toBe(0);
      await page.locator(BOX).press('Enter');
      await waitForAnswer(page, 1);
      expect(await sent(page)).toEqual(['What is the capital of France?']);

      // Sent while the search for the new prompt is still held: nothing from the old one.
      await type(page, 'Is a vegetarian diet healthy?');
      await page.waitForTimeout(250);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('How tall is Mount Everest?');
      await page.keyboard.press('Enter');
      await waitForAnswer(page, 2);
      expect((await sent(page))[1]).toBe('How tall is Mount Everest?');
      await page.close();
    } finally {
      await s.sw.evaluate(() => {
        const svc = (globalThis as unknown as { mnemo: { service: Record<string, unknown> } }).mnemo
          .service as unknown as { handlers: Record<string, unknown>; __orig?: unknown };
        if (svc.__orig) svc.handlers.prepareInjection = svc.__orig;
      });
    }
  });

  it('nothing is injected into an empty prompt, or when no memory clears the threshold', async () => {
    await setDemo('auto');
    const page = await openDemo();
    await page.locator(BOX).click();
    await page.keyboard.press('Enter');
    await page.keyboard.type('   ');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(1000);
    expect(await boxText(page)).not.toContain(MARKER_START);
    expect(await sent(page)).toEqual([]);
    expect(await count(page)).toBe(0);

    await page.keyboard.press('Control+A');
    await page.keyboard.type('What is the capital of France?');
    await page.waitForTimeout(700);
    expect(await count(page)).toBe(0);
    await page.keyboard.press('Enter');
    await waitForAnswer(page, 1);
    expect(await sent(page)).toEqual(['What is the capital of France?']);
    await page.close();
  });

  it('Shift+Enter and Enter during IME composition are not sends: nothing is held or injected', async () => {
    await setDemo('auto');
    const page = await openDemo();
    await type(page, DINNER);
    await expect.poll(() => count(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await page.keyboard.press('Shift+Enter');
    await page.locator(BOX).evaluate((box) => {
      box.dispatchEvent(
        new KeyboardEvent('keydown', {
          key: 'Enter',
          keyCode: 229,
          isComposing: true,
          bubbles: true,
          cancelable: true,
        }),
      );
    });
    await page.waitForTimeout(600);
    expect(await boxText(page)).not.toContain(MARKER_START);
    expect(await sent(page)).toEqual([]);
    await page.locator(BOX).press('Enter');
    await waitForAnswer(page, 1);
    const [text] = await sent(page);
    expect(text!.startsWith(DINNER)).toBe(true);
    expect(text).toContain(MARKER_START);
    await page.close();
  });

  it('the token budget caps the block', async () => {
    await setDemo('auto', 400);
    const url = `${s.origin}/demo/`;
    type Plan = { items: { text: string; tokens: number }[]; tokens: number };
    const full = await s.service<Plan>('prepareInjection', { prompt: MEAL, url });
    expect(full.items.length).toBeGreaterThanOrEqual(2);
    // A budget with room for the frame and the first item only.
    const frame = full.tokens - full.items.reduce((a, i) => a + i.tokens, 0);
    const budget = frame + full.items[0]!.tokens + 1;
    await setDemo('auto', budget);
    const capped = await s.service<Plan>('prepareInjection', { prompt: MEAL, url });
    expect(capped.tokens).toBeLessThanOrEqual(budget);
    expect(capped.items.length).toBeLessThan(full.items.length);
    expect(capped.items.length).toBeGreaterThanOrEqual(1);

    const page = await openDemo();
    await type(page, MEAL);
    await page.keyboard.press('Enter');
    await waitForAnswer(page, 1);
    const [text] = await sent(page);
    expect(text).toContain(BLOCK_HEADER);
    expect(text!.match(/^- "/gm)).toHaveLength(capped.items.length);
    for (const i of capped.items) expect(text).toContain(i.text.replace(/"/g, "'"));
    await page.close();
    await setDemo('auto', 400);
  });
});
