/**
 * The extractor could not run at all (Chrome: its offscreen document could not be created,
 * closed mid-request, or did not answer in time). Not the turn's fault: the capture queue
 * keeps the turn and tries again later (`MemoryService.processQueue`), as for a full disk,
 * instead of counting the failure towards dropping it.
 *
 * Light on purpose: the service worker imports it, and nothing of the extractors' libraries.
 */
export class ExtractorUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExtractorUnavailableError';
  }
}

/** Also recognises the error by name (it may come through another realm or a wrapper). */
export function isExtractorUnavailable(err: unknown): boolean {
  return (
    err instanceof ExtractorUnavailableError ||
    (err as { name?: unknown } | null)?.name === 'ExtractorUnavailableError'
  );
}
