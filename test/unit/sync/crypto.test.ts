/** The vault's encryption: bodies open only under their key and in their own document. */
import { describe, expect, it } from 'vitest';
import {
  deriveKeys,
  docIdOf,
  MIN_ITERATIONS,
  open,
  seal,
  WrongKeyError,
} from '../../../src/sync/crypto';
import { testKeys } from '../../helpers/sync';

describe('vault crypto', () => {
  it('seals a body that opens under the same key and document id only', async () => {
    const keys = await testKeys();
    const body = { t: 'memory', text: 'User is allergic to peanuts.' };
    const s = await seal(keys, 'd1', body);
    expect(JSON.stringify(s)).not.toContain('peanuts');
    expect(await open(keys, 'd1', s)).toEqual(body);
    // Moved into another document by the server: refused.
    await expect(open(keys, 'd2', s)).rejects.toBeInstanceOf(WrongKeyError);
    const other = await deriveKeys('another passphrase', new Uint8Array(16), MIN_ITERATIONS);
    await expect(open(other, 'd1', s)).rejects.toBeInstanceOf(WrongKeyError);
  });

  it('pads bodies to a size class and uses a fresh IV each time', async () => {
    const keys = await testKeys();
    const a = await seal(keys, 'd1', { x: 'a' });
    const b = await seal(keys, 'd1', { x: 'a'.repeat(100) });
    expect(a.ct.length).toBe(b.ct.length);
    expect(a.iv).not.toBe((await seal(keys, 'd1', { x: 'a' })).iv);
  });

  it('names documents by HMAC: stable per item, unrelated to the id, other per vault', async () => {
    const keys = await testKeys();
    const id = await docIdOf(keys, 'memory', 'm_1');
    expect(id).toMatch(/^d[0-9a-f]{32}$/);
    expect(await docIdOf(keys, 'memory', 'm_1')).toBe(id);
    expect(await docIdOf(keys, 'memory', 'm_2')).not.toBe(id);
    const other = await deriveKeys('another passphrase', new Uint8Array(16), MIN_ITERATIONS);
    expect(await docIdOf(other, 'memory', 'm_1')).not.toBe(id);
  });

  it('refuses fewer than 600,000 iterations', async () => {
    await expect(deriveKeys('x', new Uint8Array(16), 1000)).rejects.toThrow(RangeError);
  });
});
