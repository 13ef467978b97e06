/**
 * The rule-based pieces run in the same context (tests, benchmarks, Firefox's background
 * page, Chrome's offscreen page). Chrome's service worker never imports this file: it reaches
 * the same code through the offscreen page (src/ai/offscreen-client.ts,
 * `OffscreenRuleExtractor`), so compromise and chrono-node stay out of its bundle.
 *
 * @example
 * const llm = new LlmExtractor({ engine, fallback: new RuleExtractor(), resolveDates: resolveDatesLocally });
 */
import { resolveDate } from './dates';

export { RuleExtractor } from './rules';

/** chrono-node's date for each text (ms), said at `observedAt`, as the LLM extractor wants. */
export async function resolveDatesLocally(
  texts: string[],
  observedAt: number,
): Promise<(number | null)[]> {
  return texts.map((t) => resolveDate(t, observedAt)?.at ?? null);
}
