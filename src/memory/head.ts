/**
 * An item's head: what the search filter and the memory list read of it, without its text,
 * as the start image persists it beside its JSON (src/store/image.ts). A start fills the
 * item table's columns (./table.ts) from the heads, so the first search after it decides
 * which items it may return without parsing any.
 *
 * A head is derived data, kept in the image: when the rule one is derived by changes
 * (`statesSomething` included), bump IMAGE_VERSION, and every image is rebuilt from the
 * items at the next start.
 */
import type { Episode, Memory, MemoryKind, MemoryStatus, Role } from './types';

export interface EpisodeHead {
  role: Role;
  suppressed: boolean;
  /** `statesSomething(text)`. */
  states: boolean;
  /** `Episode.agreed`. */
  agreed: boolean;
  bucket: string;
  site: string;
  observedAt: number;
}

export interface MemoryHead {
  status: MemoryStatus;
  kind: MemoryKind;
  bucket: string;
  /** The sites of its provenance. */
  sites: readonly string[];
  observedAt: number;
  supersededAt: number | undefined;
  /** With `updatedAt`, what the memory list sorts by (`MemoryEngine.list`). */
  pinned: boolean;
  updatedAt: number;
  /** Its attribute (`Memory.slot`; '' when none): the profile pass reads memories by it. */
  slot: string;
}

export type ItemHead = EpisodeHead | MemoryHead;

/** A sentence about what might be, or someone invented: "Imagine I quit my job…". */
const HYPOTHETICAL =
  /^\W*(?:imagine|suppose|supposing|hypothetically|what if|let'?s say|say I|pretend|just a (?:daydream|thought|hypothetical)|if I (?:were|was|had|could|did|got|moved|quit|lived|won|adopted|bought|became)|in (?:my|a|the) (?:story|novel|book|game|script|screenplay|campaign)|my (?:character|protagonist)|for a (?:story|novel|book|game|role-?play))\b/i;
/** A sentence that asks the assistant for something: no statement about the user. */
const REQUEST =
  /^\W*(?:(?:can|could|would|will) (?:you|u)|please|pls|help me|tell me|give me|show me|write|draft|make me|create|suggest|recommend|explain|list|find me|any (?:ideas|tips|advice|suggestions|recommendations)|thanks|thank you|thx)\b/i;

/**
 * The sentences of a turn that state something: three words or more, not a question, not a
 * request to the assistant, not a hypothetical. What the injection search may return of the
 * user's own turns (`statementsOnly`), and all an injected excerpt keeps of one.
 */
export function statementsOf(text: string): string {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(
      (s) =>
        s.split(/\s+/).length >= 3 && !s.endsWith('?') && !HYPOTHETICAL.test(s) && !REQUEST.test(s),
    )
    .join(' ');
}

/** Whether a turn says something (see `statementsOf`). */
export function statesSomething(text: string): boolean {
  return statementsOf(text) !== '';
}

export const episodeHead = (e: Episode): EpisodeHead => ({
  role: e.role,
  suppressed: !!e.suppressed,
  states: statesSomething(e.text),
  agreed: !!e.agreed,
  bucket: e.bucket,
  site: e.site,
  observedAt: e.observedAt,
});

export const memoryHead = (m: Memory): MemoryHead => ({
  status: m.status,
  kind: m.kind,
  bucket: m.bucket,
  sites: [...new Set(m.provenance.map((p) => p.site))],
  observedAt: m.observedAt,
  supersededAt: m.supersededAt,
  pinned: m.pinned,
  updatedAt: m.updatedAt,
  slot: m.slot ?? '',
});
