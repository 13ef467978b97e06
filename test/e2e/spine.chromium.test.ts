/**
 * The spine in real Chromium with the built extension (test build): a turn sent on the demo
 * site is captured, queued, stored in IndexedDB, turned into a fact, embedded with the real
 * potion model, indexed (Voy here, to prove it runs in the extension) and injected into a
 * later prompt inside the marked block, which is never captured again. The popup lists and
 * deletes, and a deleted memory is never injected again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../src/memory/types';
import {
  chatOnDemo,
  launch,
  sendDemoPrompt,
  waitForAnswer,
  type ChromiumSession,
} from './chromium';

let s: ChromiumSession;

beforeAll(async () => {
  s = await launch();
  const settings = await s.service<Record<string, unknown>>('getSettings');
  await s.service('setSettings', { settings: { ...settings, vectorIndex: 'voy' } });
});
afterAll(async () => s?.close());

const list = async () => (await s.service<{ items: Memory[] }>('list', { status: 'all' })).items;

describe('capture → store → inject on the demo site (Chromium)', () => {
  it('captures a first-person statement and stores it as a fact with provenance', async () => {
    const page = await s.ctx.newPage();
    await page.goto(`${s.origin}/demo/`);
    await sendDemoPrompt(page, "I'm vegetarian and I'm allergic to peanuts.");
    await waitForAnswer(page, 1);
    // The answer is captured once it has finished streaming (after the observer's debounce).
    await expect
      .poll(async () => (await s.drain()).episodes, { timeout: 5000 })
      .toBeGreaterThanOrEqual(2);
    expect((await s.drain()).queue).toBe(0);
    const memories = await list();
    const veg = memories.find((m) => /vegetarian/i.test(m.text));
    expect(veg, JSON.stringify(memories.map((m) => m.text))).toBeDefined();
    expect(veg!.text).toMatch(/^User /);
    expect(veg!.provenance[0]?.site).toBe('demo');
    expect(veg!.provenance[0]?.url).toContain('/demo/c/');
    await page.close();
  });

  it('injects the relevant memory into a later prompt, in a marked block, and never re-captures it', async () => {
    const { page, sent } = await chatOnDemo(s, 'Suggest a vegetarian dinner for me tonight?');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Suggest a vegetarian dinner for me tonight?');
    expect(sent[0]).toContain('[mnemo:memories]');
    expect(sent[0]).toMatch(/"User is vegetarian[^"]*"/);
    expect(sent[0]).toContain('[/mnemo:memories]');
    // The site's answer saw the memory (the scripted responder echoes what it received).
    await expect
      .poll(() => page.locator('[data-role="assistant"]').last().textContent())
      .toContain('vegetarian');

    await s.drain();
    const memories = await list();
    expect(memories.some((m) => m.text.includes('mnemo:memories'))).toBe(false);
    expect(memories.filter((m) => /vegetarian/i.test(m.text))).toHaveLength(1);
    const hits = await s.service<{ type: string; text: string }[]>('search', {
      query: 'mnemo memories context quoted notes',
      includeEpisodes: true,
      limit: 50,
    });
    expect(
      hits.some(
        (h) =>
          h.text.includes('[mnemo:memories]') || h.text.includes('Context from my Mnemo memory'),
      ),
    ).toBe(false);
    await page.close();
  });

  it('does not inject into a prompt no memory is relevant to', async () => {
    const { page, sent } = await chatOnDemo(s, 'What is the capital of France?');
    expect(sent).toEqual(['What is the capital of France?']);
    await page.close();
  });

  it('the popup lists the memories and deletes one, which is never injected again', async () => {
    const popup = await s.ctx.newPage();
    await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
    const row = popup.locator('[role="listitem"]', { hasText: 'vegetarian' });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByRole('button', { name: /Delete memory/ }).click();
    await expect
      .poll(() => popup.locator('[role="listitem"]', { hasText: 'vegetarian' }).count())
      .toBe(0);
    await expect.poll(() => popup.getByRole('status').textContent()).toContain('Deleted');
    expect((await list()).some((m) => /vegetarian/i.test(m.text))).toBe(false);

    const { page, sent } = await chatOnDemo(s, 'Suggest a vegetarian dinner for me tonight?');
    expect(sent[0]).not.toMatch(/vegetarian[^"]*"\s*\(/); // no quoted vegetarian memory
    expect(sent[0]?.includes('User is vegetarian')).toBe(false);
    await page.close();
    await popup.close();
  });
});
