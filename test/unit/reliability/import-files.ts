/**
 * A generator of hostile and malformed import files (deterministic). Each case is the file's
 * text (what the options page reads) or, for the huge ones, the parsed value (building
 * hundreds of megabytes of text would only test JSON.parse).
 */
import { EXPORT_FORMAT, SCHEMA_VERSION, buildExport } from '../../../src/io/format';
import type { Memory } from '../../../src/memory/types';

export interface HostileFile {
  name: string;
  text?: string;
  value?: unknown;
}

const T = 1_700_000_000_000;

export function goodMemory(id: string, text: string, extra: Record<string, unknown> = {}): Memory {
  return {
    id,
    text,
    kind: 'fact',
    bucket: 'site:demo',
    observedAt: T,
    createdAt: T,
    updatedAt: T,
    status: 'active',
    pinned: false,
    entities: [],
    provenance: [
      { site: 'demo', conversationId: 'c1', url: 'http://x/c1', turnIds: ['t1'], role: 'user' },
    ],
    ...extra,
  } as Memory;
}

export function goodFile(
  memories: unknown[] = [
    goodMemory('i1', 'User plays the oboe.'),
    goodMemory('i2', 'User lives in Porto.'),
  ],
) {
  return { ...buildExport([], [{ id: 'site:demo', name: 'demo' }], T), memories } as Record<
    string,
    unknown
  >;
}

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

export function hostileFiles(): HostileFile[] {
  const out: HostileFile[] = [];
  const text = (name: string, t: string) => out.push({ name, text: t });
  const file = (name: string, f: unknown) => out.push({ name, text: JSON.stringify(f) });
  const withMemory = (name: string, patch: Record<string, unknown>) =>
    file(name, goodFile([goodMemory('p1', 'User plays the oboe.', patch)]));

  // Truncated JSON: a good file cut at 24 points.
  const good = JSON.stringify(goodFile(), null, 2);
  for (let i = 1; i <= 24; i++)
    text(
      `truncated at ${Math.round((i / 25) * 100)}%`,
      good.slice(0, Math.floor((good.length * i) / 25)),
    );
  // Not JSON, or JSON of the wrong shape.
  for (const t of [
    '',
    ' ',
    'null',
    'true',
    '42',
    '"mnemo"',
    '[]',
    '{}',
    '\uFEFF' + good,
    'undefined',
    "{'format': 'mnemo.memories'}",
    good + ',',
    good.replace(/"/g, "'"),
    '[' + good + ']',
  ])
    text(`not a Mnemo export: ${JSON.stringify(t.slice(0, 30))}`, t);
  text('nested 100,000 levels deep', '['.repeat(100_000) + ']'.repeat(100_000));
  // The wrong format or schema version.
  for (const format of [undefined, 'mnemo', 'mnemo.memories.v2', 1, null])
    file(`format ${String(format)}`, { ...goodFile(), format });
  for (const v of [undefined, 0, 2, 99, '1', 1.5, -1, null, [1]])
    file(`schema version ${JSON.stringify(v)}`, { ...goodFile(), schemaVersion: v });
  // Wrong types, field by field.
  const wrong: [string, unknown][] = [
    ['id', 7],
    ['id', ''],
    ['id', null],
    ['text', 42],
    ['text', null],
    ['text', ['a']],
    ['text', { s: 'a' }],
    ['kind', 'bogus'],
    ['kind', 1],
    ['bucket', ''],
    ['bucket', 3],
    ['observedAt', '2026-01-01'],
    ['observedAt', null],
    ['createdAt', undefined],
    ['updatedAt', true],
    ['status', 'deleted'],
    ['status', 'ACTIVE'],
    ['pinned', 'yes'],
    ['pinned', 1],
    ['entities', 'x'],
    ['entities', [1]],
    ['provenance', 'x'],
    ['provenance', [null]],
    ['provenance', [{ site: 'demo', conversationId: 'c', url: 'u', turnIds: [1], role: 'user' }]],
    [
      'provenance',
      [{ site: 'demo', conversationId: 'c', url: 'u', turnIds: ['t'], role: 'system' }],
    ],
    ['supersedes', 5],
    ['slot', {}],
    ['eventAt', 'tomorrow'],
  ];
  for (const [k, v] of wrong)
    withMemory(`memory.${k} = ${JSON.stringify(v) ?? 'missing'}`, { [k]: v });
  file('memories is an object', { ...goodFile(), memories: { 0: goodMemory('a', 'A') } });
  file('memories is a string', { ...goodFile(), memories: 'User plays the oboe.' });
  file('buckets is a string', { ...goodFile(), buckets: 'site:demo' });
  file('a memory is a number', goodFile([1]));
  file('a memory is null', goodFile([null]));
  file('a memory is a list', goodFile([[goodMemory('a', 'A')]]));
  // Prototype keys, as JSON.parse keeps them (own properties named __proto__).
  const inject = (name: string, json: string) => text(name, json);
  const g = JSON.stringify(goodFile());
  inject('__proto__ at the top', g.replace('{', '{"__proto__":{"polluted":true},'));
  inject(
    '__proto__ in a memory',
    g.replace('"id":"i1"', '"__proto__":{"polluted":true},"id":"i1"'),
  );
  inject(
    '__proto__ in a provenance',
    g.replace('"site":"demo"', '"__proto__":{"polluted":true},"site":"demo"'),
  );
  inject(
    'constructor.prototype in a memory',
    g.replace('"id":"i1"', '"constructor":{"prototype":{"polluted":true}},"id":"i1"'),
  );
  inject(
    '__proto__ as the memories list',
    g.replace(/"memories":\[/, '"memories":{"__proto__":[]},"x":['),
  );
  inject('__proto__ as a bucket id', g.replace('"id":"site:demo"', '"id":"__proto__"'));
  inject('__proto__ as a memory bucket', g.replace('"bucket":"site:demo"', '"bucket":"__proto__"'));
  inject('constructor as a memory id', g.replace('"id":"i1"', '"id":"constructor"'));
  inject('toString as a memory id', g.replace('"id":"i1"', '"id":"toString"'));
  inject('hasOwnProperty as a field', g.replace('"id":"i1"', '"hasOwnProperty":1,"id":"i1"'));
  // 10 MB strings.
  withMemory('10 MB text', { text: TEN_MB });
  withMemory('10 MB id', { id: TEN_MB });
  withMemory('10 MB bucket', { bucket: TEN_MB });
  withMemory('10 MB slot', { slot: TEN_MB });
  withMemory('10 MB entity', { entities: [TEN_MB] });
  withMemory('10 MB provenance url', {
    provenance: [{ site: 'demo', conversationId: 'c', url: TEN_MB, turnIds: ['t'], role: 'user' }],
  });
  withMemory('10 MB conversation id', {
    provenance: [{ site: 'demo', conversationId: TEN_MB, url: 'u', turnIds: ['t'], role: 'user' }],
  });
  withMemory('10 MB site', {
    provenance: [{ site: TEN_MB, conversationId: 'c', url: 'u', turnIds: ['t'], role: 'user' }],
  });
  file('10 MB exportedAt', { ...goodFile(), exportedAt: TEN_MB });
  file('10 MB bucket name', { ...goodFile(), buckets: [{ id: 'site:demo', name: TEN_MB }] });
  // Invalid dates.
  file('exportedAt not a date', { ...goodFile(), exportedAt: 'yesterday' });
  file('exportedAt a number', { ...goodFile(), exportedAt: T });
  for (const v of [1e300, -1e300, 8.64e15 + 1, -8.64e15 - 1, Number.MAX_SAFE_INTEGER])
    for (const k of ['observedAt', 'createdAt', 'updatedAt', 'eventAt', 'supersededAt'])
      withMemory(`${k} = ${v}`, { [k]: v });
  // Duplicate ids and texts.
  file(
    'two memories with one id',
    goodFile([goodMemory('d1', 'User plays the oboe.'), goodMemory('d1', 'User lives in Porto.')]),
  );
  file(
    'the same memory twice',
    goodFile([goodMemory('d1', 'User plays the oboe.'), goodMemory('d1', 'User plays the oboe.')]),
  );
  file(
    'one text in two spellings',
    goodFile([
      goodMemory('d1', 'User plays the oboe.'),
      goodMemory('d2', '  user PLAYS the   oboe  '),
    ]),
  );
  file('the id of a stored memory', goodFile([goodMemory('stored', 'User keeps bees.')]));
  file(
    'the text of a stored memory',
    goodFile([goodMemory('other', 'User has a cat named Miso.')]),
  );
  // Huge counts.
  out.push({
    name: '1,000,000 entries, all the same memory',
    value: goodFile(new Array(1_000_000).fill(goodMemory('same', 'User plays the oboe.'))),
  });
  out.push({
    name: '1,000,000 entries, all numbers',
    value: goodFile(new Array(1_000_000).fill(0)),
  });
  out.push({
    name: '1,000,000 buckets',
    value: { ...goodFile(), buckets: new Array(1_000_000).fill({ id: 'b:x', name: 'x' }) },
  });
  out.push({
    name: '1,000,000 turn ids in a provenance',
    value: goodFile([
      goodMemory('t', 'User plays the oboe.', {
        provenance: [
          {
            site: 'demo',
            conversationId: 'c',
            url: 'u',
            turnIds: new Array(1_000_000).fill('t'),
            role: 'user',
          },
        ],
      }),
    ]),
  });
  return out;
}

export { EXPORT_FORMAT, SCHEMA_VERSION };
