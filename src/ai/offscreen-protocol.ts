/**
 * The service worker ↔ offscreen document protocol (Chrome only). Deliberately separate from
 * src/messaging/protocol.ts: only the background talks to the offscreen page, and every
 * runtime message reaches every extension context, so each request carries
 * `target: OFFSCREEN_TARGET` and the offscreen page ignores everything else (and every other
 * context ignores these). The receiver validates each field (`parseOffscreenRequest`).
 *
 * Errors cross with their name, message and LLM error code, so the background classifies
 * them exactly as before (`classifyEngineError` reads names and messages).
 *
 * @example (background)
 * const r = await client.call('llmComplete', { modelId, request });
 */
import type { CompletionRequest, CompletionResponse } from '../extract/llm/engine';
import type { TransformersDtype } from '../embed/transformers';
import type { Candidate, CapturedTurn } from '../memory/types';
import type { WebGpuStatus } from './webgpu';

export const OFFSCREEN_TARGET = 'mnemo-offscreen';
/** The offscreen entrypoint (entrypoints/offscreen/index.html), relative to the extension. */
export const OFFSCREEN_PATH = 'offscreen.html';

/** Where an embedding model is read from: shipped in the extension, or downloaded before. */
export type EmbedSource = 'extension' | 'downloaded';
export interface EmbedModelRef {
  model: string;
  dtype: TransformersDtype;
  source: EmbedSource;
}

export interface OffscreenOps {
  ping: { params: Record<string, never>; result: { ready: true } };
  /** WebGPU where the model runs (a document, like the offscreen page). */
  detectWebGpu: { params: Record<string, never>; result: WebGpuStatus };
  /** Checks WebGPU, shader-f16 and the weight cache, then loads the model (no download). */
  llmLoad: { params: { modelId: string }; result: null };
  llmComplete: {
    params: { modelId: string; request: CompletionRequest };
    result: CompletionResponse;
  };
  llmInterrupt: { params: Record<string, never>; result: null };
  /** Frees the GPU memory; the next `llmLoad` starts over (after a GPU loss). */
  llmUnload: { params: Record<string, never>; result: null };
  embedLoad: { params: EmbedModelRef; result: { id: string; dims: number } };
  embed: { params: EmbedModelRef & { texts: string[] }; result: number[][] };
  countTokens: { params: EmbedModelRef & { text: string }; result: number };
  /**
   * The rule-based extractor (compromise and chrono-node, kept out of the service worker's
   * bundle, which is evaluated at every start). It reads only the turn and the user's name.
   */
  extractRules: {
    params: { turn: CapturedTurn; userName?: string; assistantTurns: boolean };
    result: Candidate[];
  };
  /** chrono-node's date for each text (ms), said at `observedAt`; `null` where none. */
  resolveDates: { params: { texts: string[]; observedAt: number }; result: (number | null)[] };
  /** Test builds only: an operation registered by src/ai/probe-offscreen.ts. */
  test: { params: { name: string; args: unknown[] }; result: unknown };
}

export type OffscreenOp = keyof OffscreenOps;
export type OffscreenParams<O extends OffscreenOp> = OffscreenOps[O]['params'];
export type OffscreenResult<O extends OffscreenOp> = OffscreenOps[O]['result'];

export interface OffscreenRequest<O extends OffscreenOp = OffscreenOp> {
  target: typeof OFFSCREEN_TARGET;
  op: O;
  params: OffscreenParams<O>;
}

export interface OffscreenWireError {
  name: string;
  message: string;
  /** An LlmError's code ('no-webgpu', 'not-downloaded', 'gpu-memory', …). */
  code?: string;
}

export type OffscreenResponse<O extends OffscreenOp = OffscreenOp> =
  { ok: true; value: OffscreenResult<O> } | { ok: false; error: OffscreenWireError };

export class OffscreenMessageError extends Error {
  constructor(message: string) {
    super(`The offscreen page rejected a malformed request: ${message}`);
    this.name = 'OffscreenMessageError';
  }
}

/** Whether a runtime message is meant for the offscreen page at all. */
export function isForOffscreen(msg: unknown): boolean {
  return (
    typeof msg === 'object' &&
    msg !== null &&
    (msg as { target?: unknown }).target === OFFSCREEN_TARGET
  );
}

type V = (x: unknown, path: string) => void;
const bad = (path: string, want: string): never => {
  throw new OffscreenMessageError(`${path} must be ${want}`);
};
const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const str =
  (max: number): V =>
  (x, p) => {
    if (typeof x !== 'string' || x.length > max) bad(p, `a string of at most ${max} characters`);
  };
const oneOf =
  (...vals: string[]): V =>
  (x, p) => {
    if (!vals.includes(x as string)) bad(p, `one of ${vals.join(', ')}`);
  };
const num: V = (x, p) => {
  if (typeof x !== 'number' || !Number.isFinite(x)) bad(p, 'a number');
};
const bool: V = (x, p) => {
  if (typeof x !== 'boolean') bad(p, 'a boolean');
};
const opt =
  (v: V): V =>
  (x, p) => {
    if (x !== undefined) v(x, p);
  };
const optNum: V = (x, p) => {
  if (x !== undefined && (typeof x !== 'number' || !Number.isFinite(x))) bad(p, 'a number');
};
const arr =
  (max: number, item: V): V =>
  (x, p) => {
    if (!Array.isArray(x) || x.length > max) bad(p, `an array of at most ${max} items`);
    (x as unknown[]).forEach((v, i) => item(v, `${p}[${i}]`));
  };
const obj =
  (shape: Record<string, V>): V =>
  (x, p) => {
    if (!isObj(x)) bad(p, 'an object');
    for (const [k, v] of Object.entries(shape)) v((x as Record<string, unknown>)[k], `${p}.${k}`);
  };

const MODEL_ID = str(200);
const embedRef = {
  model: MODEL_ID,
  dtype: oneOf('fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4'),
  source: oneOf('extension', 'downloaded'),
};
const completion = obj({
  messages: arr(16, obj({ role: oneOf('system', 'user', 'assistant'), content: str(200_000) })),
  response_format: obj({ type: oneOf('json_object'), schema: str(20_000) }),
  temperature: optNum,
  max_tokens: optNum,
});

/** As the background's own capture validation accepts it (src/messaging/validate.ts). */
const capturedTurn = obj({
  site: str(40),
  conversationId: str(300),
  turnId: str(200),
  role: oneOf('user', 'assistant'),
  text: str(1_000_000),
  url: str(4000),
  observedAt: num,
});

const VALIDATORS: { [O in OffscreenOp]: V } = {
  ping: obj({}),
  detectWebGpu: obj({}),
  llmLoad: obj({ modelId: MODEL_ID }),
  llmComplete: obj({ modelId: MODEL_ID, request: completion }),
  llmInterrupt: obj({}),
  llmUnload: obj({}),
  embedLoad: obj(embedRef),
  embed: obj({ ...embedRef, texts: arr(512, str(100_000)) }),
  countTokens: obj({ ...embedRef, text: str(100_000) }),
  extractRules: obj({ turn: capturedTurn, userName: opt(str(200)), assistantTurns: bool }),
  resolveDates: obj({ texts: arr(256, str(4000)), observedAt: num }),
  test: obj({ name: str(100), args: arr(16, () => {}) }),
};

/**
 * The request in a runtime message: `null` when the message is not addressed to the
 * offscreen page (ignore it: it is someone else's); throws OffscreenMessageError when it is
 * addressed but malformed.
 */
export function parseOffscreenRequest(msg: unknown): OffscreenRequest | null {
  if (!isForOffscreen(msg)) return null;
  const { op, params } = msg as { op?: unknown; params?: unknown };
  if (typeof op !== 'string' || !Object.prototype.hasOwnProperty.call(VALIDATORS, op))
    throw new OffscreenMessageError(`unknown operation ${JSON.stringify(op)}`);
  VALIDATORS[op as OffscreenOp](params, 'params');
  return { target: OFFSCREEN_TARGET, op: op as OffscreenOp, params } as OffscreenRequest;
}

export function toOffscreenWireError(err: unknown): OffscreenWireError {
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: String(typeof e?.message === 'string' ? e.message : err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
  };
}
