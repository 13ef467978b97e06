/**
 * Sync end to end: the built extension in Chromium and in Firefox, each with its own
 * profile, through pouchdb-server started here on 127.0.0.1. A memory captured in
 * Chromium appears in Firefox and one captured in Firefox appears in Chromium; an edit and a
 * deletion propagate; two concurrent edits of one memory resolve to the newer on both; a
 * wrong passphrase is refused; the server's stored data holds none of the memories' words.
 * (The test builds may reach 127.0.0.1, so setup finds the server's origin granted. Firefox's
 * background is called from its options page, which its test build opens.)
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCouch, type CouchServer } from '../../scripts/couch';
import { chatOnDemo, launch, type ChromiumSession } from '../../scripts/chromium';
import { FIREFOX_EXTENSION_UUID, launchFirefox, type FirefoxSession } from '../../scripts/firefox';
import type { Memory } from '../../src/memory/types';

let couch: CouchServer;
let chromium: ChromiumSession;
let ff: FirefoxSession;
let ffPage: Page | undefined;

const PASSPHRASE = 'plum orbit lantern seventeen';

/** Calls Firefox's background service from the options page, as the page itself does. */
async function ffService<T>(method: string, params: unknown = {}): Promise<T> {
  const res = (await ffPage!.evaluate(
    async (m: string, p: unknown) => {
      const b = (
        globalThis as unknown as {
          browser: { runtime: { sendMessage(x: unknown): Promise<unknown> } };
        }
      ).browser;
      return b.runtime.sendMessage({ mnemo: 1, method: m, params: p });
    },
    method,
    params,
  )) as { ok: boolean; value?: T; error?: { name: string; message: string } };
  if (!res.ok) throw Object.assign(new Error(res.error!.message), { name: res.error!.name });
  return res.value as T;
}

async function ffChat(browser: Browser, text: string): Promise<void> {
  const page = await browser.newPage();
  await page.goto(`${ff.origin}/demo/`);
  await page.click('[data-demo-composer] [contenteditable="true"]');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    () => document.querySelectorAll('[data-role="assistant"][data-streaming="false"]').length >= 1,
    { timeout: 15_000 },
  );
  await page.close();
}

const listOf = async (call: <T>(m: string, p?: unknown) => Promise<T>) =>
  (await call<{ items: Memory[] }>('list', { status: 'all', limit: 500 })).items;

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const cr = <T>(m: string, p?: unknown) => chromium.service<T>(m, p ?? {});
const fx = <T>(m: string, p?: unknown) => ffService<T>(m, p ?? {});

beforeAll(async () => {
  couch = await startCouch();
  chromium = await launch();
  ff = await launchFirefox();
  // The Firefox test build opens its options page (src/background/probe-firefox.ts); its
  // tab may still report about:blank as its URL, so each page is asked where it is.
  const deadline = Date.now() + 30_000;
  while (!ffPage) {
    for (const page of await ff.browser.pages()) {
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(`moz-extension://${FIREFOX_EXTENSION_UUID}/`)) ffPage = page;
    }
    if (Date.now() > deadline) throw new Error('the options page did not open in Firefox');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await ff?.close();
  await couch?.close();
});

describe('sync between Chromium and Firefox through a CouchDB', () => {
  const url = () => `${couch.origin}/mnemo`;
  const setup = (passphrase = PASSPHRASE) => ({
    url: url(),
    username: '',
    password: '',
    passphrase,
    urls: false,
  });

  it('carries memories both ways, edits, deletions and a conflict; refuses a wrong passphrase', async () => {
    // Chromium: a memory captured on the demo site, then sync set up.
    await chatOnDemo(chromium, "I'm vegetarian and I love hiking in the Alps.");
    await chromium.drain();
    const veg = (await listOf(cr)).find((m) => /vegetarian/.test(m.text));
    expect(veg).toBeDefined();
    expect(await cr('syncSetup', setup())).toMatchObject({ enabled: true });

    // Firefox: a wrong passphrase is refused and nothing is set up; the right one opens.
    await expect(fx('syncSetup', setup('plum orbit lantern'))).rejects.toMatchObject({
      name: 'WrongPassphraseError',
    });
    expect(await fx('syncStatus')).toMatchObject({ enabled: false });
    await fx('syncSetup', setup());
    const arrived = await until('the memory in Firefox', async () =>
      (await listOf(fx)).find((m) => m.id === veg!.id),
    );
    expect(arrived.text).toBe(veg!.text);

    // And back: a memory captured in Firefox reaches Chromium.
    await ffChat(ff.browser, 'I have a dog named Rex.');
    await fx('drain');
    const rex = await until('the Firefox memory in Chromium', async () =>
      (await listOf(cr)).find((m) => /Rex/.test(m.text)),
    );

    // An edit in Firefox reaches Chromium (timed: both online).
    const t0 = Date.now();
    await fx('edit', { id: veg!.id, text: 'User is vegan.' });
    await until('the edit in Chromium', async () =>
      (await cr<Memory | null>('get', { id: veg!.id }))?.text === 'User is vegan.'
        ? true
        : undefined,
    );
    const editMs = Date.now() - t0;
    console.log(`sync e2e: an edit in Firefox reached Chromium in ${editMs} ms`);
    expect(editMs).toBeLessThan(5000);

    // Concurrent edits of one memory: the newer (Firefox's, made second) wins on both.
    await Promise.all([
      cr('edit', { id: rex.id, text: 'User has a dog called Rex.' }),
      new Promise((r) => setTimeout(r, 5)).then(() =>
        fx('edit', { id: rex.id, text: 'User has a terrier named Rex.' }),
      ),
    ]);
    for (const call of [cr, fx])
      await until('the newer edit on both', async () =>
        (await call<Memory | null>('get', { id: rex.id }))?.text === 'User has a terrier named Rex.'
          ? true
          : undefined,
      );

    // A deletion in Chromium reaches Firefox.
    await cr('forget', { type: 'memory', id: veg!.id });
    await until('the deletion in Firefox', async () =>
      (await fx<Memory | null>('get', { id: veg!.id })) === null ? true : undefined,
    );

    // The server: ciphertext, random ids, sizes and times; none of the memories' words.
    const all = await (await fetch(`${url()}/_all_docs?include_docs=true&conflicts=true`)).text();
    const changes = await (
      await fetch(`${url()}/_changes?include_docs=true&style=all_docs`)
    ).text();
    expect(all).toContain('"ct"');
    for (const word of ['vegetarian', 'vegan', 'hiking', 'Alps', 'Rex', 'dog', 'terrier', 'User'])
      expect(all + changes, word).not.toContain(word);

    // Sync off in Firefox: its memories stay.
    await fx('syncOff');
    expect((await listOf(fx)).some((m) => m.id === rex.id)).toBe(true);
    await cr('syncOff');
  }, 180_000);
});
