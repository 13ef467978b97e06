/**
 * Mnemo's export file: plain JSON with a format tag and a schema version, so a later Mnemo
 * can read files written by this one. `validateExport` checks the whole file and reports
 * every problem (up to a limit) before anything is written; the import never writes part
 * of a file.
 *
 * @example
 * const file = buildExport(memories, settings.buckets, Date.now());
 * const res = parseExportText(JSON.stringify(file));
 * if (res.ok) await call('import', { file: res.file });
 */
import { MAX_BUCKETS, type Bucket } from '../config/settings';
import { SITE_HOSTS } from '../sites/hosts';
import { MEMORY_KINDS, type Memory, type MemoryKind, type Provenance } from '../memory/types';

export const EXPORT_FORMAT = 'mnemo.memories';
export const SCHEMA_VERSION = 1;
export const MAX_TEXT = 2000;
const MAX_ERRORS = 20;

/**
 * What one import may hold. Above these an import took minutes, or left settings that the
 * next change was refused on (docs/reliability.md). Mnemo's own exports stay far below.
 */
export const IMPORT_LIMITS = {
  /** Characters in the file (parseExportText) or in its strings (validateExport). */
  chars: 50_000_000,
  memories: 20_000,
  /** Turn ids over all of one memory's sources. */
  turnIdsPerMemory: 2_000,
  /** Turn ids over the whole file. */
  turnIds: 200_000,
  buckets: MAX_BUCKETS,
} as const;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Refusal of a file over a limit: what, how much, the limit, and what to do. */
export function overLimit(what: string, found: number, limit: number, todo: string): string {
  return `The file has ${fmt(found)} ${what}; an import can hold at most ${fmt(limit)}. ${todo}`;
}
const SPLIT = 'Export one bucket at a time (Options → Import and export) and import each file.';

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  schemaVersion: typeof SCHEMA_VERSION;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  /** The buckets the memories belong to (ids and names). */
  buckets: Bucket[];
  memories: Memory[];
}

export type ValidationResult = { ok: true; file: ExportFile } | { ok: false; errors: string[] };

/** Export of all memories, or of one bucket. Deleted memories are never exported. */
export function buildExport(
  memories: readonly Memory[],
  buckets: readonly Bucket[],
  now: number,
  bucket?: string,
): ExportFile {
  const items = memories.filter(
    (m) => m.status !== 'deleted' && (bucket === undefined || m.bucket === bucket),
  );
  const used = new Set(items.map((m) => m.bucket));
  if (bucket !== undefined) used.add(bucket);
  const known = buckets.filter((b) => used.has(b.id));
  for (const id of used)
    if (!known.some((b) => b.id === id)) known.push({ id, name: id.replace(/^site:/, '') });
  return {
    format: EXPORT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: new Date(now).toISOString(),
    buckets: known,
    memories: items.map((m) => structuredClone(m)),
  };
}

export const WHAT_TO_DO =
  'Choose a file made by Mnemo’s Export (Options → Import and export), or fix the file and try again. Nothing was imported.';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
/** A string no longer than `max` (no 10 MB bucket names or URLs). */
const isShort = (x: unknown, max: number): x is string => isStr(x) && x.length <= max;
/** A time JavaScript's Date can hold (±8.64e15 ms). */
const isTime = (x: unknown): x is number => isNum(x) && Math.abs(x) <= 8.64e15;
const KNOWN_SITES = new Set<string>([...Object.keys(SITE_HOSTS), 'demo']);

/** Running totals of a walk through a file, checked against IMPORT_LIMITS. */
interface Totals {
  chars: number;
  turnIds: number;
}

const strLen = (x: unknown) => (typeof x === 'string' ? x.length : 0);

function checkProvenance(p: unknown, path: string, err: (m: string) => void, t: Totals): void {
  if (!isObj(p)) return err(`${path} must be an object`);
  if (!isStr(p.site) || !KNOWN_SITES.has(p.site))
    err(`${path}.site must be one of Mnemo's sites (${[...KNOWN_SITES].join(', ')})`);
  if (!isShort(p.conversationId, 300))
    err(`${path}.conversationId must be a string of at most 300 characters`);
  if (!isShort(p.url, 4000)) err(`${path}.url must be a string of at most 4000 characters`);
  if (p.role !== 'user' && p.role !== 'assistant')
    err(`${path}.role must be "user" or "assistant"`);
  if (
    !Array.isArray(p.turnIds) ||
    p.turnIds.length > 1000 ||
    !p.turnIds.every((t) => isShort(t, 200))
  )
    err(`${path}.turnIds must be a list of at most 1000 short strings`);
  else {
    t.turnIds += p.turnIds.length;
    for (const id of p.turnIds) t.chars += strLen(id);
  }
  t.chars += strLen(p.conversationId) + strLen(p.url);
}

function checkMemory(m: unknown, path: string, err: (m: string) => void, t: Totals): void {
  if (!isObj(m)) return err(`${path} must be an object`);
  t.chars += strLen(m.id) + strLen(m.text) + strLen(m.bucket) + strLen(m.slot);
  if (Array.isArray(m.entities)) for (const e of m.entities) t.chars += strLen(e);
  if (!isStr(m.id) || !m.id || m.id.length > 200) err(`${path}.id must be a non-empty string`);
  if (!isStr(m.text)) err(`${path}.text must be a string`);
  if (!MEMORY_KINDS.includes(m.kind as MemoryKind))
    err(`${path}.kind must be one of ${MEMORY_KINDS.join(', ')}`);
  if (!isShort(m.bucket, 200) || !m.bucket)
    err(`${path}.bucket must be a non-empty string of at most 200 characters`);
  for (const k of ['observedAt', 'createdAt', 'updatedAt'] as const)
    if (!isTime(m[k])) err(`${path}.${k} must be a time in milliseconds`);
  for (const k of ['eventAt', 'supersededAt'] as const)
    if (m[k] !== undefined && !isTime(m[k])) err(`${path}.${k} must be a time in milliseconds`);
  if (m.status !== 'active' && m.status !== 'superseded')
    err(`${path}.status must be "active" or "superseded"`);
  for (const k of ['supersedes', 'supersededBy', 'slot'] as const)
    if (m[k] !== undefined && !isShort(m[k], 200))
      err(`${path}.${k} must be a string of at most 200 characters`);
  if (typeof m.pinned !== 'boolean') err(`${path}.pinned must be true or false`);
  if (
    !Array.isArray(m.entities) ||
    m.entities.length > 100 ||
    !m.entities.every((e) => isShort(e, 200))
  )
    err(`${path}.entities must be a list of at most 100 short strings`);
  if (!Array.isArray(m.provenance) || m.provenance.length > 1000)
    err(`${path}.provenance must be a list of at most 1000 sources`);
  else {
    const before = t.turnIds;
    m.provenance.forEach((p, i) => checkProvenance(p, `${path}.provenance[${i}]`, err, t));
    const own = t.turnIds - before;
    if (own > IMPORT_LIMITS.turnIdsPerMemory)
      err(
        `${path} has ${fmt(own)} source turn ids; a memory can have at most ${fmt(IMPORT_LIMITS.turnIdsPerMemory)}. Remove some of its provenance entries and import again.`,
      );
  }
}

/** Checks a parsed file completely. Returns every problem found (the first 20). */
export function validateExport(json: unknown): ValidationResult {
  const errors: string[] = [];
  let more = 0;
  const err = (m: string) => {
    if (errors.length < MAX_ERRORS) errors.push(m);
    else more++;
  };
  if (!isObj(json))
    return { ok: false, errors: ['The file is not a Mnemo export (not an object).'] };
  if (json.format !== EXPORT_FORMAT)
    return {
      ok: false,
      errors: [`The file is not a Mnemo export (format is not "${EXPORT_FORMAT}").`],
    };
  if (json.schemaVersion !== SCHEMA_VERSION)
    return {
      ok: false,
      errors: [
        `The file has schema version ${JSON.stringify(json.schemaVersion) ?? 'none'}; this Mnemo reads version ${SCHEMA_VERSION}. Update Mnemo, or export again from a matching version.`,
      ],
    };
  if (!isStr(json.exportedAt) || Number.isNaN(Date.parse(json.exportedAt)))
    err('exportedAt must be an ISO date');
  // Counts first: a file over a limit is refused before its entries are walked.
  if (Array.isArray(json.memories) && json.memories.length > IMPORT_LIMITS.memories)
    return {
      ok: false,
      errors: [overLimit('memories', json.memories.length, IMPORT_LIMITS.memories, SPLIT)],
    };
  if (Array.isArray(json.buckets) && json.buckets.length > IMPORT_LIMITS.buckets)
    return {
      ok: false,
      errors: [
        overLimit(
          'buckets',
          json.buckets.length,
          IMPORT_LIMITS.buckets,
          'Merge buckets before exporting, or remove unused ones from the file’s "buckets" list.',
        ),
      ],
    };
  const totals: Totals = { chars: 0, turnIds: 0 };
  if (!Array.isArray(json.buckets)) err('buckets must be a list');
  else
    json.buckets.forEach((b, i) => {
      if (!isObj(b) || !isShort(b.id, 200) || !b.id || !isShort(b.name, 200))
        err(`buckets[${i}] must have an id and a name of at most 200 characters`);
    });
  if (!Array.isArray(json.memories)) err('memories must be a list');
  else {
    json.memories.forEach((m, i) => checkMemory(m, `memories[${i}]`, err, totals));
    const used = new Set(json.memories.map((m) => (isObj(m) ? m.bucket : undefined)));
    if (used.size > IMPORT_LIMITS.buckets)
      err(overLimit('buckets in its memories', used.size, IMPORT_LIMITS.buckets, SPLIT));
  }
  if (totals.turnIds > IMPORT_LIMITS.turnIds)
    err(overLimit('source turn ids in all', totals.turnIds, IMPORT_LIMITS.turnIds, SPLIT));
  if (totals.chars > IMPORT_LIMITS.chars)
    err(overLimit('characters of text', totals.chars, IMPORT_LIMITS.chars, SPLIT));
  if (more) errors.push(`…and ${more} more problems.`);
  return errors.length ? { ok: false, errors } : { ok: true, file: json as unknown as ExportFile };
}

/** Parses and validates the text of a file. */
export function parseExportText(text: string): ValidationResult {
  if (text.length > IMPORT_LIMITS.chars)
    return {
      ok: false,
      errors: [overLimit('characters', text.length, IMPORT_LIMITS.chars, SPLIT)],
    };
  let json: unknown;
  try {
    // Editors on some systems save a byte-order mark at the start.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { ok: false, errors: [`The file is not valid JSON (${(e as Error).message}).`] };
  }
  return validateExport(json);
}

export const CHATGPT_PROVENANCE: Omit<Provenance, 'turnIds'> = {
  site: 'chatgpt',
  conversationId: 'saved-memories',
  url: 'https://chatgpt.com/#settings/Personalization',
  role: 'user',
};

/**
 * ChatGPT's "saved memories" list, copied from its settings page and pasted: one memory a
 * line. Bullets and numbering are stripped; blank lines are ignored.
 */
export function parseSavedMemories(
  text: string,
  bucket: string,
  now: number,
  newId: () => string,
): ExportFile {
  const memories: Memory[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw
      .replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (!line) continue;
    memories.push({
      id: newId(),
      text: line,
      kind: 'fact',
      bucket,
      observedAt: now,
      createdAt: now,
      updatedAt: now,
      status: 'active',
      pinned: false,
      entities: [],
      // A synthetic turn id: forgetting ChatGPT's site removes these, forgetting one
      // conversation does not.
      provenance: [{ ...CHATGPT_PROVENANCE, turnIds: ['saved'] }],
    });
  }
  return {
    format: EXPORT_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    exportedAt: new Date(now).toISOString(),
    buckets: [],
    memories,
  };
}
