/**
 * One GPU, one generation at a time: a FIFO in front of an Extractor (the LLM one).
 *
 * How it fits the background: sending a prompt never waits for extraction. The content
 * script's capture writes the turn to the IndexedDB capture queue (`MemoryService.capture`
 * → `store.enqueue`) and returns; `processQueue()` then calls `engine.ingest`, which calls
 * the extractor. A turn leaves the IndexedDB queue only in the transaction that stores its
 * results, so a service worker stopped in the middle of a generation loses nothing: at the
 * next start `processQueue()` runs the turn again. This class adds, in memory only, what
 * the GPU needs: serial execution, a cancel for one job (its AbortSignal) or for all
 * (`cancelAll`, on model switch or when the user turns the LLM off), and a length for the UI.
 *
 * @example
 * const q = new ExtractionQueue(llmExtractor);
 * const engine = new MemoryEngine({ …, extractor: q });   // q is an Extractor too
 * q.cancelAll('model changed');
 */
import type { ExtractionInput, ExtractionResult, Extractor } from '../../memory/types';

export class ExtractionQueue implements Extractor {
  readonly id: string;
  private tail: Promise<unknown> = Promise.resolve();
  private controller = new AbortController();
  private waiting = 0;

  constructor(private readonly inner: Extractor) {
    this.id = inner.id;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  extract(input: ExtractionInput, signal?: AbortSignal): Promise<ExtractionResult> {
    const all = this.controller.signal;
    const combined = signal ? AbortSignal.any([signal, all]) : all;
    this.waiting++;
    const run = this.tail.then(() => {
      combined.throwIfAborted();
      return this.inner.extract(input, combined);
    });
    const done = run.finally(() => {
      this.waiting--;
    });
    this.tail = done.catch(() => {});
    return done;
  }

  /** Rejects every queued and running job with an AbortError; later jobs run normally. */
  cancelAll(reason = 'Extraction cancelled.'): void {
    this.controller.abort(new DOMException(reason, 'AbortError'));
    this.controller = new AbortController();
  }
}
