/**
 * The service worker ↔ offscreen document protocol (Chrome only). Deliberately separate from
 * src/messaging/protocol.ts: only the background talks to the offscreen page, and every
 * runtime message reaches every extension context, so each request carries
 * `target: OFFSCREEN_TARGET` and the offscreen page ignores everything else (and every other
 * context ignores these). The receiver validates each field (`parseOffscreenRequest`).
 *
 * Errors cross as WireErrors (src/messaging/wire-error.ts) with their name, message and LLM
 * error code, so the background classifies them exactly as before (`classifyEngineError`
 * reads names and messages).
 *
 * @example (background)
 * const r = await client.call('llmComplete', { modelId, request });
 */
import type { ChatMessage, CompletionRequest, CompletionResponse } from '../extract/llm/engine';
import type { TransformersDtype } from '../embed/transformers';
import type { Candidate, CapturedTurn } from '../memory/types';
import {
  any,
  arr,
  bool,
  fields,
  num,
  obj,
  oneOf,
  opt,
  str,
  validate,
  type V,
} from '../messaging/check';
import type { WireError } from '../messaging/wire-error';
import { syncSetupParams } from '../messaging/validate';
import type { SetupParams, SyncStatus } from '../sync/types';
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
  /**
   * Sync (src/sync/offscreen.ts) runs here in Chrome: PouchDB stays out of the service
   * worker's bundle, and live replication outlives the worker's idle stops.
   */
  syncStart: { params: Record<string, never>; result: SyncStatus };
  syncStatus: { params: Record<string, never>; result: SyncStatus };
  syncSetup: { params: SetupParams; result: SyncStatus };
  syncNow: { params: Record<string, never>; result: SyncStatus };
  syncOff: { params: Record<string, never>; result: SyncStatus };
  syncForgetEverywhere: { params: Record<string, never>; result: null };
  syncChanged: { params: Record<string, never>; result: null };
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

export type OffscreenResponse<O extends OffscreenOp = OffscreenOp> =
  { ok: true; value: OffscreenResult<O> } | { ok: false; error: WireError };

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

const MODEL_ID = str(200);
const embedRef = {
  model: MODEL_ID,
  dtype: oneOf('fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4'),
  source: oneOf('extension', 'downloaded'),
} satisfies Record<keyof EmbedModelRef, V>;
const completion = fields<CompletionRequest>({
  messages: arr(
    fields<ChatMessage>({ role: oneOf('system', 'user', 'assistant'), content: str(200_000) }),
    16,
  ),
  response_format: fields<CompletionRequest['response_format']>({
    type: oneOf('json_object'),
    schema: str(20_000),
  }),
  temperature: opt(num),
  max_tokens: opt(num),
  stream: opt(oneOf(false)),
});

/** As the background's own capture validation accepts it (src/messaging/validate.ts). */
const capturedTurn = fields<CapturedTurn>({
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
  embed: obj({ ...embedRef, texts: arr(str(100_000), 512) }),
  countTokens: obj({ ...embedRef, text: str(100_000) }),
  extractRules: obj({ turn: capturedTurn, userName: opt(str(200)), assistantTurns: bool }),
  resolveDates: obj({ texts: arr(str(4000), 256), observedAt: num }),
  syncStart: obj({}),
  syncStatus: obj({}),
  syncSetup: syncSetupParams,
  syncNow: obj({}),
  syncOff: obj({}),
  syncForgetEverywhere: obj({}),
  syncChanged: obj({}),
  test: obj({ name: str(100), args: arr(any, 16) }),
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
  validate(VALIDATORS[op as OffscreenOp], params, 'params', (m) => new OffscreenMessageError(m));
  return { target: OFFSCREEN_TARGET, op: op as OffscreenOp, params } as OffscreenRequest;
}
