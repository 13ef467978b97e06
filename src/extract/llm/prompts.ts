/**
 * The two prompts of the LLM tier (Mem0's pipeline, adapted to a 1–2B on-device model),
 * their JSON schemas (web-llm constrains generation with them) and the parsers that check
 * what came back. Prompts are short: every token is prefill time on a laptop GPU.
 */
import { stripMemoryBlock } from '../../inject/marker';
import {
  MEMORY_KINDS,
  type CandidateOp,
  type CapturedTurn,
  type Memory,
  type MemoryKind,
} from '../../memory/types';
import type { ChatMessage } from './engine';
import { LlmOutputError } from './errors';

/** At most this many characters of the turn are sent (the model's window is 4,096 tokens). */
export const MAX_TURN_CHARS = 6000;
/** Per earlier turn of context. */
export const MAX_CONTEXT_CHARS = 600;
export const MAX_FACTS = 20;

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "Wednesday, 2026-06-10" (UTC, like the rule extractor's dates). */
export function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${DAY_NAMES[d.getUTCDay()]}, ${d.toISOString().slice(0, 10)}`;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** The conversation's last four turns before this one, as both fact prompts show them. */
function contextLines(context: readonly CapturedTurn[], who: string): string {
  return context
    .slice(-4)
    .map(
      (t) =>
        `${t.role === 'user' ? who : 'Assistant'}: ${clip(stripMemoryBlock(t.text), MAX_CONTEXT_CHARS)}`,
    )
    .join('\n');
}

// ---------------------------------------------------------------------------------------
// Step 1: facts

export const FACTS_SCHEMA = {
  type: 'object',
  properties: {
    facts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          text: { type: 'string' },
          kind: { type: 'string', enum: [...MEMORY_KINDS] },
          entities: { type: 'array', items: { type: 'string' } },
          date: { type: 'string' },
          slot: { type: 'string' },
          confidence: { type: 'number' },
        },
        required: ['text', 'kind', 'entities', 'date', 'slot', 'confidence'],
      },
    },
  },
  required: ['facts'],
} as const;

export interface RawFact {
  /** "" only for a forget request, which stores nothing. */
  text: string;
  kind: MemoryKind;
  entities: string[];
  /** YYYY-MM-DD or "" */
  date: string;
  slot: string;
  confidence: number;
  /** Chrome's built-in model names the operation (CHROME_FACTS_SCHEMA); web-llm does not. */
  op?: CandidateOp;
  value?: string;
  target?: string;
}

export function factsMessages(
  turn: CapturedTurn,
  context: readonly CapturedTurn[],
  userName?: string,
): ChatMessage[] {
  const who = userName || 'User';
  const system = [
    `You extract durable facts about the user (${who}) from a chat with an AI assistant, for a personal memory.`,
    `Today is ${isoDay(turn.observedAt)}.`,
    'Rules:',
    `- Only facts the user states about themselves: identity, preferences, plans, events, relationships, health, work, tools they use. Nothing about the assistant, no general knowledge, no questions or requests.`,
    `- Each fact is one short self-contained sentence in the third person starting with "${who}" (e.g. "${who} is vegetarian.").`,
    '- Replace relative dates (yesterday, next Friday, last month) with absolute dates computed from today, in the text and as "date" (YYYY-MM-DD; "" when there is none).',
    '- "slot" names the single-valued attribute a fact sets (home, diet, employer, job, partner, …), or "".',
    '- "confidence" is 0 to 1. Never copy secrets, passwords or keys.',
    '- If there is nothing to remember, return {"facts": []}.',
    'Answer with JSON only.',
  ].join('\n');
  const ctx = contextLines(context, who);
  const user = [
    ctx ? `Earlier in the conversation (context only):\n${ctx}\n` : '',
    `New message from ${who} (extract from this one):\n${clip(stripMemoryBlock(turn.text), MAX_TURN_CHARS)}`,
  ].join('');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

// ---------------------------------------------------------------------------------------
// Step 1 for Chrome's built-in model: the same facts, each with the operation it implies

/** The attributes the rule extractor keeps one current value of (src/extract/changes.ts). */
const KNOWN_SLOTS =
  'home, employer, job, school, partner, pet, vehicle, phone, salary, diet, allergies, age, name, nationality';

export const CHROME_FACTS_SCHEMA = {
  type: 'object',
  properties: {
    facts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          ...FACTS_SCHEMA.properties.facts.items.properties,
          op: { type: 'string', enum: ['add', 'set', 'end', 'correct', 'forget', 'plan'] },
          value: { type: 'string' },
          target: { type: 'string' },
        },
        required: [...FACTS_SCHEMA.properties.facts.items.required, 'op', 'value', 'target'],
      },
    },
  },
  required: ['facts'],
} as const;

/**
 * The system prompt, fixed for a session (the date and the turn go in each request, so
 * one session serves every turn), and the request for one chunk of a turn.
 */
export function chromeFactsPrompt(userName?: string): {
  system: string;
  request(turn: CapturedTurn, chunk: string, context: readonly CapturedTurn[]): string;
} {
  const who = userName || 'User';
  const system = [
    `You extract durable facts about the user (${who}) from a chat with an AI assistant, for a personal memory.`,
    'Rules:',
    `- Only facts the user states about themselves: identity, preferences, plans, events, relationships, health, work, tools they use. Nothing about the assistant, no general knowledge, no questions or requests.`,
    `- Each fact is one short self-contained sentence in English in the third person starting with "${who}" (e.g. "${who} is vegetarian.").`,
    '- Replace relative dates (yesterday, next Friday, last month) with absolute dates computed from today, in the text and as "date" (YYYY-MM-DD; "" when there is none).',
    `- "slot" names the single-valued attribute a fact sets (${KNOWN_SLOTS}, …), or "".`,
    '- "op" is what the fact does: "set" gives the slot a new current value ("I moved to Berlin"); "end" says it is over ("I no longer work at Acme", "we sold the car"); "correct" fixes a value the user says was wrong ("typo, I\'m 43 not 34"); "forget" is the user asking to forget something ("please forget my salary"), its text may be ""; "plan" gives the slot a value from a later date on ("we\'re moving to Lisbon in June": slot "home", value "Lisbon", and the date); "add" for anything else, also one more value of a slot ("also allergic to shellfish").',
    '- "value" is the slot\'s value in a few words ("Berlin", "vegan") or "". "target": for "end" and "forget" the words naming what ends or is forgotten ("Acme", "salary"); for "correct" the wrong value ("34"); else "".',
    '- "confidence" is 0 to 1. Never copy secrets, passwords or keys.',
    '- If there is nothing to remember, return {"facts": []}.',
    'Answer with JSON only.',
  ].join('\n');
  return {
    system,
    request(turn, chunk, context) {
      const ctx = contextLines(context, who);
      return [
        `Today is ${isoDay(turn.observedAt)}.\n`,
        ctx ? `Earlier in the conversation (context only):\n${ctx}\n` : '',
        `New message from ${who} (extract from this one):\n${chunk}`,
      ].join('');
    },
  };
}

// ---------------------------------------------------------------------------------------
// Step 2: decisions against existing memories

export const DECISIONS_SCHEMA = {
  type: 'object',
  properties: {
    decisions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          fact: { type: 'integer' },
          action: { type: 'string', enum: ['ADD', 'UPDATE', 'SUPERSEDE', 'NOOP'] },
          memory: { type: 'integer' },
          text: { type: 'string' },
        },
        required: ['fact', 'action', 'memory', 'text'],
      },
    },
  },
  required: ['decisions'],
} as const;

export interface RawDecision {
  fact: number;
  action: 'ADD' | 'UPDATE' | 'SUPERSEDE' | 'NOOP';
  /** Small integer from the prompt's memory list; -1 for ADD. */
  memory: number;
  /** For UPDATE: the merged statement; otherwise "". */
  text: string;
}

/**
 * The memories are numbered 0..n-1 in the prompt; the model never sees a real id, so it
 * cannot invent one that exists. `ids[i]` maps back.
 */
export function decisionMessages(
  facts: readonly string[],
  memories: readonly Memory[],
  observedAt: number,
): { messages: ChatMessage[]; ids: string[] } {
  const ids = memories.map((m) => m.id);
  const system = [
    'You keep a personal memory up to date. For each new fact, compare it with the existing memories and choose one action:',
    '- ADD: new information (memory = -1).',
    '- UPDATE: the same subject with more detail; give the merged sentence in "text".',
    '- SUPERSEDE: the fact replaces a memory that is no longer true (moved, changed job, changed preference).',
    '- NOOP: already known (same meaning).',
    '"memory" is the number of the existing memory concerned, from the list only; -1 for ADD.',
    'Answer with JSON only: {"decisions": [{"fact": 0, "action": "ADD", "memory": -1, "text": ""}]}.',
  ].join('\n');
  const user = [
    `Today is ${isoDay(observedAt)}.`,
    'Existing memories:',
    ...memories.map(
      (m, i) => `${i}. ${m.text} (noted ${new Date(m.observedAt).toISOString().slice(0, 10)})`,
    ),
    '',
    'New facts:',
    ...facts.map((f, i) => `${i}. ${f}`),
  ].join('\n');
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    ids,
  };
}

// ---------------------------------------------------------------------------------------
// Parsing

const REFUSAL =
  /^\s*(?:I(?:'m| am) sorry|I can(?:'t|not)|I(?:'m| am) (?:not able|unable)|As an AI|Sorry,? (?:but )?I|I won't)/i;

/**
 * The JSON object in a completion. Truncation is judged by `finish_reason` first, then by
 * an unbalanced object (an answer cut mid-way by the token limit or an interrupt).
 */
export function parseJsonOutput(
  raw: string | null,
  finishReason: string | null | undefined,
): unknown {
  const text = (raw ?? '').trim();
  if (!text) throw new LlmOutputError('refusal', '');
  if (finishReason === 'length') throw new LlmOutputError('truncated', text);
  // Small models sometimes wrap the object in a code fence despite the grammar.
  const body = text.replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  if (!body.startsWith('{') && REFUSAL.test(body)) throw new LlmOutputError('refusal', text);
  try {
    return JSON.parse(body);
  } catch (cause) {
    if (body.startsWith('{') && !balanced(body)) throw new LlmOutputError('truncated', text, cause);
    throw new LlmOutputError('malformed', text, cause);
  }
}

function balanced(s: string): boolean {
  let depth = 0;
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth === 0 && !inStr;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks and normalises step 1's JSON. Items of the wrong shape are dropped, not fatal. */
export function parseFacts(json: unknown, raw: string): RawFact[] {
  if (!isObj(json)) throw new LlmOutputError('schema', raw);
  if (json.refusal !== undefined && !json.facts) throw new LlmOutputError('refusal', raw);
  if (!Array.isArray(json.facts)) throw new LlmOutputError('schema', raw);
  const out: RawFact[] = [];
  for (const f of json.facts) {
    if (!isObj(f)) continue;
    const op = CANDIDATE_OPS.includes(f.op as CandidateOp) ? (f.op as CandidateOp) : undefined;
    const text = typeof f.text === 'string' ? f.text.trim().replace(/\s+/g, ' ') : '';
    const target = words(f.target);
    // A forget request names what goes; it needs no statement of its own.
    if (!text && !(op === 'forget' && target)) continue;
    const kind = MEMORY_KINDS.includes(f.kind as MemoryKind) ? (f.kind as MemoryKind) : 'fact';
    const conf =
      typeof f.confidence === 'number' && Number.isFinite(f.confidence) ? f.confidence : 0.8;
    const value = words(f.value);
    out.push({
      text,
      kind,
      entities: Array.isArray(f.entities)
        ? f.entities.filter((e): e is string => typeof e === 'string' && !!e.trim()).slice(0, 8)
        : [],
      date: typeof f.date === 'string' ? f.date.trim() : '',
      slot: typeof f.slot === 'string' ? f.slot.trim().toLowerCase() : '',
      confidence: Math.min(1, Math.max(0, conf)),
      ...(op ? { op } : {}),
      ...(value ? { value } : {}),
      ...(target ? { target } : {}),
    });
    if (out.length >= MAX_FACTS) break;
  }
  return out;
}

const CANDIDATE_OPS: readonly CandidateOp[] = ['add', 'set', 'end', 'correct', 'forget', 'plan'];

const words = (v: unknown): string =>
  typeof v === 'string' ? v.trim().replace(/\s+/g, ' ').slice(0, 200) : '';

export function parseDecisions(json: unknown, raw: string): RawDecision[] {
  if (!isObj(json) || !Array.isArray(json.decisions)) throw new LlmOutputError('schema', raw);
  const out: RawDecision[] = [];
  for (const d of json.decisions) {
    if (!isObj(d) || !Number.isInteger(d.fact)) continue;
    const action = String(d.action).toUpperCase();
    if (action !== 'ADD' && action !== 'UPDATE' && action !== 'SUPERSEDE' && action !== 'NOOP')
      continue;
    out.push({
      fact: d.fact as number,
      action,
      memory: Number.isInteger(d.memory) ? (d.memory as number) : -1,
      text: typeof d.text === 'string' ? d.text.trim() : '',
    });
  }
  return out;
}

/** "2026-06-12" → 00:00 UTC of that day; anything else → undefined. */
export function parseIsoDate(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(at);
  return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? at : undefined;
}
