/**
 * Validator combinators for data that arrives in a runtime message: it comes from another
 * context, so a receiver checks every field before use. Both of Mnemo's protocols use them
 * (src/messaging/validate.ts, src/ai/offscreen-protocol.ts); each turns a ShapeError into its
 * own named error with `validate`.
 *
 * @example
 * const point = fields<{ x: number; label?: string }>({ x: num, label: opt(str(100)) });
 * validate(point, msg.params, 'params', (m) => new InvalidMessageError(m));
 */

/** Checks `x`, found at `path` ("params.turns[3].text"); throws a ShapeError if it is wrong. */
export type V = (x: unknown, path: string) => void;

/** What is wrong with a value, and where. */
export class ShapeError extends Error {
  constructor(
    readonly path: string,
    readonly want: string,
  ) {
    super(`${path} must be ${want}`);
    this.name = 'ShapeError';
  }
}

export const fail = (path: string, want: string): never => {
  throw new ShapeError(path, want);
};

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** Anything: for a field whose content the handler checks itself. */
export const any: V = () => {};

/** A string of at most `max` UTF-16 code units (no megabyte ids or URLs). */
export const str =
  (max = 1_000_000): V =>
  (x, p) => {
    if (typeof x !== 'string' || x.length > max) fail(p, `a string of at most ${max} characters`);
  };

export const num: V = (x, p) => {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(p, 'a finite number');
};

export const bool: V = (x, p) => {
  if (typeof x !== 'boolean') fail(p, 'true or false');
};

export const oneOf =
  (...vals: readonly (string | number | boolean)[]): V =>
  (x, p) => {
    if (!vals.includes(x as string)) fail(p, `one of ${vals.join(', ')}`);
  };

/** `v`, or absent (undefined). */
export const opt =
  (v: V): V =>
  (x, p) => {
    if (x !== undefined) v(x, p);
  };

export const arr =
  (v: V, max = 10_000): V =>
  (x, p) => {
    if (!Array.isArray(x) || x.length > max) fail(p, `a list of at most ${max} items`);
    (x as unknown[]).forEach((e, i) => v(e, `${p}[${i}]`));
  };

/** A plain object whose listed fields pass their validators (other fields are not read). */
export const obj =
  (shape: Readonly<Record<string, V>>): V =>
  (x, p) => {
    if (!isObject(x)) fail(p, 'an object');
    for (const [k, v] of Object.entries(shape)) v((x as Record<string, unknown>)[k], `${p}.${k}`);
  };

/**
 * An object of type T: the shape must name every field T declares, optional ones included,
 * and no other, so a field added to the type cannot go unchecked (a compile error here).
 */
export const fields = <T extends object>(shape: { readonly [K in keyof T]-?: V }): V => obj(shape);

/** A plain object used as a map: every own value passes `v`. */
export const record =
  (v: V): V =>
  (x, p) => {
    if (!isObject(x)) fail(p, 'an object');
    for (const [k, e] of Object.entries(x as Record<string, unknown>)) v(e, `${p}.${k}`);
  };

/** Runs `v` on `x`; a ShapeError becomes the receiver's own error (`wrap` of its message). */
export function validate(v: V, x: unknown, path: string, wrap: (message: string) => Error): void {
  try {
    v(x, path);
  } catch (err) {
    throw err instanceof ShapeError ? wrap(err.message) : err;
  }
}
