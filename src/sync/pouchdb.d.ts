/**
 * The part of PouchDB 9's API that Mnemo uses, typed by hand: PouchDB ships no types, and
 * DefinitelyTyped's (written for PouchDB 7) declare a global `Buffer` that breaks Node's.
 */
declare module 'pouchdb-core' {
  export interface DocMeta {
    _id: string;
    _rev?: string;
    _deleted?: boolean;
    _conflicts?: string[];
  }
  export type Doc<T> = T & DocMeta;

  export interface WriteOk {
    ok: true;
    id: string;
    rev: string;
  }
  export interface WriteError {
    error: string | true;
    id?: string;
    status?: number;
    name?: string;
    reason?: string;
    message?: string;
  }

  export interface ChangesResult<T> {
    results: {
      id: string;
      seq: string | number;
      deleted?: boolean;
      changes: { rev: string }[];
      doc?: Doc<T>;
    }[];
    last_seq: string | number;
  }

  export interface AllDocsResult<T> {
    total_rows: number;
    rows: (
      | { id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: Doc<T> | null }
      | { key: string; error: string }
    )[];
  }

  export interface ReplicationOptions {
    live?: boolean;
    retry?: boolean;
    batch_size?: number;
    batches_limit?: number;
    heartbeat?: number | false;
    timeout?: number | false;
    back_off_function?: (delay: number) => number;
  }

  /** A replication (one way) or a sync (both ways): an event emitter and a promise. */
  export interface Replication extends PromiseLike<unknown> {
    on(
      event: 'change',
      fn: (info: { direction?: 'push' | 'pull'; change?: { docs_written: number } }) => void,
    ): this;
    on(event: 'paused', fn: (err?: unknown) => void): this;
    on(event: 'active', fn: () => void): this;
    on(event: 'denied' | 'error', fn: (err: unknown) => void): this;
    on(event: 'complete', fn: (info: unknown) => void): this;
    cancel(): void;
    catch(fn: (err: unknown) => unknown): Promise<unknown>;
  }

  export interface Database<T extends object = object> {
    readonly name: string;
    get(id: string, opts?: { conflicts?: boolean; rev?: string }): Promise<Doc<T>>;
    get(
      id: string,
      opts: { open_revs: 'all' | string[] },
    ): Promise<({ ok: Doc<T> } | { missing: string })[]>;
    put(doc: Doc<T>): Promise<WriteOk>;
    bulkDocs(docs: Doc<T>[]): Promise<(WriteOk | WriteError)[]>;
    allDocs(opts: {
      keys?: string[];
      include_docs?: boolean;
      conflicts?: boolean;
      limit?: number;
    }): Promise<AllDocsResult<T>>;
    changes(opts: {
      since?: string | number;
      include_docs?: boolean;
      conflicts?: boolean;
      limit?: number;
    }): Promise<ChangesResult<T>>;
    info(): Promise<{ db_name: string; doc_count: number; update_seq: string | number }>;
    compact(): Promise<unknown>;
    destroy(): Promise<unknown>;
    close(): Promise<void>;
  }

  export interface Options {
    adapter?: string;
    auth?: { username: string; password: string };
    skip_setup?: boolean;
  }

  export interface PouchStatic {
    new <T extends object = object>(name: string, opts?: Options): Database<T>;
    plugin(plugin: unknown): PouchStatic;
    sync<T extends object>(a: Database<T>, b: Database<T>, opts?: ReplicationOptions): Replication;
    replicate<T extends object>(
      from: Database<T>,
      to: Database<T>,
      opts?: ReplicationOptions,
    ): Replication;
  }

  const PouchDB: PouchStatic;
  export default PouchDB;
}

declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-idb' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
