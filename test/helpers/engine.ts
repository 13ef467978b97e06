import 'fake-indexeddb/auto';
import { resolve } from 'node:path';
import { MemoryEngine, type EngineEnv } from '../../src/memory/engine';
import type { Candidate, CapturedTurn, Extractor, ExtractionInput } from '../../src/memory/types';
import { nodeModelSource } from '../../src/embed/node-source';
import { StaticEmbedder } from '../../src/embed/static';
import { openMnemoDb } from '../../src/store/db';
import { MemoryStore } from '../../src/store/store';

export const MODELS_DIR = resolve(__dirname, '../../public/models');

let embedder: Promise<StaticEmbedder> | undefined;
/** The real potion-base-2M embedder, loaded once per test file (run `npm run models` first). */
export function realEmbedder(): Promise<StaticEmbedder> {
  embedder ??= StaticEmbedder.load(nodeModelSource(MODELS_DIR));
  return embedder;
}

/**
 * TEST DOUBLE: an extractor that returns the candidates a test scripted for a turn's text.
 * It proves the engine's decisions and bookkeeping, not extraction.
 */
export class ScriptedExtractor implements Extractor {
  readonly id = 'scripted-test-double';
  readonly calls: ExtractionInput[] = [];
  constructor(private readonly script: Record<string, Candidate[]> = {}) {}
  set(text: string, candidates: Candidate[]): void {
    this.script[text] = candidates;
  }
  async extract(input: ExtractionInput) {
    this.calls.push(input);
    return { candidates: this.script[input.turn.text] ?? [] };
  }
}

export function fact(text: string, extra: Partial<Candidate> = {}): Candidate {
  return { text, kind: 'fact', entities: [], confidence: 0.9, ...extra };
}

let dbCounter = 0;
export class TestClock {
  constructor(public t = Date.UTC(2026, 4, 3, 12)) {}
  now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

export async function makeEngine(extractor: Extractor, over: Partial<EngineEnv> = {}) {
  const db = await openMnemoDb(`test-${process.pid}-${++dbCounter}`);
  const store = new MemoryStore(db);
  const clock = new TestClock();
  const engine = new MemoryEngine({
    store,
    embedder: await realEmbedder(),
    extractor,
    clock,
    redact: (t) => t,
    ...over,
  });
  await engine.init();
  return { engine, store, db, clock };
}

let turnCounter = 0;
export function turn(text: string, over: Partial<CapturedTurn> = {}): CapturedTurn {
  return {
    site: 'demo',
    conversationId: 'c1',
    turnId: `t${++turnCounter}`,
    role: 'user',
    text,
    url: 'http://127.0.0.1/demo/c/c1',
    observedAt: Date.UTC(2026, 4, 3, 12),
    ...over,
  };
}
