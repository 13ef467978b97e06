/**
 * Chrome's built-in model (the Prompt API) in the real extension (Chrome test build). Debian's
 * Chromium has `LanguageModel` but no model (it answers "unavailable"), so:
 *  - with Chromium's own API: the options page offers the model and explains why it cannot
 *    run here; a turn captured with the tier chosen goes to the rules, counted;
 *  - with the Prompt API TEST DOUBLE (test/helpers/prompt-api-test-double.ts) installed in
 *    the options page before its scripts run and in the service worker: the download starts
 *    only from a click (the double refuses a download without a user gesture, as Chrome
 *    does) and shows its progress; a turn captured on the demo site is extracted through the
 *    double in the service worker (the only place the test installs it) and stored; a
 *    failure is handed to the rules and counted, and the counts show in Options → Models.
 * The double knows nothing of language: no quality figure comes from this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../src/memory/types';
import type { EngineStatus } from '../../src/messaging/protocol';
import { memoryOf } from '../helpers/memory';
import {
  factsReply,
  installPromptApiTestDouble,
  modelFact,
  type DoubleLog,
  type DoubleScript,
} from '../helpers/prompt-api-test-double';
import { chatOnDemo, launch, type ChromiumSession } from './chromium';

/** The double's installer, as a script for a page or the worker (no eval under the CSP). */
const installer = (script: DoubleScript) =>
  `(${installPromptApiTestDouble.toString()})(globalThis, ${JSON.stringify(script)}); true;`;

const swOf = (s: ChromiumSession) => s.ctx.serviceWorkers()[0] ?? s.sw;

async function doubleLog(s: ChromiumSession): Promise<DoubleLog> {
  return swOf(s).evaluate(
    () =>
      (globalThis as unknown as { __promptApiTestDouble: { log: DoubleLog } }).__promptApiTestDouble
        .log,
  );
}

/** As the options page sets it: through the background's message listener. */
async function setExtractor(s: ChromiumSession, extractor: string) {
  const settings = await s.service<Record<string, unknown>>('getSettings');
  const page = await s.ctx.newPage();
  try {
    await page.goto(`chrome-extension://${s.extensionId}/manifest.json`);
    const r = await page.evaluate(
      (next) =>
        (
          globalThis as unknown as {
            chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } };
          }
        ).chrome.runtime.sendMessage({
          mnemo: 1,
          method: 'setSettings',
          params: { settings: next },
        }),
      { ...settings, extractor },
    );
    expect(r.ok).toBe(true);
  } finally {
    await page.close();
  }
}

/** More answers for the double already in the worker (its sessions live on in the tier). */
async function reply(s: ChromiumSession, replies: DoubleScript['replies']) {
  await swOf(s).evaluate(
    (r) =>
      (
        globalThis as unknown as { __promptApiTestDouble: { script: DoubleScript } }
      ).__promptApiTestDouble.script.replies.push(...r),
    replies,
  );
}

const list = async (s: ChromiumSession) =>
  (await s.service<{ items: Memory[] }>('list', { status: 'all' })).items;

async function captured(s: ChromiumSession, text: string) {
  const { page } = await chatOnDemo(s, text);
  await expect
    .poll(async () => (await s.drain()).queue === 0 && (await list(s)).length, { timeout: 10_000 })
    .toBeTruthy();
  await page.close();
}

describe("Chromium's own Prompt API (no model on this machine)", () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launch();
  });
  afterAll(async () => s?.close());

  it('the options page offers the model and says plainly why it cannot run here', async () => {
    const page = await s.ctx.newPage();
    try {
      await page.goto(`chrome-extension://${s.extensionId}/options.html#models`);
      const state = page.getByTestId('chrome-model-state');
      await expect.poll(() => state.textContent(), { timeout: 15_000 }).toMatch(/cannot run here/);
      expect(await state.textContent()).toMatch(/22 GB of free disk space/);
      expect(await page.getByTestId('chrome-model').getByRole('button').count()).toBe(0);
    } finally {
      await page.close();
    }
  });

  it('a turn captured with the tier chosen is read by the rules, and the fallback counted', async () => {
    await setExtractor(s, 'chrome');
    await captured(s, "I'm vegetarian and I'm allergic to peanuts.");
    expect((await list(s)).some((m) => /vegetarian/i.test(m.text))).toBe(true);
    const st = await s.service<EngineStatus>('status');
    expect(st.extractor).toBe('chrome');
    expect(st.extractorCounts).toMatchObject({
      tier: 'chrome',
      model: 0,
      fallback: { unavailable: 1 },
    });
    expect(st.extractorError?.message).toMatch(/cannot run on this computer/);
  });
});

describe('with the Prompt API test double', () => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launch();
  });
  afterAll(async () => s?.close());

  it('the download starts only from the click, shows its progress, and the model can then be chosen', async () => {
    const page = await s.ctx.newPage();
    try {
      await page.addInitScript({
        content: installer({
          availability: 'downloadable',
          requireActivation: true,
          download: { progress: [0, 0.2, 0.4, 0.6, 0.8, 1], intervalMs: 250 },
          replies: [],
        }),
      });
      await page.goto(`chrome-extension://${s.extensionId}/options.html#models`);
      const panel = page.getByTestId('chrome-model');
      const state = page.getByTestId('chrome-model-state');
      await expect.poll(() => state.textContent(), { timeout: 15_000 }).toMatch(/Not downloaded/);
      const log = () =>
        page.evaluate(
          () =>
            (globalThis as unknown as { __promptApiTestDouble: { log: DoubleLog } })
              .__promptApiTestDouble.log,
        );
      expect((await log()).progress).toEqual([]);
      // Keyboard: the button is reachable and starts the download with Enter.
      const download = panel.getByRole('button', { name: 'Download' });
      await download.focus();
      await page.keyboard.press('Enter');
      const bar = page.getByRole('progressbar', { name: "Downloading Chrome's built-in model" });
      await expect.poll(() => bar.count()).toBe(1);
      await expect
        .poll(async () => Number(await bar.getAttribute('value')), { timeout: 5000 })
        .toBeGreaterThan(0);
      await expect
        .poll(() => state.textContent(), { timeout: 10_000 })
        .toBe('Ready on this computer.');
      expect((await log()).progress).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
      await panel.getByRole('button', { name: 'Use for extraction' }).click();
      await expect
        .poll(async () => (await s.service<{ extractor: string }>('getSettings')).extractor)
        .toBe('chrome');
      await expect
        .poll(() =>
          panel.getByRole('button', { name: 'In use for extraction' }).getAttribute('aria-pressed'),
        )
        .toBe('true');
    } finally {
      await page.close();
    }
  });

  it('a captured turn is extracted through the model in the service worker and stored', async () => {
    await swOf(s).evaluate(
      installer({
        availability: 'available',
        replies: [factsReply(modelFact('User keeps three beehives on the roof of their flat.'))],
      }),
    );
    await captured(s, 'I keep three beehives on the roof of my flat, any tips for winter?');
    const texts = (await list(s)).map((m) => m.text);
    expect(texts).toContain('User keeps three beehives on the roof of their flat.');
    const log = await doubleLog(s);
    expect(log.prompts).toHaveLength(1); // the user turn; the answer went to the rules
    expect(log.prompts[0]!.input).toContain('I keep three beehives on the roof of my flat');
    expect(log.prompts[0]!.schema).toMatchObject({ required: ['facts'] });
    expect(log.creates[0]!.system).toMatch(/"op" is what the fact does/);
    const st = await s.service<EngineStatus>('status');
    expect(st.extractorCounts).toMatchObject({ tier: 'chrome', model: 1, fallback: {} });
  });

  it("check:llm's probe extracts through the tier in the worker and names each decision's candidate by index", async () => {
    await reply(s, [
      factsReply(modelFact('User lives in Berlin.', { slot: 'home', op: 'set', value: 'Berlin' })),
      {
        text: JSON.stringify({
          decisions: [{ fact: 0, action: 'SUPERSEDE', memory: 0, text: '' }],
        }),
      },
    ]);
    const r = await swOf(s).evaluate(
      (input) =>
        (
          globalThis as unknown as { mnemoAi: { chromeExtract(i: unknown): Promise<unknown> } }
        ).mnemoAi.chromeExtract(input),
      {
        turn: {
          site: 'demo',
          conversationId: 'p',
          turnId: 'p1',
          role: 'user',
          text: 'We moved to Berlin.',
          url: 'https://example.invalid/p',
          observedAt: Date.UTC(2026, 5, 10, 10),
        },
        context: [],
        similar: [
          memoryOf('User lives in Lisbon.', {
            id: 'm-lisbon',
            bucket: 'site:demo',
            observedAt: Date.UTC(2026, 0, 5),
            slot: 'home',
          }),
        ],
      },
    );
    expect(r).toMatchObject({
      path: 'llm',
      chunks: 1,
      candidates: [{ text: 'User lives in Berlin.', slot: 'home', op: 'set', value: 'Berlin' }],
      decisions: [{ index: 0, kind: 'SUPERSEDE', targetId: 'm-lisbon' }],
    });
  });

  it('a failure hands the turn to the rules, counted, and Options → Models shows the counts', async () => {
    await reply(s, [{ error: 'QuotaExceededError' }]);
    await captured(s, "I'm allergic to shellfish, what can I eat at a sushi place?");
    expect((await list(s)).some((m) => /allergic to shellfish/i.test(m.text))).toBe(true);
    const st = await s.service<EngineStatus>('status');
    expect(st.extractorCounts).toMatchObject({ model: 1, fallback: { quota: 1 } });
    expect(st.extractorError?.name).toBe('LlmRequestError');
    const page = await s.ctx.newPage();
    try {
      await page.addInitScript({ content: installer({ availability: 'available', replies: [] }) });
      await page.goto(`chrome-extension://${s.extensionId}/options.html#models`);
      await expect
        .poll(() => page.getByTestId('chrome-model-counts').textContent(), { timeout: 15_000 })
        .toMatch(/1 turn read by the model; 1 read by the rules instead \(turn too long: 1\)/);
    } finally {
      await page.close();
    }
  });
});
