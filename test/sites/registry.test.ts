import { describe, expect, it } from 'vitest';
import { SITE_HOSTS, type RealSiteId } from '../../src/sites/hosts';
import { ADAPTERS, UNSUPPORTED, findAdapter } from '../../src/sites/registry';
import { EXPECTATIONS } from './expectations';
import { listPages } from './fixtures';

const LOCAL = __MNEMO_LOCAL_HOSTS__[0]!;

describe('findAdapter', () => {
  it.each([
    ['https://chatgpt.com/c/abc-123', 'chatgpt', 'abc-123'],
    ['https://chat.openai.com/c/abc-123', 'chatgpt', 'abc-123'],
    ['https://claude.ai/chat/0f0e-11', 'claude', '0f0e-11'],
    ['https://gemini.google.com/app/9ca6094d970016a5', 'gemini', '9ca6094d970016a5'],
    ['https://www.perplexity.ai/search/best-bakery-xyz', 'perplexity', 'best-bakery-xyz'],
    ['https://chat.mistral.ai/chat/acf754c0', 'mistral', 'acf754c0'],
    ['https://chat.deepseek.com/a/chat/s/42ab', 'deepseek', '42ab'],
  ])('%s → %s', (href, id, conv) => {
    const found = findAdapter(new URL(href));
    expect(found?.adapter.id).toBe(id);
    expect(found?.url.href).toBe(href);
    expect(found?.adapter.conversationId(found.url, {} as Document)).toBe(conv);
  });

  it('returns null for other sites', () => {
    expect(findAdapter(new URL('https://example.com/c/1'))).toBeNull();
    expect(findAdapter(new URL('https://chatgpt.com.evil.test/c/1'))).toBeNull();
  });

  it('maps /__site/<id>/ on the local test host to the real site', () => {
    const found = findAdapter(new URL(`http://${LOCAL}:8123/__site/chatgpt/c/abc-123?x=1`));
    expect(found?.adapter.id).toBe('chatgpt');
    expect(found?.url.href).toBe('https://chatgpt.com/c/abc-123?x=1');
    expect(found?.adapter.conversationId(found.url, {} as Document)).toBe('abc-123');
    const claude = findAdapter(new URL(`http://${LOCAL}/__site/claude/chat/xyz`));
    expect(claude?.url.href).toBe('https://claude.ai/chat/xyz');
  });

  it('does not map unknown ids or non-local hosts', () => {
    expect(findAdapter(new URL(`http://${LOCAL}/__site/nope/c/1`))).toBeNull();
    expect(findAdapter(new URL('https://chatgpt.com/__site/claude/chat/1'))?.adapter.id).toBe(
      'chatgpt',
    );
  });

  it('still serves the demo on the local host', () => {
    expect(findAdapter(new URL(`http://${LOCAL}/demo/c/1`))?.adapter.id).toBe('demo');
  });
});

describe('adapters and saved pages agree', () => {
  it('every adapter (but demo) has a fixture folder with pages and an expectation for each page', () => {
    for (const a of ADAPTERS.filter((x) => x.id !== 'demo')) {
      const site = EXPECTATIONS[a.id as RealSiteId];
      expect(site, a.id).toBeDefined();
      const pages = listPages(site!.folder);
      expect(pages.length, a.id).toBeGreaterThan(0);
      for (const p of Object.keys(site!.pages)) expect(pages, `${a.id}/${p}`).toContain(p);
      if (site!.folder === a.id) expect(Object.keys(site!.pages).sort(), a.id).toEqual(pages);
    }
  });

  it('every site in SITE_HOSTS has an adapter; unsupported sites have a reason and no host', () => {
    for (const id of Object.keys(SITE_HOSTS) as RealSiteId[])
      expect(
        ADAPTERS.some((a) => a.id === id),
        id,
      ).toBe(true);
    const asked = new Set(Object.values(SITE_HOSTS).flat());
    for (const [id, u] of Object.entries(UNSUPPORTED)) {
      expect(u.why, id).toBeTruthy();
      expect(id in SITE_HOSTS, id).toBe(false);
      for (const h of u.hosts) expect(asked.has(h as never), h).toBe(false);
    }
  });

  it('adapter ids are unique', () => {
    expect(new Set(ADAPTERS.map((a) => a.id)).size).toBe(ADAPTERS.length);
  });
});
