/**
 * Firefox ESR with the built extension, driven by puppeteer-core over WebDriver BiDi (the
 * end-to-end tests). The add-on's moz-extension UUID is pinned so runs are comparable.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { firefoxPath } from './browsers.mjs';
import { startServer } from './serve.mjs';

export const FIREFOX_TEST_BUILD = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../.output/firefox-mv2-test',
);

/** The add-on's moz-extension UUID in the tests (its pages are at moz-extension://UUID/). */
export const FIREFOX_EXTENSION_UUID = '3c0b1e7a-6a51-4c55-9d4b-1f9a6f1d2a10';

export interface FirefoxSession {
  browser: Browser;
  origin: string;
  close(): Promise<void>;
}

export async function launchFirefox(extDir = FIREFOX_TEST_BUILD): Promise<FirefoxSession> {
  const server = await startServer();
  const profile = mkdtempSync(join(tmpdir(), 'mnemo-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    userDataDir: profile,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({
        'mnemo@mnemo.local': FIREFOX_EXTENSION_UUID,
      }),
      'network.proxy.allow_hijacking_localhost': false,
    },
  });
  await browser.installExtension(extDir);
  return {
    browser,
    origin: server.origin,
    async close() {
      await browser.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
