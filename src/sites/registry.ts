/**
 * Every site adapter, as one explicit list, and the lookup the content script uses.
 *
 * @example
 * const found = findAdapter(new URL(location.href));
 * found?.adapter.readTurns(document);
 */
import { chatgptAdapter } from './chatgpt/adapter';
import { claudeAdapter } from './claude/adapter';
import { copilotAdapter } from './copilot/adapter';
import { deepseekAdapter } from './deepseek/adapter';
import { demoAdapter } from './demo/adapter';
import { geminiAdapter } from './gemini/adapter';
import { SITE_HOSTS, type RealSiteId, type SiteId } from './hosts';
import { metaaiAdapter } from './metaai/adapter';
import { mistralAdapter } from './mistral/adapter';
import { perplexityAdapter } from './perplexity/adapter';
import type { SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [
  chatgptAdapter,
  claudeAdapter,
  geminiAdapter,
  perplexityAdapter,
  mistralAdapter,
  copilotAdapter,
  deepseekAdapter,
  metaaiAdapter,
  demoAdapter,
];

/**
 * Chat sites seen in saved pages but without an adapter, and why. Their hosts are not in
 * SITE_HOSTS, so the manifest does not ask for them.
 */
export const UNSUPPORTED: Readonly<Record<string, { hosts: readonly string[]; why: string }>> = {
  grok: {
    hosts: ['https://grok.com/*'],
    why: 'saved pages are class-only markup (one full page, one annotated excerpt): no stable attribute to key turns on',
  },
  kimi: {
    hosts: ['https://www.kimi.com/*', 'https://kimi.moonshot.cn/*'],
    why: 'one share page only, class-only markup and no composer',
  },
  qwen: {
    hosts: ['https://chat.qwen.ai/*'],
    why: 'one fragment, class-only markup; its only textarea is a Monaco code editor, not the composer',
  },
};

const LOCAL_PREFIX = /^\/__site\/([\w-]+)(\/.*)?$/;

function byId(id: string): SiteAdapter | undefined {
  return ADAPTERS.find((a) => a.id === (id as SiteId));
}

/**
 * The adapter serving `url`, and the URL to read conversation ids from. In test and demo
 * builds, `http://<local host>/__site/<id>/rest` maps to site `<id>` as if at `https://<host>/rest`.
 */
export function findAdapter(url: URL): { adapter: SiteAdapter; url: URL } | null {
  if (__MNEMO_LOCAL_HOSTS__.includes(url.hostname)) {
    const m = LOCAL_PREFIX.exec(url.pathname);
    if (m) {
      const id = m[1] as string;
      const adapter = id in SITE_HOSTS ? byId(id) : undefined;
      const pattern = SITE_HOSTS[id as RealSiteId]?.[0];
      if (!adapter || !pattern) return null;
      const origin = pattern.replace(/\/\*$/, '');
      return { adapter, url: new URL(`${m[2] ?? '/'}${url.search}${url.hash}`, origin) };
    }
  }
  const adapter = ADAPTERS.find((a) => a.matches(url));
  return adapter ? { adapter, url } : null;
}
