/**
 * The start image kept in step with the per-item stores inside one write transaction: the
 * same episodes, memories and vectors put into both (`putMirrored`), then the store's write
 * generation bumped and the image's delta or chunks written (`commitImage`), so a write can
 * never reach one and not the other (src/store/image.ts says what the image is).
 */
import type { IDBPTransaction, StoreNames } from 'idb';
import type { Episode, Memory } from '../memory/types';
import { toRecord, type MnemoDB } from './db';
import {
  chunksFor,
  DELTA,
  DELTA_MAX,
  GEN_KEY,
  IMAGE_KEY,
  IMAGE_VERSION,
  ImageChanges,
  imageValid,
  isDelta,
  MIN_CHUNKS,
  needsRechunk,
  rechunk,
  type ImageChunk,
  type ImageState,
} from './image';
import type { VectorRecord } from './record';

export type WriteTx = IDBPTransaction<MnemoDB, StoreNames<MnemoDB>[], 'readwrite'>;

/**
 * Puts episodes, memories and vectors into a transaction's stores and the same changes into
 * the start image's (`img`), so a write can never reach one and not the other.
 */
export function putMirrored(
  tx: WriteTx,
  img: ImageChanges,
  ops: Promise<unknown>[],
  w: {
    memories?: readonly Memory[];
    vectors?: readonly VectorRecord[];
    episodes?: readonly Episode[];
  },
): void {
  for (const e of w.episodes ?? []) {
    ops.push(tx.objectStore('episodes').put(e));
    img.putEpisode(e);
  }
  for (const m of w.memories ?? []) {
    ops.push(tx.objectStore('memories').put(toRecord(m)));
    img.putMemory(m);
  }
  for (const v of w.vectors ?? []) {
    ops.push(tx.objectStore('vectors').put(v));
    img.putVector(v);
  }
}

/**
 * Inside a write transaction: bumps the store's write generation and applies the same
 * changes to the start image (src/store/image.ts), or drops an image that is out of step so
 * that nothing stale, or forgotten, stays in it. Changes go to the image's delta record
 * until it holds DELTA_MAX items, then are folded into the chunks; a forget is folded at
 * once, so the chunks keep nothing of what it removed. `clear`: everything was deleted.
 */
export async function commitImage(
  tx: WriteTx,
  changes: ImageChanges,
  mode: 'write' | 'forget' | 'clear' = 'write',
): Promise<void> {
  const meta = tx.objectStore('meta');
  const image = tx.objectStore('image');
  const [genRec, stateRec, deltaRec] = await Promise.all([
    meta.get(GEN_KEY),
    meta.get(IMAGE_KEY),
    image.get(DELTA),
  ]);
  const gen = typeof genRec?.value === 'number' ? genRec.value : 0;
  const state = stateRec?.value as ImageState | undefined;
  const next = gen + 1;
  // Each request's failure is seen by Promise.all below, or by the caller's abort when a
  // later request throws first: none is left unhandled.
  const ops: Promise<unknown>[] = [];
  const add = (...ps: Promise<unknown>[]) => {
    for (const p of ps) {
      p.catch(() => undefined);
      ops.push(p);
    }
  };
  add(meta.put({ key: GEN_KEY, value: next }));
  if (mode === 'clear') {
    const empty: ImageState = { version: IMAGE_VERSION, gen: next, chunks: MIN_CHUNKS, items: 0 };
    add(image.clear(), meta.put({ key: IMAGE_KEY, value: empty }));
  } else if (!imageValid(state, gen)) {
    add(image.clear(), meta.delete(IMAGE_KEY));
  } else {
    const pending = ImageChanges.from(deltaRec && isDelta(deltaRec) ? deltaRec : undefined);
    pending.then(changes);
    let { chunks, items } = state;
    if (mode === 'write' && pending.size <= DELTA_MAX) {
      add(image.put(pending.toDelta()));
    } else {
      const ns = pending.touched(chunks);
      const before = new Map<number, ImageChunk | undefined>();
      (await Promise.all(ns.map((n) => image.get(n)))).forEach((c, i) =>
        before.set(ns[i]!, c && !isDelta(c) ? c : undefined),
      );
      const after = pending.apply(before, chunks);
      for (const c of after) items += c.ids.length - (before.get(c.n)?.ids.length ?? 0);
      if (needsRechunk(chunks, items)) {
        // Grown (or shrunk) past its chunking: every item rehashed into the right number.
        const changed = new Set(after.map((c) => c.n));
        const all = (await image.getAll()).filter(
          (c): c is ImageChunk => !isDelta(c) && !changed.has(c.n),
        );
        chunks = chunksFor(items);
        add(image.clear());
        for (const c of rechunk([...all, ...after], chunks)) add(image.put(c));
      } else {
        for (const c of after) add(c.ids.length ? image.put(c) : image.delete(c.n));
        add(image.delete(DELTA));
      }
    }
    const updated: ImageState = { ...state, gen: next, chunks, items };
    add(meta.put({ key: IMAGE_KEY, value: updated }));
  }
  await Promise.all(ops);
}
