/**
 * Which memories go into a prompt: the ranked hits that clear a relevance threshold (most
 * prompts need no memory), in rank order while the block stays within a token budget.
 */
import type { SearchFilters, SearchHit } from '../memory/types';
import type { InjectionItem } from '../messaging/protocol';
import { excerpt } from '../memory/excerpt';
import { queryTerms } from '../search/lexical';
import { normaliseText } from '../io/plan';
import { BLOCK_HEADER, MARKER_END, MARKER_START } from './marker';

export interface PlanOptions {
  budget: number;
  /** Minimum query relevance (0..1) of an item. */
  threshold: number;
  maxItems: number;
  /**
   * A raw turn longer than this many tokens goes in as an excerpt: its sentences that carry
   * the prompt's words (needs the prompt; off when absent).
   */
  excerptTokens?: number;
}

export const DEFAULT_PLAN: PlanOptions = {
  budget: 400,
  threshold: 0.4,
  maxItems: 10,
  excerptTokens: 36,
};

/**
 * What injection searches: facts, and the user's own raw turns (so a fact the extractor
 * missed can still be found). Never the assistant's turns: text a site or a model wrote is
 * not the user's memory, and injecting it back would be a path for prompt injection.
 * The LoCoMo benchmark searches with exactly this.
 */
export const INJECTION_SEARCH = {
  includeEpisodes: true,
  episodeRoles: ['user'],
  statementsOnly: true,
} as const satisfies SearchFilters;

export function planInjection(
  hits: readonly SearchHit[],
  relevanceOf: (h: SearchHit) => number,
  countTokens: (text: string) => number,
  opts: PlanOptions = DEFAULT_PLAN,
  /**
   * The prompt: raw turns are cut to the sentences that carry its words, or, where none
   * does, to those `similarity` (a sentence's closeness to the prompt) rates best.
   */
  prompt?: { text: string; similarity?: (sentence: string) => number },
): { items: InjectionItem[]; tokens: number } {
  const terms = prompt && opts.excerptTokens ? queryTerms(prompt.text) : undefined;
  const frame = countTokens(`${MARKER_START}\n${BLOCK_HEADER}\n${MARKER_END}`);
  let tokens = frame;
  const items: InjectionItem[] = [];
  /** The same words twice (a turn captured under two ids, a fact equal to a turn) go in once. */
  const said = new Set<string>();
  for (const h of hits) {
    if (items.length >= opts.maxItems) break;
    const rel = relevanceOf(h);
    if (rel < opts.threshold) continue;
    const date = new Date(h.memory?.observedAt ?? h.episode?.observedAt ?? 0)
      .toISOString()
      .slice(0, 10);
    const text =
      (terms && h.type === 'episode'
        ? excerpt(h.text, terms, countTokens, opts.excerptTokens!, prompt?.similarity)
        : undefined) ?? h.text;
    const same = normaliseText(text);
    if (said.has(same)) continue;
    // "- "…" (YYYY-MM-DD)" costs a few tokens beyond the text itself.
    const cost = countTokens(text) + 8;
    if (tokens + cost > opts.budget) continue;
    tokens += cost;
    said.add(same);
    const src = h.provenance[0];
    const until = h.history ? h.memory?.supersededAt : undefined;
    items.push({
      id: h.id,
      type: h.type,
      text,
      date,
      score: h.score,
      relevance: rel,
      parts: h.parts,
      site: src?.site ?? '',
      url: src?.url ?? '',
      tokens: cost,
      ...(h.history ? { history: true } : {}),
      ...(h.agreed ? { agreed: true } : {}),
      ...(until !== undefined ? { until: new Date(until).toISOString().slice(0, 10) } : {}),
    });
  }
  return { items, tokens: items.length ? tokens : 0 };
}
