/**
 * The shared validator kit and wire error shape of both message protocols: validators check
 * every field their type declares and say where a request is wrong; errors cross with their
 * name, message, cause and code.
 */
import { describe, expect, it } from 'vitest';
import { fromOffscreenError } from '../../../src/ai/offscreen-client';
import { GpuMemoryError, LlmUnavailableError } from '../../../src/extract/llm/errors';
import { fields, num, opt, ShapeError, str, validate } from '../../../src/messaging/check';
import { RemoteError } from '../../../src/messaging/protocol';
import { InvalidMessageError, validateParams } from '../../../src/messaging/validate';
import { toWireError } from '../../../src/messaging/wire-error';
import type { Memory } from '../../../src/memory/types';
import { memoryOf } from '../../helpers/memory';

const full: Memory = memoryOf('User lives in Porto.', {
  eventAt: 5,
  supersedes: 'm0',
  supersededBy: 'm9',
  supersededAt: 6,
  slot: 'home',
  entities: ['Porto'],
  provenance: [
    {
      site: 'chatgpt',
      conversationId: 'c',
      url: 'https://chatgpt.com/c/c',
      turnIds: ['t1'],
      role: 'user',
    },
  ],
});

function rejection(params: unknown): string {
  try {
    validateParams('restore', params);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidMessageError);
    return (err as Error).message;
  }
  throw new Error('accepted');
}

describe('the validator kit', () => {
  it('wraps a shape error in the receiver’s own error, with the path', () => {
    const v = fields<{ a: string; b?: number }>({ a: str(3), b: opt(num) });
    expect(() => validate(v, { a: 'abc', b: 1 }, 'params', (m) => new Error(m))).not.toThrow();
    expect(() => validate(v, { a: 'abcd' }, 'params', (m) => new TypeError(m))).toThrow(
      new TypeError('params.a must be a string of at most 3 characters'),
    );
    expect(() => v({ a: 'a', b: Number.NaN }, 'p')).toThrow(ShapeError);
  });

  it('restore checks every field of a Memory', () => {
    expect(validateParams('restore', { memory: full })).toEqual({ memory: full });
    expect(
      validateParams('restore', { memory: memoryOf('x', { status: 'deleted' }) }),
    ).toBeTruthy();
    const bad: [Partial<Record<keyof Memory, unknown>>, RegExp][] = [
      [{ kind: 'gossip' }, /params\.memory\.kind must be one of identity, fact/],
      [{ status: 'lost' }, /params\.memory\.status/],
      [{ observedAt: 'yesterday' }, /params\.memory\.observedAt must be a finite number/],
      [{ eventAt: null }, /params\.memory\.eventAt/],
      [{ pinned: 1 }, /params\.memory\.pinned must be true or false/],
      [{ entities: [7] }, /params\.memory\.entities\[0\]/],
      [{ slot: 3 }, /params\.memory\.slot/],
      [{ supersededBy: {} }, /params\.memory\.supersededBy/],
      [{ text: 'x'.repeat(2001) }, /params\.memory\.text must be a string of at most 2000/],
      [
        { provenance: [{ ...full.provenance[0], site: 'evil' }] },
        /params\.memory\.provenance\[0\]\.site must be one of/,
      ],
      [
        { provenance: [{ ...full.provenance[0], turnIds: 't1' }] },
        /params\.memory\.provenance\[0\]\.turnIds must be a list/,
      ],
    ];
    for (const [over, want] of bad) {
      const message = rejection({ memory: { ...full, ...over } });
      expect(message, JSON.stringify(over)).toMatch(want);
      expect(message).toMatch(/^Mnemo rejected a malformed request: /);
    }
  });
});

describe('the wire error', () => {
  it('keeps name, message, cause and code', () => {
    const err = new LlmUnavailableError('no GPU here', {
      cause: new Error('adapter'),
      code: 'no-webgpu',
    });
    expect(toWireError(err)).toEqual({
      name: 'LlmUnavailableError',
      message: 'no GPU here',
      cause: 'adapter',
      code: 'no-webgpu',
    });
    expect(toWireError(new Error('x', { cause: 'why' }))).toEqual({
      name: 'Error',
      message: 'x',
      cause: 'why',
    });
    expect(toWireError('plain')).toEqual({ name: 'Error', message: 'plain' });
    expect(toWireError({ name: 'OperationError', message: 'lost', code: 7 })).toEqual({
      name: 'OperationError',
      message: 'lost',
    });
  });

  it('each receiver reads back what it needs', () => {
    const remote = new RemoteError(toWireError(new InvalidMessageError('params.id must be …')));
    expect(remote.name).toBe('InvalidMessageError');
    expect(remote.message).toMatch(/malformed request: params\.id/);
    const llm = fromOffscreenError(
      toWireError(new LlmUnavailableError('not yet', { code: 'not-downloaded' })),
    );
    expect(llm).toBeInstanceOf(LlmUnavailableError);
    expect((llm as LlmUnavailableError).code).toBe('not-downloaded');
    expect(fromOffscreenError(toWireError(new GpuMemoryError('full')))).toBeInstanceOf(
      GpuMemoryError,
    );
  });
});
