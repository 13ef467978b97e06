/**
 * The spine in real Firefox ESR with the built extension (test build), driven by
 * puppeteer-core over WebDriver BiDi: a statement sent on the demo site is captured and
 * stored, and a later prompt is sent with the memory injected in the marked block.
 * (Firefox cannot open extension popups over BiDi: the popup is tested in Chromium.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firefoxPath } from '../../scripts/browsers.mjs';
import { startServer } from '../../scripts/serve.mjs';

const EXT = resolve(__dirname, '../../.output/firefox-mv2-test');
let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let profile: string;

beforeAll(async () => {
  server = await startServer();
  profile = mkdtempSync(join(tmpdir(), 'mnemo-firefox-'));
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({
        'mnemo@mnemo.local': '3c0b1e7a-6a51-4c55-9d4b-1f9a6f1d2a10',
      }),
      'network.proxy.allow_hijacking_localhost': false,
    },
  });
  await browser.installExtension(EXT);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

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
    await page.goto(`${server.origin}/demo/`);
    await send(page, "I'm vegetarian and I love hiking in the Alps.");
    await answered(page, 1);

    const later = await browser.newPage();
    await later.goto(`${server.origin}/demo/`);
    // Type until the chip shows a memory ready: capture and processing are asynchronous.
    const deadline = Date.now() + 20_000;
    let count = 0;
    while (Date.now() < deadline) {
      await later.click('[data-demo-composer] [contenteditable="true"]', { count: 3 });
      await later.keyboard.press('Backspace');
      await later.keyboard.type('Suggest a vegetarian dinner for me tonight?');
      await new Promise((r) => setTimeout(r, 700));
      count = Number(
        await later.evaluate(
          () => document.querySelector('mnemo-chip')?.getAttribute('data-count') ?? 0,
        ),
      );
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
