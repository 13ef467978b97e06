/**
 * A page script's synthetic route in real Firefox ESR with the built extension (test build),
 * over WebDriver BiDi: the page fills the composer, fires a synthetic `input`, Enter and
 * `button.click()`, and finds no memory text in the composer, in what the site sent, or
 * anywhere in the DOM (open shadow roots included); the same prompt typed by the user gets
 * its block, so the memory was there to leak; no message to the page carries the add-on's id,
 * and the page's forged "newer script started" event leaves Mnemo on. (Firefox over BiDi
 * cannot open Mnemo's own pages: what was captured is seen in the Chromium test.)
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_HEADER, MARKER_START } from '../../src/inject/marker';
import { launchFirefox, type FirefoxSession } from '../../scripts/firefox';
import { syntheticRoute, type AttackResult } from './page-attack';
import { CHIP_COUNT } from './site-flow';

const BOX = '[data-demo-composer] [contenteditable="true"]';
const SEED = "I'm vegetarian and I'm allergic to peanuts.";
const ASK = 'Suggest a vegetarian dinner for me tonight?';
const GECKO_ID = 'mnemo@mnemo.local';
const LEAK = [MARKER_START, BLOCK_HEADER, 'User is vegetarian', 'allergic to peanuts'];

let ff: FirefoxSession;
let browser: Browser;

beforeAll(async () => {
  ff = await launchFirefox();
  browser = ff.browser;
}, 90_000);
afterAll(async () => ff?.close());

const sentOf = (page: Page) =>
  page.evaluate(() => (window as unknown as { __demoSent: string[] }).__demoSent);

async function answered(page: Page, n: number) {
  await page.waitForFunction(
    (k: number) =>
      document.querySelectorAll('[data-role="assistant"][data-streaming="false"]').length >= k,
    { timeout: 15_000 },
    n,
  );
}

/** Types as the user does until the chip shows a memory ready (capture is asynchronous). */
async function typeUntilReady(page: Page, text: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    await page.click(BOX, { count: 3 });
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
    await new Promise((r) => setTimeout(r, 700));
    if (((await page.evaluate(CHIP_COUNT)) as number) > 0) return;
  }
  throw new Error('the chip never showed a memory ready');
}

describe("a page script's synthetic route (Firefox)", () => {
  it('fill, input, Enter and click(): no memory text anywhere; typed, the block goes in', async () => {
    const seed = await browser.newPage();
    await seed.goto(`${ff.origin}/demo/`);
    await seed.click(BOX);
    await seed.keyboard.type(SEED);
    await seed.keyboard.press('Enter');
    await answered(seed, 1);

    const page = await browser.newPage();
    // Everything posted to the page from its start: WXT's start message carried the id.
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as { __msgs: string[] };
      w.__msgs = [];
      addEventListener('message', (e) => w.__msgs.push(JSON.stringify(e.data)));
    });
    await page.goto(`${ff.origin}/demo/`);
    // The memory is ready for a user who types (the control): only then is a leak possible.
    await typeUntilReady(page, ASK);
    await page.click(BOX, { count: 3 });
    await page.keyboard.press('Backspace');
    await new Promise((r) => setTimeout(r, 500));

    const r = (await page.evaluate(
      syntheticRoute({
        box: BOX,
        send: '[data-action="send"]',
        prompts: [ASK, 'What should I cook for my vegetarian dinner tomorrow?'],
        waitMs: 1500,
      }),
    )) as AttackResult;
    const sent = await sentOf(page);
    expect(sent).toHaveLength(2);
    for (const text of [r.chip, ...r.composer, ...sent, r.dom])
      for (const leak of LEAK) expect(text).not.toContain(leak);
    expect(
      await page.evaluate(
        () => document.querySelector('mnemo-chip')?.getAttribute('data-count') ?? null,
      ),
    ).toBeNull();

    // No id was posted, and the page's forged "newer script started" event (the Firefox id is
    // the manifest's gecko id, public) does not switch Mnemo off: the control still works.
    const msgs = await page.evaluate(() => (window as unknown as { __msgs: string[] }).__msgs);
    expect(
      msgs.filter((m) => m.includes(GECKO_ID) || m.includes('content-script-started')),
    ).toEqual([]);
    await page.evaluate((name: string) => {
      const detail = { contentScriptName: 'chat', messageId: 'page' };
      document.dispatchEvent(new CustomEvent(name, { detail }));
      window.postMessage({ type: name, ...detail }, '*');
    }, `${GECKO_ID}:chat:wxt:content-script-started`);

    await typeUntilReady(page, ASK);
    await page.keyboard.press('Enter');
    await answered(page, 3);
    const typed = (await sentOf(page))[2]!;
    expect(typed.startsWith(ASK)).toBe(true);
    expect(typed).toContain(MARKER_START);
    expect(typed).toMatch(/"User is vegetarian[^"]*"/);
  });
});
