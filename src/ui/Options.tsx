/**
 * The options page: buckets (create, rename, merge, delete), which sites read which
 * buckets, privacy switches and forgetting, import and export, storage, sync (./Sync.tsx),
 * and a place for the models section.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import {
  bucketIdFor,
  knownSites,
  siteSettingsOf,
  type Settings,
  type SiteSettings,
} from '../config/settings';
import { bucketCount } from './counts';
import { parseExportText, parseSavedMemories, type ExportFile } from '../io/format';
import type { ImportSummary } from '../io/plan';
import { call } from '../messaging/client';
import type { EngineStatus, ImportProgressEvent } from '../messaging/protocol';
import type { SiteId } from '../sites/hosts';
import { BucketSelect } from './BucketSelect';
import { bucketName, bytes, errorText } from './common';
import { ModelManager } from './models/ModelManager';
import { localModelManager } from './models/local';
import { ChromeModel } from './models/ChromeModel';
import { chromeModelBackend } from '../ai/chrome-model';
import { SyncSection } from './Sync';

const CONFIRM_ALL = 'forget everything';
/** Runs in this page (see src/ui/models/local.ts); one per page, so jobs survive re-renders. */
const models = localModelManager();
/** Chrome's built-in model, where the browser has one (never in Firefox builds). */
const chromeModel = import.meta.env.BROWSER === 'firefox' ? undefined : chromeModelBackend();

export function Options() {
  const [settings, setSettings] = useState<Settings>();
  const [status, setStatus] = useState<EngineStatus>();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = async () => {
    try {
      const [s, st] = await Promise.all([call('getSettings', {}), call('status', {})]);
      setSettings(s);
      setStatus(st);
    } catch (err) {
      setError(errorText(err));
    }
  };
  useEffect(() => void refresh(), []);

  const run = async (fn: () => Promise<string | void>) => {
    try {
      setError(null);
      const msg = await fn();
      setNotice(msg || null);
      await refresh();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const save = (next: Settings) =>
    run(async () => {
      setSettings(await call('setSettings', { settings: next }));
    });

  return (
    <main class="options">
      <h1>Mnemo settings</h1>
      <nav aria-label="Sections" class="toc">
        <a href="#buckets">Buckets</a> <a href="#access">Site access</a>{' '}
        <a href="#privacy">Privacy</a> <a href="#io">Import and export</a>{' '}
        <a href="#storage">Storage</a> <a href="#sync">Sync</a> <a href="#models">Models</a>
      </nav>
      <div aria-live="polite" role="status" class="notice" data-testid="notice">
        {notice}
      </div>
      {error && (
        <p class="error" role="alert" data-testid="error">
          {error}
        </p>
      )}
      {settings && status && (
        <>
          <Buckets settings={settings} status={status} save={save} run={run} />
          <Access settings={settings} save={save} />
          <Privacy settings={settings} save={save} run={run} />
          <ImportExport settings={settings} onDone={refresh} />
          <Storage settings={settings} status={status} />
          <SyncSection run={run} />
        </>
      )}
      <section id="models" aria-labelledby="models-h">
        <h2 id="models-h">Models</h2>
        <p class="meta">
          By default Mnemo extracts facts with built-in rules and embeds them with a small model
          shipped inside the extension. In Chrome with WebGPU you can download a language model for
          better extraction; it runs on your device and falls back to the rules on any error.
          {status?.extractorError && ` Last fallback: ${status.extractorError.message}`}
        </p>
        {settings && chromeModel?.supported() && (
          <ChromeModel
            api={chromeModel}
            selected={settings.extractor === 'chrome'}
            counts={status?.extractorCounts}
            onSelect={(use) => void save({ ...settings, extractor: use ? 'chrome' : 'rules' })}
          />
        )}
        {settings && (
          <ModelManager
            api={models}
            selected={settings.extractor === 'llm' ? settings.llmModel : undefined}
            onSelect={(id) =>
              void save({
                ...settings,
                extractor: id ? 'llm' : 'rules',
                llmModel: id ?? settings.llmModel,
              })
            }
          />
        )}
      </section>
    </main>
  );
}

type Run = (fn: () => Promise<string | void>) => Promise<void>;

function Buckets(p: {
  settings: Settings;
  status: EngineStatus;
  save: (s: Settings) => Promise<void>;
  run: Run;
}) {
  const { settings } = p;
  const [name, setName] = useState('');
  const [confirm, setConfirm] = useState<string | null>(null);
  const create = (e: Event) => {
    e.preventDefault();
    const n = name.trim();
    if (!n) return;
    const id = bucketIdFor(n, settings.buckets);
    setName('');
    void p.save({ ...settings, buckets: [...settings.buckets, { id, name: n }] });
  };
  return (
    <section id="buckets" aria-labelledby="buckets-h">
      <h2 id="buckets-h">Buckets</h2>
      <p class="meta">
        Each site writes to its own bucket by default. Shared buckets such as “work” or “personal”
        are read only by the sites you allow below.
      </p>
      <form class="row" onSubmit={create}>
        <label>
          New bucket name{' '}
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={100} />
        </label>
        <button type="submit" disabled={!name.trim()}>
          Create bucket
        </button>
      </form>
      <table class="buckets">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Memories</th>
            <th scope="col">Merge</th>
            <th scope="col">Delete</th>
          </tr>
        </thead>
        <tbody>
          {settings.buckets.map((b) => (
            <BucketRow
              key={b.id}
              id={b.id}
              name={b.name}
              count={bucketCount(p.status.buckets, b.id)}
              others={settings.buckets.filter((o) => o.id !== b.id)}
              confirming={confirm === b.id}
              onConfirm={(on) => setConfirm(on ? b.id : null)}
              onRename={(n) =>
                void p.save({
                  ...settings,
                  buckets: settings.buckets.map((x) => (x.id === b.id ? { ...x, name: n } : x)),
                })
              }
              onMerge={(into) =>
                void p.run(async () => {
                  await call('mergeBuckets', { from: b.id, into });
                  return `Merged “${b.name}” into “${bucketName(settings.buckets, into)}”.`;
                })
              }
              onDelete={() =>
                void p.run(async () => {
                  setConfirm(null);
                  const r = await call('deleteBucket', { bucket: b.id });
                  return `Deleted bucket “${b.name}” and forgot its ${r.deleted} memories.`;
                })
              }
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BucketRow(p: {
  id: string;
  name: string;
  count: number;
  others: { id: string; name: string }[];
  confirming: boolean;
  onConfirm: (on: boolean) => void;
  onRename: (name: string) => void;
  onMerge: (into: string) => void;
  onDelete: () => void;
}) {
  const [name, setName] = useState(p.name);
  const [into, setInto] = useState(p.others[0]?.id ?? '');
  useEffect(() => setName(p.name), [p.name]);
  return (
    <tr data-bucket={p.id}>
      <td>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim() && name.trim() !== p.name) p.onRename(name.trim());
          }}
        >
          <input
            aria-label={`Name of bucket ${p.name}`}
            value={name}
            maxLength={100}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit" disabled={!name.trim() || name.trim() === p.name}>
            Rename
          </button>
        </form>
      </td>
      <td data-testid="bucket-count">{p.count}</td>
      <td>
        <div class="row">
          <select
            aria-label={`Bucket to merge ${p.name} into`}
            value={into}
            onChange={(e) => setInto(e.currentTarget.value)}
          >
            {p.others.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!into} onClick={() => p.onMerge(into)}>
            Merge into
          </button>
        </div>
      </td>
      <td>
        {p.confirming ? (
          <div class="row">
            <button type="button" class="danger" onClick={p.onDelete}>
              Delete {p.name} and its {p.count} memories
            </button>
            <button type="button" onClick={() => p.onConfirm(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button
            type="button"
            class="danger"
            aria-label={`Delete bucket ${p.name}`}
            onClick={() => p.onConfirm(true)}
          >
            Delete…
          </button>
        )}
      </td>
    </tr>
  );
}

function Access(p: { settings: Settings; save: (s: Settings) => Promise<void> }) {
  const { settings } = p;
  const sites = knownSites();
  const update = (site: SiteId, patch: Partial<SiteSettings>) =>
    void p.save({
      ...settings,
      sites: { ...settings.sites, [site]: { ...siteSettingsOf(settings, site), ...patch } },
    });
  return (
    <section id="access" aria-labelledby="access-h">
      <h2 id="access-h">Site access</h2>
      <p class="meta">
        Which buckets each site writes to and may read. A site never sees a bucket you have not
        ticked for it.
      </p>
      <div class="matrix-wrap">
        <table class="matrix">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Writes to</th>
              {settings.buckets.map((b) => (
                <th scope="col" key={b.id}>
                  {b.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => {
              const ss = siteSettingsOf(settings, site);
              return (
                <tr key={site}>
                  <th scope="row">{site}</th>
                  <td>
                    <BucketSelect
                      label={`Bucket ${site} writes to`}
                      buckets={settings.buckets}
                      value={ss.writeBucket}
                      onChange={(writeBucket) => update(site, { writeBucket })}
                    />
                  </td>
                  {settings.buckets.map((b) => (
                    <td key={b.id}>
                      <input
                        type="checkbox"
                        aria-label={`${site} reads ${b.name}`}
                        checked={ss.readBuckets.includes(b.id)}
                        onChange={(e) =>
                          update(site, {
                            readBuckets: e.currentTarget.checked
                              ? [...ss.readBuckets, b.id]
                              : ss.readBuckets.filter((x) => x !== b.id),
                          })
                        }
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Privacy(p: { settings: Settings; save: (s: Settings) => Promise<void>; run: Run }) {
  const { settings } = p;
  const [site, setSite] = useState<SiteId>('chatgpt');
  const [confirmSite, setConfirmSite] = useState(false);
  const [typed, setTyped] = useState('');
  const toggle = (
    key: 'redactSecrets' | 'captureIncognito' | 'assistantFacts',
    label: string,
    help: string,
  ) => (
    <label class="switch block">
      <input
        type="checkbox"
        checked={settings[key]}
        onChange={(e) => void p.save({ ...settings, [key]: e.currentTarget.checked })}
      />
      <span>
        {label}
        <span class="meta"> — {help}</span>
      </span>
    </label>
  );
  return (
    <section id="privacy" aria-labelledby="privacy-h">
      <h2 id="privacy-h">Privacy</h2>
      {toggle(
        'redactSecrets',
        'Redact secrets',
        'API keys, passwords and card numbers are removed before anything is stored (recommended).',
      )}
      {toggle(
        'captureIncognito',
        'Capture in private windows',
        'off by default: nothing said in a private window is remembered.',
      )}
      {toggle(
        'assistantFacts',
        'Learn facts from the assistant’s answers',
        'off by default: only what you say is a source of facts.',
      )}
      <h3>Forget a site</h3>
      <div class="row">
        <label>
          Site{' '}
          <select value={site} onChange={(e) => setSite(e.currentTarget.value as SiteId)}>
            {knownSites().map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {confirmSite ? (
          <>
            <button
              type="button"
              class="danger"
              onClick={() =>
                void p.run(async () => {
                  setConfirmSite(false);
                  const { deleted } = await call('forget', { type: 'site', site });
                  return `Forgot everything from ${site}: ${deleted.length} memories and its conversations.`;
                })
              }
            >
              Yes, forget everything from {site}
            </button>
            <button type="button" onClick={() => setConfirmSite(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirmSite(true)}>
            Forget this site…
          </button>
        )}
      </div>
      <h3>Forget everything</h3>
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim().toLowerCase() !== CONFIRM_ALL) return;
          void p.run(async () => {
            setTyped('');
            const { deleted } = await call('forget', { type: 'all' });
            return `Forgot everything: ${deleted.length} memories, every conversation and the queue.`;
          });
        }}
      >
        <label>
          Type “{CONFIRM_ALL}” to confirm{' '}
          <input
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
            autocomplete="off"
          />
        </label>
        <button type="submit" class="danger" disabled={typed.trim().toLowerCase() !== CONFIRM_ALL}>
          Forget everything
        </button>
      </form>
    </section>
  );
}

function download(file: ExportFile, name: string): void {
  const blob = new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function readText(f: File, onProgress: (done: number, total: number) => void): Promise<string> {
  return new Promise((ok, fail) => {
    const r = new FileReader();
    r.onprogress = (e) => onProgress(e.loaded, e.total || f.size);
    r.onload = () => ok(String(r.result));
    r.onerror = () =>
      fail(
        new Error(
          `Could not read ${f.name}: ${r.error?.message ?? 'unknown error'}. Choose the file again.`,
        ),
      );
    r.readAsText(f);
  });
}

function ImportExport(p: { settings: Settings; onDone: () => Promise<void> }) {
  const { settings } = p;
  const [bucket, setBucket] = useState('');
  const [phase, setPhase] = useState<{ label: string; done: number; total: number } | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [problems, setProblems] = useState<string[] | null>(null);
  const [pasted, setPasted] = useState('');
  const [pasteBucket, setPasteBucket] = useState('site:chatgpt');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const onMsg = (m: unknown) => {
      const ev = m as Partial<ImportProgressEvent>;
      if (ev?.mnemoEvent === 'importProgress')
        setPhase({ label: 'Writing', done: ev.done ?? 0, total: ev.total ?? 0 });
    };
    browser.runtime.onMessage.addListener(onMsg);
    return () => browser.runtime.onMessage.removeListener(onMsg);
  }, []);

  const doExport = async () => {
    try {
      setError(null);
      const file = await call('export', bucket ? { bucket } : {});
      const day = file.exportedAt.slice(0, 10);
      download(file, `mnemo-${bucket ? bucket.replace(/[^\w-]+/g, '_') : 'all'}-${day}.json`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const doImport = async (file: ExportFile) => {
    setPhase({ label: 'Writing', done: 0, total: file.memories.length });
    const res = await call('import', { file });
    setSummary(res);
    setPhase(null);
    await p.onDone();
  };

  const onFile = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    if (!f) return;
    setSummary(null);
    setProblems(null);
    setError(null);
    try {
      setPhase({ label: 'Reading', done: 0, total: f.size });
      const text = await readText(f, (done, total) => setPhase({ label: 'Reading', done, total }));
      setPhase({ label: 'Checking', done: 0, total: 1 });
      const res = parseExportText(text);
      if (!res.ok) {
        setProblems(res.errors);
        setPhase(null);
        return;
      }
      await doImport(res.file);
    } catch (err) {
      setPhase(null);
      setError(errorText(err));
    } finally {
      input.value = '';
    }
  };

  const onPaste = async () => {
    setSummary(null);
    setProblems(null);
    setError(null);
    try {
      const file = parseSavedMemories(
        pasted,
        pasteBucket,
        Date.now(),
        () => `m_${crypto.randomUUID()}`,
      );
      if (file.memories.length === 0) {
        setError('There is nothing to import: paste your ChatGPT saved memories, one per line.');
        return;
      }
      await doImport(file);
      setPasted('');
    } catch (err) {
      setPhase(null);
      setError(errorText(err));
    }
  };

  return (
    <section id="io" aria-labelledby="io-h">
      <h2 id="io-h">Import and export</h2>
      <div class="row">
        <label>
          Export{' '}
          <select value={bucket} onChange={(e) => setBucket(e.currentTarget.value)}>
            <option value="">all buckets</option>
            {settings.buckets.map((b) => (
              <option key={b.id} value={b.id}>
                bucket {b.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void doExport()}>
          Export as JSON
        </button>
      </div>
      <div class="row">
        <label>
          Import a Mnemo export file{' '}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="import-file"
            onChange={(e) => void onFile(e.currentTarget)}
          />
        </label>
      </div>
      {phase && (
        <div class="row" data-testid="import-progress">
          <label>
            {phase.label}…{' '}
            <progress
              max={phase.total || 1}
              value={phase.done}
              aria-label={`${phase.label} the import`}
            />
          </label>
          <span class="meta">
            {phase.done} / {phase.total}
          </span>
        </div>
      )}
      {problems && (
        <div class="error" role="alert" data-testid="import-error">
          <p>
            <strong>This file cannot be imported, and nothing was imported.</strong> Choose a file
            made by Mnemo’s Export, or fix these problems and try again:
          </p>
          <ul>
            {problems.map((x, i) => (
              <li key={i}>{x}</li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {summary && (
        <div role="status" class="summary" data-testid="import-summary">
          <p>
            Imported: <strong data-testid="added">{summary.added}</strong> added,{' '}
            <strong data-testid="merged">{summary.merged}</strong> merged as duplicates,{' '}
            <strong data-testid="skipped">{summary.skipped.length}</strong> skipped.
          </p>
          {summary.skipped.length > 0 && (
            <ul>
              {summary.skipped.slice(0, 50).map((s) => (
                <li key={s.index}>
                  Entry {s.index + 1} (“{s.text}”): {s.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>Import ChatGPT’s saved memories</h3>
      <p class="meta">
        In ChatGPT, open Settings → Personalization → Manage memories, copy the list, and paste it
        here: one memory per line.
      </p>
      <label class="block">
        Saved memories, one per line
        <textarea rows={5} value={pasted} onInput={(e) => setPasted(e.currentTarget.value)} />
      </label>
      <div class="row">
        <label>
          Into bucket{' '}
          <select value={pasteBucket} onChange={(e) => setPasteBucket(e.currentTarget.value)}>
            {settings.buckets.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!pasted.trim()} onClick={() => void onPaste()}>
          Import pasted list
        </button>
      </div>
    </section>
  );
}

function Storage(p: { settings: Settings; status: EngineStatus }) {
  const [est, setEst] = useState<{ usage?: number; quota?: number } | null>(null);
  useEffect(() => {
    void navigator.storage?.estimate?.().then(setEst, () => setEst(null));
  }, [p.status]);
  const rows = Object.keys(p.status.buckets)
    .map((id) => [id, bucketCount(p.status.buckets, id)] as const)
    .sort((a, b) => b[1] - a[1]);
  return (
    <section id="storage" aria-labelledby="storage-h">
      <h2 id="storage-h">Storage</h2>
      <p data-testid="storage-used">
        {est?.usage !== undefined
          ? `Using ${bytes(est.usage)}${est.quota ? ` of ${bytes(est.quota)} available` : ''}.`
          : 'Storage use is not available in this browser.'}{' '}
        {p.status.active} current memories, {p.status.episodes} saved conversation turns
        {p.status.queue > 0 && `, ${p.status.queue} waiting to be processed`}.
      </p>
      {p.status.lastError && (
        <p class="error" role="alert" data-testid="queue-error">
          {p.status.lastError.message}
        </p>
      )}
      {p.status.vectorIndexFallback && (
        <p class="meta" data-testid="index-fallback">
          {p.status.vectorIndexFallback} Searches and memories are unaffected; the other index is
          tried again when the browser restarts Mnemo.
        </p>
      )}
      <table class="counts">
        <caption class="sr-only">Memories per bucket</caption>
        <thead>
          <tr>
            <th scope="col">Bucket</th>
            <th scope="col">Memories</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([id, n]) => (
            <tr key={id}>
              <td>{bucketName(p.settings.buckets, id)}</td>
              <td>{n}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={2}>No memories yet.</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
