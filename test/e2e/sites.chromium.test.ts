/**
 * Saved pages of the real chat sites, served on 127.0.0.1 under `/__site/<site>/`, in real
 * Chromium with the built extension (test build). A page script stands in for each site's
 * own scripts (see site-pages.ts): none of the page's own turns captured, a memory seeded
 * through the page, injection written into the site's editor kind and sent by the page, no re-capture
 * of the block, and SPA navigation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { pageScripts } from '../../scripts/serve.mjs';
import { launch, type ChromiumSession } from './chromium';
import { siteFlow, type Driver } from './site-flow';
import { SITE_PAGES, pageScript } from './site-pages';

let s: ChromiumSession;

beforeAll(async () => {
  for (const p of SITE_PAGES) pageScripts.set(`/__site/${p.site}/${p.file}`, pageScript(p));
  s = await launch();
});
afterAll(async () => {
  for (const p of SITE_PAGES) pageScripts.delete(`/__site/${p.site}/${p.file}`);
  await s?.close();
});

function driver(page: Page): Driver {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: (expr) => page.evaluate(expr),
    focus: (sel) => page.focus(sel),
    // Forced past Playwright's "enabled" check only: the saved pages keep the send button as
    // saved, `aria-disabled` with an empty composer (no site script re-enables it). The click
    // is still the browser's own, trusted, at the button.
    click: (sel) => page.click(sel, { force: true }),
    type: (text) => page.keyboard.type(text),
    press: (key) => page.keyboard.press(key),
  };
}

describe('saved chat pages in Chromium: capture, injection, no re-capture, SPA navigation', () => {
  for (const p of SITE_PAGES) {
    it(p.name, async () => {
      const page = await s.ctx.newPage();
      try {
        await siteFlow(driver(page), s.origin, p, s);
      } finally {
        await page.close();
      }
    });
  }
});
