/**
 * How an error crosses a runtime message, in both of Mnemo's protocols: as plain data, since
 * a message does not carry an Error's class (Chrome's even drops its fields). Receivers read
 * `name` to tell errors apart (RemoteError keeps it; the offscreen client rebuilds Mnemo's LLM
 * errors from `name` and `code`, and classifyEngineError reads names and messages).
 */
export interface WireError {
  name: string;
  message: string;
  /** The cause's message, when the error has a cause. */
  cause?: string;
  /** A machine-readable reason, when the error has one (an LlmError's 'no-webgpu', …). */
  code?: string;
}

const messageOf = (x: unknown): string =>
  typeof (x as { message?: unknown })?.message === 'string'
    ? (x as { message: string }).message
    : String(x);

/** Any thrown value as a WireError: an Error, a DOMException or an error-like object. */
export function toWireError(err: unknown): WireError {
  if (typeof err !== 'object' || err === null) return { name: 'Error', message: String(err) };
  const e = err as { name?: unknown; cause?: unknown; code?: unknown };
  const cause = e.cause ? messageOf(e.cause) : undefined;
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: messageOf(err),
    ...(cause ? { cause } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
  };
}
