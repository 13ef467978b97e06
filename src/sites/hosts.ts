/**
 * The chat sites Mnemo supports, as data: the manifest's host permissions and content-script
 * matches are generated from this list, and each site adapter declares the same id.
 * Nothing broader than these origins is ever requested (no `<all_urls>`), and only sites with
 * an adapter are listed: a host Mnemo cannot read would be a permission granted for nothing
 * (sites seen but not supported are in registry.ts's UNSUPPORTED, with their hosts).
 */
export const SITE_HOSTS = {
  chatgpt: ['https://chatgpt.com/*', 'https://chat.openai.com/*'],
  claude: ['https://claude.ai/*'],
  gemini: ['https://gemini.google.com/*'],
  perplexity: ['https://www.perplexity.ai/*', 'https://perplexity.ai/*'],
  deepseek: ['https://chat.deepseek.com/*'],
  mistral: ['https://chat.mistral.ai/*'],
  copilot: ['https://copilot.microsoft.com/*', 'https://m365.cloud.microsoft/*'],
  metaai: ['https://www.meta.ai/*'],
} as const satisfies Record<string, readonly string[]>;

export type RealSiteId = keyof typeof SITE_HOSTS;
/** `demo` is the bundled local chat site; it exists only in test and demo builds. */
export type SiteId = RealSiteId | 'demo';

export const ALL_SITE_PATTERNS: readonly string[] = Object.values(SITE_HOSTS).flat();
