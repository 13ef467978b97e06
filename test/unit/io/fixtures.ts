import type { Memory } from '../../../src/memory/types';

/** A plain active memory of the demo bucket. */
export function memory(id: string, text: string, extra: Partial<Memory> = {}): Memory {
  return {
    id,
    text,
    kind: 'fact',
    bucket: 'site:demo',
    observedAt: 1_700_000_000_000,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    status: 'active',
    pinned: false,
    entities: [],
    provenance: [
      { site: 'demo', conversationId: 'c1', url: 'http://x/c1', turnIds: ['t1'], role: 'user' },
    ],
    ...extra,
  };
}
