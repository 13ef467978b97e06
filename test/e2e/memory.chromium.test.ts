/**
 * The memory model end to end in real Chromium with the built extension (test build), on
 * the demo site: a value changed in a later chat is what the next prompt gets (the old one
 * never as current), a deleted memory's source turn is never injected again, and the
 * popup lists a stored chat turn and deletes it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Memory } from '../../src/memory/types';
import type { TurnItem } from '../../src/messaging/protocol';
import { chatOnDemo, launch, type ChromiumSession } from './chromium';

let s: ChromiumSession;

/** The current (not history) quoted lines of the block a demo prompt was sent with. */
function currentLines(sent: string): string[] {
  const block = /\[mnemo:memories\]([\s\S]*?)\[\/mnemo:memories\]/.exec(sent)?.[1] ?? '';
  return [...block.matchAll(/^- "(.*)"/gm)].map((m) => m[1]!);
}

/** Processes what was captured and waits for a memory matching `re`. */
async function memoryLike(re: RegExp): Promise<Memory> {
  const end = Date.now() + 20_000;
  for (;;) {
    await s.drain();
    const { items } = await s.service<{ items: Memory[] }>('list', { status: 'all' });
    const m = items.find((x) => re.test(x.text));
    if (m) return m;
    if (Date.now() > end)
      throw new Error(`no memory matching ${re}: ${items.map((x) => x.text).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function close(p: { page: Page }) {
  await p.page.close();
}

beforeAll(async () => {
  s = await launch();
});
afterAll(async () => s?.close());

describe('memory that stays true (Chromium)', () => {
  it('a home changed in a later chat is what the next prompt gets', async () => {
    await close(await chatOnDemo(s, 'I live in Lisbon and I love the old trams.'));
    await memoryLike(/Lisbon/);
    await close(await chatOnDemo(s, 'Big news: we finally moved to Berlin last week!'));
    await memoryLike(/Berlin/);
    const lisbon = await memoryLike(/Lisbon/);
    expect(lisbon.status).toBe('superseded');

    const ask = await chatOnDemo(s, 'Any cheap lunch spots near me?');
    const lines = currentLines(ask.sent[0]!);
    expect(lines.join(' ')).toMatch(/Berlin/);
    expect(lines.join(' ')).not.toMatch(/Lisbon/);
    await close(ask);
  });

  it("a deleted memory's source turn is never injected again", async () => {
    await close(
      await chatOnDemo(
        s,
        "I've got a bad left knee from an old skiing accident, so no jumping please.",
      ),
    );
    const knee = await memoryLike(/knee/);
    const before = await chatOnDemo(s, 'Give me a 20-minute home workout for my knee.');
    expect(currentLines(before.sent[0]!).join(' ')).toMatch(/knee/);
    await close(before);

    await s.service('forget', { type: 'memory', id: knee.id });
    const after = await chatOnDemo(s, 'Give me a 20-minute home workout for my knee.');
    expect(after.sent[0]!).not.toMatch(/skiing|left knee/);
    await close(after);
    // Nor is it in the stored turns the popup lists.
    const turns = await s.service<{ items: TurnItem[] }>('turns', { query: 'skiing' });
    expect(turns.items).toEqual([]);
  });

  it('the popup lists a stored chat turn and deletes it', async () => {
    await close(await chatOnDemo(s, 'I keep three beehives on my allotment in spring.'));
    await memoryLike(/beehives/);
    const page = await s.ctx.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await page.getByRole('button', { name: 'Chat turns' }).click();
    await page.getByRole('searchbox', { name: 'Search chat turns' }).fill('beehives');
    const row = page.getByTestId('turn-text').filter({ hasText: 'beehives' });
    await row.waitFor();
    await page.getByRole('button', { name: /^Delete chat turn: I keep three beehives/ }).click();
    await expect.poll(() => row.count()).toBe(0);
    const turns = await s.service<{ total: number }>('turns', { query: 'beehives' });
    expect(turns.total).toBe(0);
    // The memory that came only from that turn went with it.
    const { items } = await s.service<{ items: Memory[] }>('list', { status: 'all' });
    expect(items.some((m) => /beehives/.test(m.text))).toBe(false);
    await page.close();
  });
});
