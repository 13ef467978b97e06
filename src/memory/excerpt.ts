/**
 * The part of a long turn worth injecting: the sentences that carry the query's words, in
 * their order, within a token budget, with "…" where text was left out. A raw turn is often
 * three or four sentences of which one answers the prompt; injecting that one leaves room in
 * the block for other memories. The full turn stays what the popup shows and searches.
 *
 * @example
 * excerpt('Hi! Long week. I adopted a cat named Bailey. How are you?', ['cat'], count, 12);
 * // '… I adopted a cat named Bailey. …'
 */
import { termSet } from '../search/lexical';

const SENTENCE = /(?<=[.!?…])\s+(?=\S)|\s+(?=\[shares an image)/u;

/**
 * An excerpt of `text` of at most `maxTokens` tokens around the sentences holding the most
 * `terms` (folded query terms), or undefined when the whole text fits. `similarity` (a
 * sentence's closeness to the query, 0..1) breaks ties, and decides alone where no sentence
 * has a query word.
 */
export function excerpt(
  text: string,
  terms: readonly string[],
  count: (t: string) => number,
  maxTokens: number,
  similarity?: (sentence: string) => number,
): string | undefined {
  if (count(text) <= maxTokens) return undefined;
  const want = new Set(terms);
  const parts = text.split(SENTENCE).filter((s) => s.trim());
  const score = parts.map((s) => {
    let seen = 0;
    for (const f of termSet(s)) if (want.has(f)) seen++;
    return seen + (similarity ? Math.max(0, Math.min(1, similarity(s))) * 0.99 : 0);
  });
  const tokens = parts.map(count);
  let best = 0;
  for (let i = 1; i < parts.length; i++) if (score[i]! > score[best]!) best = i;
  if (tokens[best]! > maxTokens) return `${cutWords(parts[best]!, count, maxTokens)} …`;
  let from = best;
  let to = best;
  let used = tokens[best]!;
  // Grow towards the neighbour with more query words (the earlier one on a tie: a reply's
  // point tends to come first), while the budget allows.
  for (;;) {
    const before = from > 0 ? from - 1 : -1;
    const after = to < parts.length - 1 ? to + 1 : -1;
    const fits = (i: number) => i >= 0 && used + tokens[i]! <= maxTokens;
    const options = [before, after].filter(fits);
    if (!options.length) break;
    const next = options.sort((a, b) => score[b]! - score[a]! || a - b)[0]!;
    used += tokens[next]!;
    if (next < from) from = next;
    else to = next;
  }
  const body = parts.slice(from, to + 1).join(' ');
  return `${from > 0 ? '… ' : ''}${body}${to < parts.length - 1 ? ' …' : ''}`;
}

/** The first words of `s` that fit in `maxTokens`. */
function cutWords(s: string, count: (t: string) => number, maxTokens: number): string {
  const words = s.split(/\s+/);
  let lo = 1;
  let hi = words.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(words.slice(0, mid).join(' ')) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return words.slice(0, lo).join(' ');
}
