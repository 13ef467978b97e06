/**
 * Inspect a saved chat page with the site adapters: which prompt box, send button and turns
 * they find. `npm run sites:inspect -- page.html [--site chatgpt]`
 */
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';
import { ADAPTERS } from '../src/sites/registry';
import type { SiteAdapter } from '../src/sites/types';

export interface InspectResult {
  site: string;
  promptBox: { found: boolean; selector: string | null };
  sendButton: { found: boolean; selector: string | null };
  turns: { role: 'user' | 'assistant'; id: string; text: string }[];
  warnings: string[];
}

export class InspectError extends Error {}

// A build-time global in the extension; under tsx there is no build, so no local hosts.
const g = globalThis as { __MNEMO_LOCAL_HOSTS__?: readonly string[] };
g.__MNEMO_LOCAL_HOSTS__ ??= [];

/** Page markers per site, in order of how telling they are. */
const SIGNATURES: readonly [string, string][] = [
  [
    'chatgpt',
    '[data-message-author-role][data-message-id], [data-turn-key], form[data-chatgpt-composer], #prompt-textarea',
  ],
  [
    'gemini',
    'user-query, model-response, message-content, rich-textarea, bard-sidenav, chat-window',
  ],
  [
    'claude',
    '[data-testid="user-message"], .font-claude-response, .font-claude-message, [data-test-render-count], [data-testid="transcript-row"]',
  ],
  ['perplexity', '#ask-input, [id^="markdown-content-"], [class*="group/query"]'],
  ['mistral', '[data-message-part-type], [data-testid="conversation-layout"]'],
  ['metaai', '[data-message-item], [data-testid="assistant-message"][data-streaming-state]'],
  [
    'copilot',
    '[data-content="ai-message"], [data-content="user-message"], [data-testid="copilot-message-div"]',
  ],
  ['deepseek', '.ds-message, [data-virtual-list-item-key]'],
];

function hostOf(doc: Document): string | null {
  const link =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    doc.querySelector('meta[property="og:url"]')?.getAttribute('content');
  if (!link) return null;
  try {
    return new URL(link).href;
  } catch {
    return null;
  }
}

export function guessSite(doc: Document): SiteAdapter | null {
  const href = hostOf(doc);
  if (href) {
    const byUrl = ADAPTERS.find((a) => a.id !== 'demo' && a.matches(new URL(href)));
    if (byUrl) return byUrl;
  }
  for (const [id, sel] of SIGNATURES) {
    if (doc.querySelector(sel)) return ADAPTERS.find((a) => a.id === id) ?? null;
  }
  return null;
}

export function inspect(html: string, siteId?: string): InspectResult {
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  let adapter: SiteAdapter | null | undefined;
  if (siteId) {
    adapter = ADAPTERS.find((a) => a.id === siteId);
    if (!adapter)
      throw new InspectError(
        `unknown site "${siteId}"; known: ${ADAPTERS.map((a) => a.id).join(', ')}`,
      );
  } else {
    adapter = guessSite(doc);
    if (!adapter)
      throw new InspectError('could not tell which site this page is from; pass --site <id>');
  }
  const box = adapter.findPromptBox(doc);
  const send = adapter.findSendButton(doc);
  const turns = adapter.readTurns(doc).map(({ role, id, text }) => ({ role, id, text }));
  const warnings: string[] = [];
  if (!box && !send && turns.length === 0)
    warnings.push('nothing matched: no prompt box, no send button, no turns');
  else {
    if (turns.length && !box)
      warnings.push(
        'the page has turns but no prompt box (a fragment, a share page, or the composer changed)',
      );
    if (box && !send)
      warnings.push(
        'prompt box found but no send button (many sites remove it while the composer is empty)',
      );
    if (!turns.length) warnings.push('no turns found');
  }
  return {
    site: adapter.id,
    promptBox: { found: !!box, selector: box?.selector ?? null },
    sendButton: { found: !!send, selector: send?.selector ?? null },
    turns,
    warnings,
  };
}

export function main(argv: readonly string[]): number {
  const args = [...argv];
  let site: string | undefined;
  const i = args.indexOf('--site');
  if (i >= 0) {
    site = args[i + 1];
    args.splice(i, 2);
    if (!site) {
      console.error('sites:inspect: --site needs a site id');
      return 2;
    }
  }
  const file = args[0];
  if (!file) {
    console.error('usage: npm run sites:inspect -- <page.html> [--site <id>]');
    return 2;
  }
  if (!existsSync(file)) {
    console.error(`sites:inspect: no such file: ${file}`);
    return 2;
  }
  try {
    console.log(JSON.stringify(inspect(readFileSync(file, 'utf8'), site), null, 2));
    return 0;
  } catch (err) {
    if (err instanceof InspectError) {
      console.error(`sites:inspect: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = main(process.argv.slice(2));
}
