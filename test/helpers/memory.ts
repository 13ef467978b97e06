import type { Memory } from '../../src/memory/types';

let n = 0;
/** A memory for tests that need only its text and a few fields; ids and times count up. */
export function memoryOf(text: string, over: Partial<Memory> = {}): Memory {
  n++;
  return {
    id: `m${n}`,
    text,
    kind: 'fact',
    bucket: 'b',
    observedAt: n,
    createdAt: 0,
    updatedAt: 0,
    status: 'active',
    pinned: false,
    entities: [],
    provenance: [],
    ...over,
  };
}
