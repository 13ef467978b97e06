/**
 * Someone else's conversation is never captured: shared, published and embedded pages on
 * every adapter, through the content script's own capture path (ChatController.captureTurns)
 * on the saved pages. The share pages in ../shared are used as they are; a site with none
 * gets one made at run time from each of its saved conversation pages (its real markup) in
 * the two forms a share page takes: served at the site's share URL, and declaring a share URL
 * as its own (`<link rel=canonical>`) while served at a conversation URL. Each of them is
 * captured in full at a conversation URL with no such sign (the control), so a zero below is
 * the rule at work, not a page the adapter cannot read.
 */
import { describe, expect, it } from 'vitest';
import { ChatController, type Caller } from '../../src/content/controller';
import { SendLog } from '../../src/content/sends';
import { READ_ONLY, readOnlyReason } from '../../src/sites/readonly';
import type { RealSiteId } from '../../src/sites/hosts';
import { ADAPTERS } from '../../src/sites/registry';
import type { SiteAdapter } from '../../src/sites/types';
import { EXPECTATIONS } from './expectations';
import { loadDocument, readPage } from './fixtures';

/** Per site: share URLs in the forms the site uses, and one of the user's own conversation URLs. */
const URLS: Record<Exclude<RealSiteId, never>, { shared: string[]; own: string }> = {
  chatgpt: {
    shared: [
      'https://chatgpt.com/share/6a5aacf8-3648-83ee-b0cf-0f244fe98e93',
      'https://chatgpt.com/share/e/6a5aacf8-3648-83ee-b0cf-0f244fe98e93',
      'https://chat.openai.com/share/6a5aacf8-3648-83ee-b0cf-0f244fe98e93',
      'https://chatgpt.com/s/t_687668c701208191b767d9ea1a96069f',
    ],
    own: 'https://chatgpt.com/c/6a1f0c1e-0000-4000-8000-00000000c001',
  },
  claude: {
    shared: [
      'https://claude.ai/share/d53624e3-6765-4040-8135-9b5731b7ac5f',
      'https://claude.ai/public/artifacts/2c1b7f6e-0000-4000-8000-000000000001',
    ],
    own: 'https://claude.ai/chat/0b7e2c1a-0000-4000-8000-00000000a001',
  },
  gemini: {
    shared: ['https://gemini.google.com/share/61e1c5a8d372'],
    own: 'https://gemini.google.com/app/1a2b3c4d5e6f7081',
  },
  perplexity: {
    shared: [
      'https://www.perplexity.ai/page/long-covid-is-a-brain-injury-W57eub2jSTWz2VDnwvcZ3A',
      'https://www.perplexity.ai/discover/tech/some-story',
    ],
    own: 'https://www.perplexity.ai/search/best-bakery-xyz',
  },
  deepseek: {
    shared: ['https://chat.deepseek.com/share/ofrek2m6qghr5i30r6'],
    own: 'https://chat.deepseek.com/a/chat/s/42ab-0000',
  },
  mistral: {
    shared: ['https://chat.mistral.ai/share/0f2c3d4e-0000-4000-8000-000000000001'],
    own: 'https://chat.mistral.ai/chat/acf754c0-0000-4000-8000-000000000001',
  },
  copilot: {
    shared: ['https://copilot.microsoft.com/shares/CiDmc9pCLBUXWv6QLjVdD'],
    own: 'https://copilot.microsoft.com/chats/aB3dE5fG7hJ9kL1mN',
  },
  metaai: {
    shared: ['https://www.meta.ai/@someone/post/OY6KfFbJ9iU/'],
    own: 'https://www.meta.ai/c/5fd1da13-bea4-414b-9593-40a1e94b07a0',
  },
};

/** The share pages in ../shared, each with the URL it was saved from (its og:url). */
const SHARE_PAGES: { site: RealSiteId; file: string; url: string }[] = [
  {
    site: 'chatgpt',
    file: 'threadlift-2026-07-19-share-rawsource.html',
    url: 'https://chatgpt.com/share/6a5aacf8-3648-83ee-b0cf-0f244fe98e93',
  },
  {
    site: 'deepseek',
    file: 'threadlift-2026-07-19-share.html',
    url: 'https://chat.deepseek.com/share/ofrek2m6qghr5i30r6',
  },
  {
    site: 'gemini',
    file: 'threadlift-2026-07-18-share.html',
    url: 'https://gemini.google.com/share/61e1c5a8d372',
  },
];
const isSharePage = (file: string) => SHARE_PAGES.some((p) => p.file === file);

const adapterOf = (id: string) => ADAPTERS.find((a) => a.id === id) as SiteAdapter;

/**
 * Runs the content script's capture on `doc` as if at `url`, with every user turn on the page
 * recorded as sent by the user (so only the shared-page rule can stop it), and returns the
 * turns it sent to the background.
 */
async function captured(adapter: SiteAdapter, doc: Document, url: string): Promise<number> {
  const sends = new SendLog();
  for (const t of adapter.readTurns(doc)) if (t.role === 'user') sends.record(t.text);
  let stored = 0;
  const call = (async (method: string, params: { turns?: unknown[] }) => {
    if (method === 'capture') stored += params.turns?.length ?? 0;
    return {};
  }) as unknown as Caller;
  const c = new ChatController({
    adapter,
    siteUrl: () => new URL(url),
    call,
    signal: new AbortController().signal,
    doc,
    sends,
  });
  const n = await c.captureTurns();
  expect(n).toBe(stored);
  return stored;
}

/** The page declaring `href` as its canonical URL, as every saved share page does. */
function declaring(html: string, href: string): Document {
  const doc = loadDocument(html);
  const link = doc.createElement('link');
  link.setAttribute('rel', 'canonical');
  link.setAttribute('href', href);
  (doc.head ?? doc.documentElement).append(link);
  return doc;
}

describe('shared-page rule, by URL', () => {
  it('every rule is data of the expected shape: anchored paths with a why, markers with a layout', () => {
    for (const [id, rule] of Object.entries(READ_ONLY)) {
      expect(rule.paths.length, id).toBeGreaterThan(0);
      for (const p of rule.paths) {
        expect(p.re.source.startsWith('^\\/'), `${id} ${p.re}`).toBe(true);
        expect(p.why, id).toBeTruthy();
      }
      for (const m of rule.markers) expect(m.layout, id).toBeTruthy();
    }
  });

  for (const [id, u] of Object.entries(URLS)) {
    const a = adapterOf(id);
    it(`${id}: share URLs are read-only, the user's own conversation is not`, () => {
      const empty = loadDocument('<html><head></head><body></body></html>');
      for (const s of u.shared)
        expect(readOnlyReason(READ_ONLY[a.id], new URL(s), empty), s).toBeTruthy();
      expect(readOnlyReason(READ_ONLY[a.id], new URL(u.own), empty)).toBeNull();
      // Never a conversation id for a shared page (a second lock on capture).
      for (const s of u.shared) expect(a.conversationId(new URL(s), empty), s).toBeNull();
      expect(a.conversationId(new URL(u.own), empty)).toBeTruthy();
    });
  }

  it('the demo site: /demo/share/<id> and its banner', () => {
    const a = adapterOf('demo');
    const empty = loadDocument('<html><body></body></html>');
    expect(
      readOnlyReason(READ_ONLY[a.id], new URL('http://127.0.0.1/demo/share/x1'), empty),
    ).toBeTruthy();
    expect(
      readOnlyReason(READ_ONLY[a.id], new URL('http://127.0.0.1/demo/c/x1'), empty),
    ).toBeNull();
    const banner = loadDocument('<html><body><div data-demo-shared>Shared</div></body></html>');
    expect(
      readOnlyReason(READ_ONLY[a.id], new URL('http://127.0.0.1/demo/c/x1'), banner),
    ).toBeTruthy();
  });
});

describe('the saved share pages: 0 turns captured', () => {
  for (const p of SHARE_PAGES) {
    it(`${p.site}/${p.file}`, async () => {
      const a = adapterOf(p.site);
      const html = readPage(EXPECTATIONS[p.site]!.folder, p.file);
      // At its own URL, and served anywhere else: the page's own declaration is enough.
      expect(await captured(a, loadDocument(html), p.url)).toBe(0);
      expect(await captured(a, loadDocument(html), URLS[p.site].own)).toBe(0);
      expect(
        readOnlyReason(READ_ONLY[a.id], new URL(URLS[p.site].own), loadDocument(html)),
      ).toMatch(/declares a shared URL|shared-page element/);
    });
  }

  it('gemini share page: caught by its elements alone (no URL, no canonical link)', () => {
    const html = readPage('gemini', 'threadlift-2026-07-18-share.html').replace(
      /<link rel="canonical"[^>]*>|<meta property="og:url"[^>]*>/g,
      '',
    );
    const a = adapterOf('gemini');
    expect(readOnlyReason(READ_ONLY[a.id], new URL(URLS.gemini.own), loadDocument(html))).toMatch(
      /shared-page element share-/,
    );
  });
});

describe('every conversation page of every site, made a share page: 0 turns captured', () => {
  for (const [id, site] of Object.entries(EXPECTATIONS)) {
    const a = adapterOf(id);
    const u = URLS[id as RealSiteId];
    for (const [file, want] of Object.entries(site!.pages)) {
      // Capture starts at a user turn: a fragment holding only an answer proves nothing here.
      const firstUser = want.turns.findIndex(([role]) => role === 'user');
      if (isSharePage(file) || firstUser < 0) continue;
      it(`${id}/${file}`, async () => {
        const html = readPage(site!.folder, file);
        // The control: the user's own conversation, every turn sent by the user, is captured.
        const own = await captured(a, loadDocument(html), u.own);
        expect(own).toBe(want.turns.length - firstUser);
        for (const s of u.shared) expect(await captured(a, loadDocument(html), s), s).toBe(0);
        expect(await captured(a, declaring(html, u.shared[0]!), u.own)).toBe(0);
      });
    }
  }
});

describe('only turns the user sent are captured', () => {
  it('a page with turns the user did not send here: nothing; after a send: that turn and its answer', async () => {
    const a = adapterOf('claude');
    const doc = loadDocument(readPage('claude', 'oae-2026-02-27-main.html'));
    const turns = a.readTurns(doc);
    const sends = new SendLog();
    const batches: { role: string; text: string }[][] = [];
    const call = (async (method: string, params: { turns?: { role: string; text: string }[] }) => {
      if (method === 'capture') batches.push(params.turns ?? []);
      return {};
    }) as unknown as Caller;
    const c = new ChatController({
      adapter: a,
      siteUrl: () => new URL(URLS.claude.own),
      call,
      signal: new AbortController().signal,
      doc,
      sends,
    });
    expect(await c.captureTurns()).toBe(0);
    const last = turns.map((t) => t.role).lastIndexOf('user');
    // Whitespace differs between what the composer held and what the page shows.
    sends.record(`  ${turns[last]!.text.replace(/ /g, '\n')}  `);
    expect(await c.captureTurns()).toBe(turns.length - last);
    expect(batches.flat().map((t) => t.role)).toEqual(turns.slice(last).map((t) => t.role));
  });
});
