/**
 * Forgetting reaches the source: when a memory is deleted (or ended by an in-chat "forget
 * that…"), the sentences of its source turns that stated it are cut out of the stored turns,
 * so neither the turn's text, its index entries nor an injected excerpt can bring it back.
 *
 * Which sentence stated a memory is decided by the memory's content words: a sentence that
 * holds at least half of them stated it; where none does, the one holding the most (at least
 * a third) did. A sentence that holds one of `words` (what the user asked to forget, as
 * typed) goes too, whatever else it says.
 *
 * @example
 * exciseStatements(
 *   "I've got a bad left knee from skiing. Can you give me a home workout?",
 *   ['User has a bad left knee from an old skiing accident.'],
 * ) // { text: 'Can you give me a home workout?', removed: 1 }
 */
import { termSet } from '../search/lexical';

const SENTENCE = /(?<=[.!?…])\s+(?=\S)|\n+/u;
/** Stated: at least this share of the memory's content terms are in the sentence. */
const STATED = 0.5;
/** Where no sentence reaches STATED, the best one still counts from this share. */
const STATED_AT_LEAST = 0.34;

function share(statement: ReadonlySet<string>, sentence: ReadonlySet<string>): number {
  if (statement.size === 0) return 0;
  let n = 0;
  for (const t of statement) if (sentence.has(t)) n++;
  return n / statement.size;
}

function wordMatcher(words: readonly string[]): RegExp | undefined {
  const alts = words
    .map((w) => w.trim())
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return alts.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'iu')
    : undefined;
}

export interface Excised {
  /** The turn's text without the sentences that stated what is forgotten. */
  text: string;
  /** How many sentences were cut. */
  removed: number;
}

export function exciseStatements(
  turnText: string,
  statements: readonly string[],
  words: readonly string[] = [],
): Excised {
  const parts = turnText.split(SENTENCE).filter((s) => s.trim());
  const partTerms = parts.map((p) => termSet(p));
  const cut = new Set<number>();
  for (const st of statements) {
    const want = termSet(st);
    let best = -1;
    let bestShare = 0;
    let any = false;
    for (const [i, pt] of partTerms.entries()) {
      const s = share(want, pt);
      if (s >= STATED) {
        cut.add(i);
        any = true;
      }
      if (s > bestShare) {
        bestShare = s;
        best = i;
      }
    }
    if (!any && best >= 0 && bestShare >= STATED_AT_LEAST) cut.add(best);
  }
  const re = wordMatcher(words);
  if (re) for (const [i, p] of parts.entries()) if (re.test(p)) cut.add(i);
  if (cut.size === 0) return { text: turnText, removed: 0 };
  const text = parts
    .filter((_, i) => !cut.has(i))
    .map((p) => p.trim())
    .join(' ');
  return { text, removed: cut.size };
}
