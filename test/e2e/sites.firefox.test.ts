/**
 * Saved ChatGPT and Claude pages in real Firefox ESR with the built extension (test build),
 * driven by puppeteer-core over WebDriver BiDi, with the same page scripts and flow as the
 * Chromium test (site-flow.ts): capture, injection into the ProseMirror editors, no
 * re-capture of the block, SPA navigation. Firefox over BiDi cannot open Mnemo's own pages,
 * so the store is seen through what the pages are sent: the seeded memory in a later
 * prompt's block, and what the restarted capture stored after navigation in the next one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { firefoxPath } from '../../scripts/browsers.mjs';
import { pageScripts, startServer } from '../../scripts/serve.mjs';
import { siteFlow, type Driver } from './site-flow';
import { SITE_PAGES, pageScript } from './site-pages';

const EXT = resolve(__dirname, '../../.output/firefox-mv2-test');
const PAGES = SITE_PAGES.filter((p) => p.site === 'chatgpt' || p.site === 'claude');

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let profile: string;

beforeAll(async () => {
  for (const p of PAGES) pageScripts.set(`/__site/${p.site}/${p.file}`, pageScript(p));
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
  for (const p of PAGES) pageScripts.delete(`/__site/${p.site}/${p.file}`);
  await browser?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

function driver(page: Page): Driver {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: <T>(expr: string) => page.evaluate(expr) as Promise<T>,
    focus: (sel) => page.focus(sel),
    type: (text) => page.keyboard.type(text),
    press: (key) => page.keyboard.press(key as 'Enter'),
  };
}

describe('saved ChatGPT and Claude pages in Firefox: capture, injection, no re-capture, SPA navigation', () => {
  for (const p of PAGES) {
    it(p.name, async () => {
      const page = await browser.newPage();
      try {
        await siteFlow(driver(page), server.origin, p);
      } finally {
        await page.close();
      }
    });
  }
});
