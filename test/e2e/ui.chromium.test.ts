/**
 * The memory editor in real Chromium with the built extension (test build): the popup's
 * search, inline edit (a history row), delete and undo, "why this?"; the options page's
 * buckets and site access (a granted bucket is injected on that site only), export and
 * import into a fresh profile, a bad file that changes nothing; screenshots in light and
 * dark. Memories are seeded through the extension-page-only `import` method.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, SCHEMA_VERSION, type ExportFile } from '../../src/io/format';
import type { Memory, MemoryKind } from '../../src/memory/types';
import { chatOnDemo, launch, type ChromiumSession } from './chromium';

const SHOTS = resolve(__dirname, '../../docs/screenshots');
let s: ChromiumSession;

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1);
function mem(
  id: string,
  text: string,
  bucket: string,
  kind: MemoryKind,
  daysAgo: number,
  extra: Partial<Memory> = {},
): Memory {
  const site = bucket.startsWith('site:') ? bucket.slice(5) : 'demo';
  return {
    id,
    text,
    kind,
    bucket,
    observedAt: T0 - daysAgo * DAY,
    createdAt: T0 - daysAgo * DAY,
    updatedAt: T0 - daysAgo * DAY,
    status: 'active',
    pinned: false,
    entities: [],
    provenance: [
      {
        site: site as Memory['provenance'][0]['site'],
        conversationId: `c-${id}`,
        url: `https://example.test/${site}/c/${id}`,
        turnIds: ['t1'],
        role: 'user',
      },
    ],
    ...extra,
  };
}

const SEED: Memory[] = [
  mem('m_veg', 'User is vegetarian.', 'site:demo', 'health', 3),
  mem('m_cat', 'User has a cat named Miso.', 'site:demo', 'relationship', 10, { pinned: true }),
  mem('m_berlin', 'User lives in Berlin.', 'site:demo', 'identity', 30),
  mem('m_rust', 'User is learning Rust in the evenings.', 'site:demo', 'plan', 5),
  mem('m_tea', 'User prefers green tea to coffee.', 'site:demo', 'preference', 2),
  mem('m_gpt', 'User is writing a thesis on coral reefs.', 'site:chatgpt', 'work', 8),
];

const file = (memories: Memory[]): ExportFile => ({
  format: EXPORT_FORMAT,
  schemaVersion: SCHEMA_VERSION,
  exportedAt: new Date(T0).toISOString(),
  buckets: [],
  memories,
});

const list = async (sess = s) =>
  (await sess.service<{ items: Memory[] }>('list', { status: 'all', limit: 100_000 })).items;
const snapshot = (ms: Memory[]) =>
  ms
    .map((m) => ({
      id: m.id,
      text: m.text,
      kind: m.kind,
      bucket: m.bucket,
      observedAt: m.observedAt,
      pinned: m.pinned,
      status: m.status,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

async function openPopup(query = ''): Promise<Page> {
  const page = await s.ctx.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(`chrome-extension://${s.extensionId}/popup.html${query}`);
  await page.getByRole('list', { name: 'Memories' }).waitFor();
  return page;
}

async function openOptions(sess = s): Promise<Page> {
  const page = await sess.ctx.newPage();
  await page.goto(`chrome-extension://${sess.extensionId}/options.html`);
  await page.getByRole('heading', { name: 'Buckets' }).waitFor();
  return page;
}

async function tabIdOf(urlPrefix: string): Promise<number> {
  return s.sw.evaluate(async (prefix) => {
    const tabs = await chrome.tabs.query({});
    const t = tabs.find((x) => x.url?.startsWith(prefix));
    if (t?.id === undefined) throw new Error(`no tab at ${prefix}`);
    return t.id;
  }, urlPrefix);
}

/** The bits of the extension API the tests use inside the service worker. */
interface ChromeApi {
  runtime: { id: string; getURL(path: string): string };
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
}
declare const chrome: ChromeApi;

/** The quoted memories of the block a demo prompt was sent with. */
function quotedItems(sent: string): string[] {
  const block = /\[mnemo:memories\]([\s\S]*?)\[\/mnemo:memories\]/.exec(sent)?.[1] ?? '';
  return [...block.matchAll(/^- "(.*)"/gm)].map((m) => m[1]!);
}

beforeAll(async () => {
  s = await launch();
  const res = await s.service<{ added: number }>('import', { file: file(SEED) });
  expect(res.added).toBe(SEED.length);
});
afterAll(async () => s?.close());

describe('popup (Chromium)', () => {
  it('search as you type narrows the list with the engine search', async () => {
    const page = await openPopup();
    const rows = page.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(SEED.length);
    await page.getByLabel('Search memories').pressSequentially('vegetarian', { delay: 20 });
    // Ranked by the engine: the match first, weakly related memories (if any) after it.
    await expect
      .poll(async () => (await page.getByTestId('memory-text').allTextContents())[0])
      .toBe('User is vegetarian.');
    expect(await rows.count()).toBeLessThan(SEED.length);
    await page.getByLabel('Search memories').fill('');
    await expect.poll(() => rows.count()).toBe(SEED.length);
    // A filter: only the chatgpt bucket.
    await page.getByText('Filters').click();
    await page.getByRole('combobox', { name: /^Bucket/ }).selectOption('site:chatgpt');
    await expect
      .poll(() => page.getByTestId('memory-text').allTextContents())
      .toEqual(['User is writing a thesis on coral reefs.']);
    await page.close();
  });

  it('an inline edit is saved and appears as a history row', async () => {
    const page = await openPopup();
    await page.getByRole('button', { name: 'Edit memory: User lives in Berlin.' }).click();
    const box = page.getByLabel('Memory text');
    await box.fill('User lives in Hamburg.');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.getByTestId('memory-text').allTextContents())
      .toContain('User lives in Hamburg.');
    expect((await list()).find((m) => m.id === 'm_berlin')?.text).toBe('User lives in Hamburg.');
    await page.getByRole('button', { name: 'History of memory: User lives in Hamburg.' }).click();
    const edited = page.locator('[data-testid="history-row"][data-action="edited"]');
    await expect.poll(() => edited.count()).toBe(1);
    expect(await edited.textContent()).toContain('User lives in Berlin.');
    expect(await edited.textContent()).toContain('User lives in Hamburg.');
    await page.getByRole('button', { name: '← Back' }).click();
    await page.getByRole('list', { name: 'Memories' }).waitFor();
    await page.close();
  });

  it('delete removes a memory and undo puts it back', async () => {
    const page = await openPopup();
    await page
      .getByRole('button', { name: 'Delete memory: User prefers green tea to coffee.' })
      .click();
    await expect
      .poll(() => page.getByTestId('memory-text').allTextContents())
      .not.toContain('User prefers green tea to coffee.');
    expect((await list()).some((m) => m.id === 'm_tea')).toBe(false);
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => page.getByTestId('memory-text').allTextContents())
      .toContain('User prefers green tea to coffee.');
    expect((await list()).find((m) => m.id === 'm_tea')?.status).toBe('active');
    await page.close();
  });

  it('"why this?" lists exactly what was injected on the tab, with score parts and source', async () => {
    const { page: demo, sent } = await chatOnDemo(s, 'Any vegetarian dinner ideas for tonight?');
    const injected = quotedItems(sent[0] ?? '');
    expect(injected).toContain('User is vegetarian.');
    const tabId = await tabIdOf(`${s.origin}/demo/`);

    const page = await openPopup(`?tab=${tabId}`);
    // (the popup asks the worker which site the tab is: "Checking this tab…" until it answers)
    await expect.poll(() => page.getByTestId('site-name').textContent()).toBe('demo');
    await page.getByRole('button', { name: 'Why this?' }).click();
    await expect.poll(() => page.getByTestId('why-text').allTextContents()).toEqual(injected);
    const first = page.getByTestId('why-item').first();
    for (const part of ['similarity', 'keywords', 'recency', 'pin'])
      expect(await first.textContent()).toContain(part);
    expect(await first.textContent()).toContain('demo');
    await page.close();
    await demo.close();
  });
});

describe('options page (Chromium)', () => {
  it('a bucket created and granted to a site is injected there and not elsewhere', async () => {
    const page = await openOptions();
    await page.getByLabel('New bucket name').fill('Work');
    await page.getByRole('button', { name: 'Create bucket' }).click();
    await page.getByRole('checkbox', { name: 'demo reads Work' }).check();
    await expect
      .poll(
        async () =>
          (await s.service<{ sites: Record<string, { readBuckets: string[] }> }>('getSettings'))
            .sites.demo?.readBuckets,
      )
      .toEqual(['site:demo', 'b:work']);
    // Seed the bucket with the pasted-list import.
    await page
      .getByLabel('Saved memories, one per line')
      .fill('- Works as a marine biologist at the city aquarium\n\n');
    await page.getByLabel('Into bucket').selectOption('b:work');
    await page.getByRole('button', { name: 'Import pasted list' }).click();
    await expect.poll(() => page.getByTestId('added').textContent()).toBe('1');
    await page.close();

    const prompt = 'What should I read to get better at my marine biologist job at the aquarium?';
    const { page: demo, sent } = await chatOnDemo(s, prompt);
    expect(quotedItems(sent[0] ?? '')).toContain(
      'Works as a marine biologist at the city aquarium',
    );
    await demo.close();

    // Elsewhere (ChatGPT, which was not granted the bucket): the background, acting for the
    // sender's site, never returns it.
    const elsewhere = await s.sw.evaluate(
      async ([url, p]) => {
        const g = globalThis as unknown as {
          mnemo: {
            service: {
              handle(m: string, p: unknown, s: unknown): Promise<{ items: { text: string }[] }>;
            };
          };
        };
        return g.mnemo.service.handle(
          'prepareInjection',
          { prompt: p, url },
          { url, fromExtensionPage: false, tabId: 999 },
        );
      },
      [`${s.origin}/__site/chatgpt/page.html`, prompt] as const,
    );
    expect(elsewhere.items.map((i) => i.text)).not.toContain(
      'Works as a marine biologist at the city aquarium',
    );
  });

  it('a bad import file shows what to do and changes nothing', async () => {
    const before = snapshot(await list());
    const page = await openOptions();
    const dir = mkdtempSync(join(tmpdir(), 'mnemo-bad-'));
    const bad = file([
      mem('m_new1', 'User plays chess.', 'site:demo', 'fact', 1),
      { ...mem('m_new2', 'x', 'site:demo', 'fact', 1), kind: 'nonsense' as MemoryKind },
    ]);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
    await page.getByTestId('import-file').setInputFiles(join(dir, 'bad.json'));
    await expect
      .poll(() => page.getByTestId('import-error').textContent())
      .toContain('memories[1].kind');
    expect(await page.getByTestId('import-error').textContent()).toContain('nothing was imported');
    writeFileSync(join(dir, 'broken.json'), '{"format": "mnemo.memories", ');
    await page.getByTestId('import-file').setInputFiles(join(dir, 'broken.json'));
    await expect
      .poll(() => page.getByTestId('import-error').textContent())
      .toContain('not valid JSON');
    // The receiver validates too: a bad file sent straight to the background is refused whole.
    const res = await s.sw.evaluate(async (f) => {
      const g = globalThis as unknown as {
        mnemo: {
          onMessage(m: unknown, s: unknown): Promise<{ ok: boolean; error?: { name: string } }>;
        };
      };
      return g.mnemo.onMessage(
        { mnemo: 1, method: 'import', params: { file: f } },
        { id: chrome.runtime.id, url: chrome.runtime.getURL('/options.html') },
      );
    }, bad);
    expect(res).toMatchObject({ ok: false, error: { name: 'InvalidImportError' } });
    expect(snapshot(await list())).toEqual(before);
    await page.close();
  });

  it('export then import into a fresh profile gives the same memories', async () => {
    const page = await openOptions();
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export as JSON' }).click(),
    ]);
    const path = await dl.path();
    const exported = JSON.parse(readFileSync(path, 'utf8')) as ExportFile;
    expect(exported.format).toBe(EXPORT_FORMAT);
    expect(exported.schemaVersion).toBe(SCHEMA_VERSION);
    const mine = snapshot(await list());
    expect(exported.memories).toHaveLength(mine.length);
    await page.close();

    const fresh = await launch();
    try {
      expect(await list(fresh)).toHaveLength(0);
      const opt = await openOptions(fresh);
      await opt.getByTestId('import-file').setInputFiles(path);
      await expect
        .poll(() => opt.getByTestId('added').textContent(), { timeout: 20_000 })
        .toBe(String(mine.length));
      expect(await opt.getByTestId('merged').textContent()).toBe('0');
      expect(snapshot(await list(fresh))).toEqual(mine);
      // The bucket made in the first profile came along with its name.
      const settings = await fresh.service<{ buckets: { id: string; name: string }[] }>(
        'getSettings',
      );
      expect(settings.buckets).toContainEqual({ id: 'b:work', name: 'Work' });
      // Importing the same file again merges everything as duplicates.
      await opt.getByTestId('import-file').setInputFiles(path);
      await expect.poll(() => opt.getByTestId('merged').textContent()).toBe(String(mine.length));
      expect(await list(fresh)).toHaveLength(mine.length);
    } finally {
      await fresh.close();
    }
  });

  it('screenshots of the popup and the options page, light and dark', async () => {
    const demo = await s.ctx.newPage();
    await demo.goto(`${s.origin}/demo/`);
    const demoTab = await tabIdOf(`${s.origin}/demo/`);
    for (const scheme of ['light', 'dark'] as const) {
      const popup = await openPopup(`?tab=${demoTab}`);
      await popup.getByTestId('site-name').filter({ hasText: 'demo' }).waitFor();
      await popup.emulateMedia({ colorScheme: scheme });
      await expect.poll(() => popup.getByRole('listitem').count()).toBeGreaterThan(3);
      await popup.screenshot({
        path: join(SHOTS, `popup-${scheme}.png`),
        clip: { x: 0, y: 0, width: 400, height: 560 },
      });
      await popup.close();
      const opt = await openOptions();
      await opt.setViewportSize({ width: 1000, height: 900 });
      await opt.emulateMedia({ colorScheme: scheme });
      await opt.screenshot({ path: join(SHOTS, `options-${scheme}.png`) });
      await opt.close();
    }
    await demo.close();
  });
});
