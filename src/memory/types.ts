/**
 * The memory model shared by every part of Mnemo. These types cross the message protocol,
 * are stored in IndexedDB and are what the engine's injected parts (embedder, extractor,
 * indexes, clock) agree on. Plain data only: everything here must survive structured clone.
 */
import type { SiteId } from '../sites/hosts';

export type Role = 'user' | 'assistant';

export type MemoryKind =
  | 'identity'
  | 'fact'
  | 'preference'
  | 'plan'
  | 'event'
  | 'relationship'
  | 'health'
  | 'work'
  | 'tool';

export const MEMORY_KINDS: readonly MemoryKind[] = [
  'identity',
  'fact',
  'preference',
  'plan',
  'event',
  'relationship',
  'health',
  'work',
  'tool',
];

export type MemoryStatus = 'active' | 'superseded' | 'deleted';

/** Where a memory came from: one captured turn (or several, once merged). */
export interface Provenance {
  site: SiteId;
  conversationId: string;
  url: string;
  turnIds: string[];
  role: Role;
}

/**
 * A memory: one short statement about the user that reads right out of context.
 *
 * @example
 * { id: 'm_…', text: 'User is vegetarian.', kind: 'health', bucket: 'site:chatgpt',
 *   observedAt: 1715170560000, status: 'active', pinned: false, entities: [], … }
 */
export interface Memory {
  id: string;
  text: string;
  kind: MemoryKind;
  bucket: string;
  /** When the source turn was said (ms since epoch), not when it was processed. */
  observedAt: number;
  /** For plans and events: the absolute date the statement refers to, when one was given. */
  eventAt?: number;
  createdAt: number;
  updatedAt: number;
  status: MemoryStatus;
  supersedes?: string;
  supersededBy?: string;
  /** When the superseding statement was observed: the end of this one's validity. */
  supersededAt?: number;
  pinned: boolean;
  entities: string[];
  /** The single-valued attribute this memory sets ("home", "diet"), when it sets one. */
  slot?: string;
  provenance: Provenance[];
}

/** A captured chat turn, as the content script reports it. */
export interface CapturedTurn {
  site: SiteId;
  conversationId: string;
  /** Stable within the conversation (the site's own message id where it has one). */
  turnId: string;
  role: Role;
  text: string;
  url: string;
  /** When the turn was observed by the capture (ms since epoch). */
  observedAt: number;
}

/** A stored raw turn: searchable as a second, lower-priority kind, and every fact's source. */
export interface Episode extends CapturedTurn {
  /** `${site}|${conversationId}|${turnId}` */
  key: string;
  bucket: string;
  /** Hash of the text, to tell an edited turn from a re-capture of the same one. */
  textHash: string;
  /** A memory from this turn was deleted by the user: kept as a source, never searched. */
  suppressed?: boolean;
  /**
   * The memories this turn stated (added, updated or confirmed by it). Injection cuts their
   * sentences out of the turn: a fact and the turn it came from never both go in, and a
   * superseded fact's turn cannot bring the old value back.
   */
  memoryIds?: string[];
  /**
   * An assistant's answer the user's next turn agreed to ("This plan looks solid.",
   * ./../extract/agree.ts): what the user accepted is the user's decision, injected with the
   * work's state and listed with the user's turns; other assistant turns never are.
   */
  agreed?: boolean;
}

export type HistoryAction =
  'added' | 'updated' | 'superseded' | 'deleted' | 'restored' | 'edited' | 'imported' | 'merged';

export type Actor = 'extraction' | 'user' | 'import' | 'sync';

/** One row per change. A deletion leaves a content-free tombstone (no before/after text). */
export interface HistoryRow {
  id?: number;
  memoryId: string;
  at: number;
  action: HistoryAction;
  actor: Actor;
  before?: string;
  after?: string;
  /** For `superseded`: the id of the memory that replaced this one. */
  relatedId?: string;
}

/** The context an extractor gets for one turn. */
export interface ExtractionInput {
  turn: CapturedTurn;
  /** Earlier turns of the same conversation, oldest first (a few at most). */
  context: CapturedTurn[];
  /** Active memories similar to the turn, for extractors that decide updates themselves. */
  similar: Memory[];
  /**
   * The user's name when known (the LoCoMo speaker, say). Statements are written about that
   * name ("Caroline adopted a dog.") instead of "User" when it is given.
   */
  userName?: string;
}

/** A statement an extractor proposes to remember. */
export interface Candidate {
  /** Self-contained, third person: "User is vegetarian." */
  text: string;
  kind: MemoryKind;
  entities: string[];
  /** Absolute date the statement refers to (plans, events, deadlines), when resolved. */
  eventAt?: number;
  /** 0..1, how sure the extractor is that this is a durable fact about the user. */
  confidence: number;
  /**
   * A key naming the attribute the statement sets ("home", "diet", "employer"): two
   * candidates with the same slot and different values are a change, not two facts.
   */
  slot?: string;
  /**
   * What the statement does to the memory (default: `set` when `slot` is given, else `add`).
   * `set` gives the slot a (new) current value; `end` retires the slot's current value ("I
   * no longer work at Acme", "we sold the car") or, without a slot, the memories `target`
   * names; `correct` replaces a value the user says was wrong ("typo, 43 not 34"), keeping
   * no history of the wrong one; `forget` is an in-chat request to forget what `target`
   * names ("please forget my salary"), and what `slot` names when the target names an
   * attribute: nothing is stored and the matching memories go. `add` with a slot is one
   * more value of that attribute, not a change of it ("also allergic to shellfish", a
   * second pet). `plan` gives the slot its value from `eventAt` on ("we're moving to
   * Tallinn in three weeks"): until then the current value stays current.
   */
  op?: CandidateOp;
  /** The slot's value in a few words ("Berlin", "Globex", "vegan"), when it has one. */
  value?: string;
  /**
   * For `end` and `forget`: words naming what ends or is forgotten ("Acme", "salary"). For
   * `correct`: the wrong value, when the user named it ("not 34" → "34").
   */
  target?: string;
}

/** See `Candidate.op`. */
export type CandidateOp = 'add' | 'set' | 'end' | 'correct' | 'forget' | 'plan';

export type DecisionKind = 'ADD' | 'UPDATE' | 'SUPERSEDE' | 'NOOP';

export interface Decision {
  candidate: Candidate;
  kind: DecisionKind;
  /** The existing memory updated, superseded or duplicated (absent for ADD). */
  targetId?: string;
}

export interface ExtractionResult {
  candidates: Candidate[];
  /** Extractors that decide for themselves (the LLM tier) return decisions too. */
  decisions?: Decision[];
}

/**
 * Turns a captured turn into candidate facts. The rule-based extractor and the LLM tier
 * implement it.
 *
 * @example
 * const { candidates } = await extractor.extract({ turn, context: [], similar: [] });
 */
export interface Extractor {
  readonly id: string;
  extract(input: ExtractionInput, signal?: AbortSignal): Promise<ExtractionResult>;
}

/**
 * Text → unit-length vectors.
 *
 * @example
 * const [v] = await embedder.embed(['I am vegetarian']); // Float32Array(64)
 */
export interface Embedder {
  readonly id: string;
  readonly dims: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Number of tokens the model's tokenizer makes of a text (for token budgets). */
  countTokens(text: string): number;
  /** A synchronous embedding, where the model is a table lookup (static embeddings). */
  embedOne?(text: string): Float32Array;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * How the indexes name a raw chat turn: this prefix and the episode's key. No memory may have
 * an id that starts with it (an import gives such a memory a new id).
 */
export const EPISODE_ID_PREFIX = 'e:';

/** Why a search result ranked where it did. All components are in 0..1. */
export interface ScoreParts {
  similarity: number;
  keywords: number;
  /** Share of the query's content words the item contains (independent of corpus size). */
  coverage: number;
  recency: number;
  pinned: number;
  kind: number;
  /** How well the item's time matches a date the query names (absent when it names none). */
  when?: number;
  /** Raw turns: the share of their sentences that ask (`voiceOf`). */
  asks?: number;
  /** Raw turns: the first-person share of their pronouns, 0.5 with none (`voiceOf`). */
  self?: number;
}

export interface SearchFilters {
  buckets?: readonly string[];
  kinds?: readonly MemoryKind[];
  sites?: readonly SiteId[];
  /** `current` (default): active only. `all`: also superseded. */
  status?: 'current' | 'all';
  from?: number;
  to?: number;
  /** What was true at this time: memories observed before it and not superseded by then. */
  asOf?: number;
  /** Also search raw episodes (turns), ranked below facts. */
  includeEpisodes?: boolean;
  /** Which raw turns: the user's own only (what injection uses), or all. Default all. */
  episodeRoles?: readonly Role[];
  /**
   * Only raw turns that state something (at least one sentence that is not a question):
   * a past question says nothing about the user. Questions still rank their answers.
   */
  statementsOnly?: boolean;
  /** Also the assistant's answers the user agreed to (`Episode.agreed`), whatever the roles. */
  agreedAnswers?: boolean;
}

export interface SearchHit {
  type: 'memory' | 'episode';
  id: string;
  text: string;
  score: number;
  parts: ScoreParts;
  memory?: Memory;
  episode?: Episode;
  provenance: Provenance[];
  /** Brought in by the profile pass for this need (`needs.ts`), not by the prompt's words. */
  need?: string;
  /** How much the need weighs (0..1): stands in for the query relevance of such a hit. */
  needWeight?: number;
  /** A value no longer current, injected as history. */
  history?: boolean;
  /** An assistant's answer the user agreed to (`Episode.agreed`): injected as such. */
  agreed?: boolean;
}

/** What a forget removes: one memory or turn, a chat, a site, a bucket, or everything. */
export type ForgetScope =
  | { type: 'memory'; id: string }
  /** One stored turn (the popup's list of chat turns), by its episode key. */
  | { type: 'turn'; key: string }
  | { type: 'conversation'; site: string; conversationId: string }
  | { type: 'site'; site: string }
  | { type: 'bucket'; bucket: string }
  | { type: 'all' };

/** What the engine is asked to do with versions merged from another device (./remote.ts). */
export interface RemoteChanges {
  upsert: { memory: Memory; history: Omit<HistoryRow, 'id'>[] }[];
  remove: string[];
}
