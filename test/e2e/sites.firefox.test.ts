/**
 * Saved ChatGPT and Claude pages in real Firefox ESR with the built extension (test build),
 * driven by puppeteer-core over WebDriver BiDi, with the same page scripts and flow as the
 * Chromium test (site-flow.ts): capture, injection into the ProseMirror editors, no
 * re-capture of the block, SPA navigation. Firefox over BiDi cannot open Mnemo's own pages,
 * so the store is seen through what the pages are sent: the seeded memory in a later
 * prompt's block, and what the restarted capture stored after navigation in the next one.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { launchFirefox, type FirefoxSession } from '../../scripts/firefox';
import { pageScripts } from '../../scripts/serve.mjs';
import { siteFlow, type Driver } from './site-flow';
import { SITE_PAGES, pageScript } from './site-pages';

const PAGES = SITE_PAGES.filter((p) => p.site === 'chatgpt' || p.site === 'claude');

let ff: FirefoxSession;
let browser: Browser;

beforeAll(async () => {
  for (const p of PAGES) pageScripts.set(`/__site/${p.site}/${p.file}`, pageScript(p));
  ff = await launchFirefox();
  browser = ff.browser;
}, 90_000);

afterAll(async () => {
  for (const p of PAGES) pageScripts.delete(`/__site/${p.site}/${p.file}`);
  await ff?.close();
});

function driver(page: Page): Driver {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: <T>(expr: string) => page.evaluate(expr) as Promise<T>,
    focus: (sel) => page.focus(sel),
    click: (sel) => page.click(sel),
    type: (text) => page.keyboard.type(text),
    press: (key) => page.keyboard.press(key as 'Enter'),
  };
}

describe('saved ChatGPT and Claude pages in Firefox: capture, injection, no re-capture, SPA navigation', () => {
  for (const p of PAGES) {
    it(p.name, async () => {
      const page = await browser.newPage();
      try {
        await siteFlow(driver(page), ff.origin, p);
      } finally {
        await page.close();
      }
    });
  }
});
