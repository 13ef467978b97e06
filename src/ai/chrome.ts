/**
 * The tier on Chrome's built-in model, assembled for the background. The model runs where
 * the extractor runs, in the service worker (Chrome 138+ gives extensions `LanguageModel`
 * there): no offscreen document is opened for it. The fallback rules and the date resolver
 * stay where they always are (the offscreen page in Chrome), and the queue keeps requests to
 * one at a time.
 *
 * @example (in createBackground, when settings.extractor === 'chrome')
 * const tier = createChromeTier({ fallback: rules, client, onOutcome: count });
 * current = tier.extractor;
 * tier.dispose(); // on a switch: cancels queued turns, frees the sessions
 */
import type { Extractor } from '../memory/types';
import { ChromeModelExtractor, type ChromeModelExtractorOptions } from '../extract/llm/chrome';
import { ExtractionQueue } from '../extract/llm/queue';
import type { OffscreenClient } from './offscreen-client';
import { offscreenDateResolver } from './offscreen-client';

export interface ChromeTierOptions {
  /** The rules of this browser (the offscreen page's proxy in Chrome). */
  fallback: Extractor;
  client: OffscreenClient;
  onFallback?: ChromeModelExtractorOptions['onFallback'];
  onOutcome?: ChromeModelExtractorOptions['onOutcome'];
  timeoutMs?: number;
}

export function createChromeTier(opts: ChromeTierOptions) {
  const model = new ChromeModelExtractor({
    fallback: opts.fallback,
    resolveDates: offscreenDateResolver(opts.client),
    ...(opts.onFallback ? { onFallback: opts.onFallback } : {}),
    ...(opts.onOutcome ? { onOutcome: opts.onOutcome } : {}),
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  const extractor = new ExtractionQueue(model);
  return {
    extractor,
    model,
    dispose: () => {
      extractor.cancelAll("The extractor was changed away from Chrome's built-in model.");
      model.dispose();
    },
  };
}
