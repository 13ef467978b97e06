/**
 * The popup at scale: N memories (20k in `npm test`; MNEMO_SCALE_N=100000 for the 100k figures) imported in one
 * transaction, then the popup's first render and a scroll through the windowed list timed.
 * Slow (the import embeds every memory): run on its own.
 */
import { expect, it } from 'vitest';
import { EXPORT_FORMAT, SCHEMA_VERSION } from '../../src/io/format';
import type { Memory } from '../../src/memory/types';
import { launch } from './chromium';

const N = Number(process.env.MNEMO_SCALE_N ?? 20_000);
const WORDS =
  'coffee tea cat dog Berlin Lisbon Rust piano chess running yoga bread jazz cello garden'.split(
    ' ',
  );

it(`the popup list stays fast with ${N} memories`, { timeout: 600_000 }, async () => {
  const s = await launch();
  try {
    const t = Date.UTC(2026, 0, 1);
    const memories: Memory[] = Array.from({ length: N }, (_, i) => ({
      id: `m_${i}`,
      text: `User note ${i}: likes ${WORDS[i % WORDS.length]} and ${WORDS[(i * 7) % WORDS.length]}.`,
      kind: 'fact',
      bucket: 'site:demo',
      observedAt: t - i * 60_000,
      createdAt: t,
      updatedAt: t,
      status: 'active',
      pinned: false,
      entities: [],
      provenance: [
        {
          site: 'demo',
          conversationId: `c${i % 500}`,
          url: `http://x/demo/c/${i % 500}`,
          turnIds: [`t${i}`],
          role: 'user',
        },
      ],
    }));
    const file = {
      format: EXPORT_FORMAT,
      schemaVersion: SCHEMA_VERSION,
      exportedAt: new Date(t).toISOString(),
      buckets: [],
      memories,
    };
    const t0 = Date.now();
    const res = await s.service<{ added: number }>('import', { file });
    const importMs = Date.now() - t0;
    expect(res.added).toBe(N);

    const page = await s.ctx.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    const t1 = Date.now();
    await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await expect
      .poll(() => page.getByTestId('count').textContent(), { timeout: 30_000 })
      .toBe(`${N} memories`);
    const firstRenderMs = Date.now() - t1;
    const rowsInDom = await page.getByRole('listitem').count();
    // Scroll through the list in 60 steps; measure frame times while the pages load.
    const scroll = await page.evaluate(async () => {
      const el = document.querySelector('.vlist') as HTMLElement;
      const frames: number[] = [];
      let last = performance.now();
      for (let i = 1; i <= 60; i++) {
        el.scrollTop = (el.scrollHeight * i) / 61;
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return { median: frames[30]!, p95: frames[57]!, max: frames[59]! };
    });
    const tq = Date.now();
    await page.getByLabel('Search memories').fill('cello');
    await expect
      .poll(async () => (await page.getByTestId('memory-text').allTextContents())[0] ?? '')
      .toContain('cello');
    const searchMs = Date.now() - tq;
    console.log(JSON.stringify({ N, importMs, firstRenderMs, rowsInDom, scroll, searchMs }));
    expect(rowsInDom).toBeLessThan(30);
  } finally {
    await s.close();
  }
});
