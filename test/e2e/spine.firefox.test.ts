/**
 * The spine in real Firefox ESR with the built extension (test build), driven by
 * puppeteer-core over WebDriver BiDi: a statement sent on the demo site is captured and
 * stored, and a later prompt is sent with the memory injected in the marked block.
 * (Firefox cannot open extension popups over BiDi: the popup is tested in Chromium.)
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxSession } from '../../scripts/firefox';
import { CHIP_COUNT } from './site-flow';

let ff: FirefoxSession;
let browser: Browser;

beforeAll(async () => {
  ff = await launchFirefox();
  browser = ff.browser;
}, 90_000);

afterAll(async () => ff?.close());

async function send(page: Page, text: string) {
  await page.click('[data-demo-composer] [contenteditable="true"]');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function answered(page: Page, n: number) {
  await page.waitForFunction(
    (k: number) =>
      document.querySelectorAll('[data-role="assistant"][data-streaming="false"]').length >= k,
    { timeout: 15_000 },
    n,
  );
}

describe('capture → store → inject on the demo site (Firefox)', () => {
  it('injects a memory captured earlier into a later prompt', async () => {
    const page = await browser.newPage();
    await page.goto(`${ff.origin}/demo/`);
    await send(page, "I'm vegetarian and I love hiking in the Alps.");
    await answered(page, 1);

    const later = await browser.newPage();
    await later.goto(`${ff.origin}/demo/`);
    // Type until the chip shows a memory ready: capture and processing are asynchronous.
    const deadline = Date.now() + 20_000;
    let count = 0;
    while (Date.now() < deadline) {
      await later.click('[data-demo-composer] [contenteditable="true"]', { count: 3 });
      await later.keyboard.press('Backspace');
      await later.keyboard.type('Suggest a vegetarian dinner for me tonight?');
      await new Promise((r) => setTimeout(r, 700));
      count = (await later.evaluate(CHIP_COUNT)) as number;
      if (count > 0) break;
    }
    expect(count).toBeGreaterThan(0);
    await later.keyboard.press('Enter');
    await answered(later, 1);
    const sent = await later.evaluate(
      () => (window as unknown as { __demoSent: string[] }).__demoSent,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Suggest a vegetarian dinner for me tonight?');
    expect(sent[0]).toContain('[mnemo:memories]');
    expect(sent[0]).toMatch(/"User is vegetarian[^"]*"/);
    // The injected block is not captured again: the page's own user turn is stripped of it
    // by the adapter, so a third prompt sees one vegetarian memory, not a copy of the block.
    expect(sent[0]?.match(/\[mnemo:memories\]/g)).toHaveLength(1);
  });
});
