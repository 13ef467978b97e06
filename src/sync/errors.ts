/**
 * Sync's errors, each with a message that tells the user what to do. A sync failure is
 * shown in Options → Sync; it never stops capture or injection, which work on local data.
 */
import { WrongPassphraseError, UnknownVaultError } from './vault';
import { UndecryptableDocError } from './pass';

export class SyncSetupError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SyncSetupError';
  }
}

/** The server answered, and refused or failed. */
export class SyncServerError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'SyncServerError';
  }
}

/** The server did not answer (offline, wrong address): retried with backoff. */
export class SyncOfflineError extends Error {
  constructor(origin: string, cause?: unknown) {
    super(
      `Cannot reach the sync server at ${origin}: you may be offline, or the address is wrong. Mnemo keeps working on this device and retries.`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'SyncOfflineError';
  }
}

const KNOWN = [WrongPassphraseError, UnknownVaultError, UndecryptableDocError, SyncSetupError];

/** What PouchDB threw, as one of the errors above. */
export function explain(err: unknown, origin: string): Error {
  if (KNOWN.some((k) => err instanceof k)) return err as Error;
  if (err instanceof SyncServerError || err instanceof SyncOfflineError) return err;
  const e = (err ?? {}) as { status?: unknown; name?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  switch (status) {
    case 401:
      return new SyncServerError(
        'The sync server refused the user name or password. Check them in Options → Sync.',
        status,
        err,
      );
    case 403:
      return new SyncServerError(
        'The sync server does not let this user use the database. Give the user access to it on the server (its _security document), or use another database.',
        status,
        err,
      );
    case 404:
      return new SyncServerError(
        'The sync database does not exist and this user cannot create it. Create it on the server, or check the address.',
        status,
        err,
      );
    case 413:
      return new SyncServerError(
        'The sync server refused a document as too large. Raise its max_document_size.',
        status,
        err,
      );
    case undefined:
    case 0:
      // fetch's own failure: TypeError in browsers, node-fetch's FetchError in Node.
      if (status === 0 || e.name === 'TypeError' || e.name === 'FetchError')
        return new SyncOfflineError(origin, err);
      return err instanceof Error ? err : new Error(String(e.message ?? err));
    default:
      return new SyncServerError(
        `The sync server failed (HTTP ${status}${typeof e.message === 'string' ? `: ${e.message}` : ''}). Mnemo retries; if it persists, check the server's logs.`,
        status,
        err,
      );
  }
}
