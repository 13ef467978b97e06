/**
 * What the `meta` store holds, by key: small records of several kinds share it, so each key
 * (or key prefix) has its record type here, and MemoryStore's `getMeta`/`setMeta` only read
 * and write a key as its own type.
 */
import type { Settings } from '../config/settings';
import type { LexicalImage } from '../search/lexical';
import type { InjectionRecord } from '../messaging/protocol';
import type { ExtractorCounts } from '../extract/llm/counts';
import type { ImageState } from './image';

/** An extension file kept after its first read (src/background/boot.ts). */
export interface CachedFile {
  /** The extension version whose package the copy came from. */
  version: string;
  data: Blob;
}

/** The lexical index as persisted, packed (`LexicalIndex.toImage`). */
export interface LexicalSnapshot {
  version: number;
  fingerprint: string;
  image?: LexicalImage;
  /**
   * Each indexed item's stamp (`memoryStamp` / `episodeStamp`) in `image.ids` order: with
   * them a start re-indexes only what changed since the snapshot (`lexicalCatchUp`,
   * src/memory/start.ts).
   */
  stamps?: Uint32Array;
}

export interface MetaRecords {
  /** Saved by an older version, it may lack newer fields (they take the defaults). */
  settings: Partial<Settings>;
  /** `null`: dropped (it held words of text edited away) until the next save. */
  'snapshot:lexical': LexicalSnapshot | null;
  /** The store's write generation, bumped by every write (src/store/image.ts). */
  gen: number;
  /** The start image's state (src/store/image.ts). */
  image: ImageState;
  /** How the model tier in use has fared (src/extract/llm/counts.ts). */
  'counts:extractor': ExtractorCounts;
  /** The last injection in a tab, by tab id: it holds user text. */
  [tab: `inject:${number}`]: InjectionRecord;
  /** A cached extension file, by its path in the package. */
  [path: `file:${string}`]: CachedFile;
}

export type MetaKey = keyof MetaRecords;

/** The key prefixes of families of records, dropped together (`dropMetaPrefix`). */
export type MetaPrefix = 'inject:' | 'file:';
