/**
 * How an LLM tier has fared: turns the model read, turns handed to the rules by reason, and
 * turns whose update decisions were left to the engine. Kept in the store (meta
 * 'counts:extractor') so Options → Models can show them after the service worker stopped.
 *
 * @example
 * counts = countRun(counts ?? emptyCounts('chrome', Date.now()), extractor.last);
 */
import type { LlmErrorCode } from './errors';

export interface ExtractorCounts {
  /** The tier counted ('chrome', 'llm'); switching tiers starts the counts again. */
  tier: string;
  since: number;
  /** User turns the model read. */
  model: number;
  /** User turns the rules read instead, by the model's failure. */
  fallback: Partial<Record<LlmErrorCode, number>>;
  /** Turns read by the model whose update decisions failed (the engine decided). */
  decisions: Partial<Record<LlmErrorCode, number>>;
}

/** What one run reports (LlmRunReport's shape, shared by both tiers). */
export interface RunOutcome {
  path: 'llm' | 'fallback' | 'skipped';
  error?: { code: LlmErrorCode };
}

export function emptyCounts(tier: string, since: number): ExtractorCounts {
  return { tier, since, model: 0, fallback: {}, decisions: {} };
}

export function countRun(c: ExtractorCounts, run: RunOutcome): ExtractorCounts {
  if (run.path === 'skipped') return c;
  const bump = (m: Partial<Record<LlmErrorCode, number>>, code: LlmErrorCode) => ({
    ...m,
    [code]: (m[code] ?? 0) + 1,
  });
  if (run.path === 'fallback')
    return { ...c, fallback: bump(c.fallback, run.error?.code ?? 'unavailable') };
  return {
    ...c,
    model: c.model + 1,
    ...(run.error ? { decisions: bump(c.decisions, run.error.code) } : {}),
  };
}

/** The total of a count map. */
export const total = (m: Partial<Record<string, number>>): number =>
  Object.values(m).reduce<number>((a, n) => a + (n ?? 0), 0);
