/**
 * What an import will do, decided before anything is written: each incoming memory is
 * added, merged into an existing duplicate (same bucket, same text up to case, spacing and
 * final punctuation), or skipped with a reason. Pure, so the engine can run it inside its
 * write lock and the tests can run it alone.
 */
import { EPISODE_ID_PREFIX, type Memory } from '../memory/types';
import { MAX_TEXT } from './format';

export interface SkippedItem {
  /** Position in the file's `memories` list (0-based). */
  index: number;
  text: string;
  reason: string;
}

export interface ImportPlan {
  add: Memory[];
  /** Incoming duplicates of existing memories: `into` receives `from`'s provenance. */
  merge: { into: Memory; from: Memory }[];
  skipped: SkippedItem[];
}

export interface ImportSummary {
  added: number;
  merged: number;
  skipped: SkippedItem[];
}

export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!;,]+$/, '')
    .trim();
}

const key = (m: Pick<Memory, 'bucket' | 'text'>) => `${m.bucket}\u0000${normaliseText(m.text)}`;

export function planImport(
  existing: Iterable<Memory>,
  incoming: readonly Memory[],
  newId: () => string,
): ImportPlan {
  const byKey = new Map<string, Memory>();
  const ids = new Set<string>();
  for (const m of existing) {
    ids.add(m.id);
    if (m.status === 'active') byKey.set(key(m), m);
  }
  const seen = new Map<string, number>();
  const plan: ImportPlan = { add: [], merge: [], skipped: [] };
  incoming.forEach((raw, index) => {
    const text = raw.text.trim();
    const short = text.slice(0, 80);
    if (!text) return plan.skipped.push({ index, text: short, reason: 'empty text' });
    if (text.length > MAX_TEXT)
      return plan.skipped.push({
        index,
        text: short,
        reason: `longer than ${MAX_TEXT} characters: shorten it and import again`,
      });
    const m: Memory = { ...raw, text };
    const k = key(m);
    const earlier = seen.get(k);
    if (earlier !== undefined)
      return plan.skipped.push({
        index,
        text: short,
        reason: `duplicate of entry ${earlier + 1} in the same file`,
      });
    seen.set(k, index);
    const dup = m.status === 'active' ? byKey.get(k) : undefined;
    if (dup) return plan.merge.push({ into: dup, from: m });
    // A taken id, or one the indexes would read as a chat turn's, is replaced.
    if (ids.has(m.id) || m.id.startsWith(EPISODE_ID_PREFIX)) m.id = newId();
    ids.add(m.id);
    plan.add.push(m);
  });
  return plan;
}
