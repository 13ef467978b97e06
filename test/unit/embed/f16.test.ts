import { describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../../src/embed/static';

function f16File(values: number[]): ArrayBuffer {
  const h = new Uint16Array(values);
  const header = new TextEncoder().encode(
    JSON.stringify({
      embeddings: { dtype: 'F16', shape: [1, values.length], data_offsets: [0, h.byteLength] },
    }),
  );
  const buf = new ArrayBuffer(8 + header.length + h.byteLength);
  new DataView(buf).setBigUint64(0, BigInt(header.length), true);
  new Uint8Array(buf, 8).set(header);
  new Uint8Array(buf, 8 + header.length).set(new Uint8Array(h.buffer));
  return buf;
}

describe('F16 weights', () => {
  it('widen exactly: normal, negative, zero, subnormal, infinity', () => {
    // 1.0, -2.0, 0.5, 0, smallest subnormal, 65504 (max), -0.0001 (approx), +inf
    const m = parseSafetensors(
      f16File([0x3c00, 0xc000, 0x3800, 0x0000, 0x0001, 0x7bff, 0x868d, 0x7c00]),
    );
    expect(Array.from(m.data.slice(0, 6))).toEqual([1, -2, 0.5, 0, 5.960464477539063e-8, 65504]);
    expect(m.data[6]).toBeCloseTo(-0.0001, 6);
    expect(m.data[7]).toBe(Infinity);
  });
});
