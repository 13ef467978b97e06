/**
 * Every site's shared-page rule, and the check the content script runs before it captures,
 * searches or injects.
 *
 * @example
 * const reason = readOnlyReason(READ_ONLY[adapter.id], url, document);
 * if (reason) return; // someone else's conversation
 */
import { READ_ONLY as chatgpt } from './chatgpt/shared';
import { READ_ONLY as claude } from './claude/shared';
import { READ_ONLY as gemini } from './gemini/shared';
import { READ_ONLY as deepseek } from './deepseek/shared';
import { READ_ONLY as perplexity } from './perplexity/shared';
import { READ_ONLY as mistral } from './mistral/shared';
import { READ_ONLY as copilot } from './copilot/shared';
import { READ_ONLY as metaai } from './metaai/shared';
import { READ_ONLY as demo } from './demo/shared';
import { firstMatch } from './common';
import type { SiteId } from './hosts';
import type { ReadOnlyRule } from './types';

/** One rule per site: the type makes a site without one a compile error. */
export const READ_ONLY: Readonly<Record<SiteId, ReadOnlyRule>> = {
  chatgpt,
  claude,
  gemini,
  deepseek,
  perplexity,
  mistral,
  copilot,
  metaai,
  demo,
};

/**
 * Why the page is someone else's conversation (a shared, published or embedded one), or null
 * when it may be the user's own. Three signs, any one is enough:
 * - the URL's path is one of the site's shared-page paths;
 * - the page declares such a URL as its own (`<link rel=canonical>`, `og:url`): every saved
 *   share page has one, and it survives where a test or a redirect serves the page elsewhere;
 * - an element only shared pages render.
 * When in doubt the page is treated as shared: a missed capture costs one turn, a wrong one
 * plants a stranger's facts in the user's memory.
 */
export function readOnlyReason(rule: ReadOnlyRule, url: URL, doc: Document): string | null {
  const path = rule.paths.find((p) => p.re.test(url.pathname));
  if (path) return `shared page: ${path.why}`;
  for (const el of doc.querySelectorAll(
    'link[rel="canonical"][href], meta[property="og:url"][content]',
  )) {
    const href = el.getAttribute('href') ?? el.getAttribute('content') ?? '';
    let declared: URL;
    try {
      declared = new URL(href, url);
    } catch {
      continue;
    }
    const p = rule.paths.find((x) => x.re.test(declared.pathname));
    if (p) return `the page declares a shared URL (${declared.pathname}): ${p.why}`;
  }
  const marker = firstMatch(doc, rule.markers);
  return marker ? `shared-page element ${marker.selector}` : null;
}
