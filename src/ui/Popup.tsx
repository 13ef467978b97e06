/**
 * The popup: the current site's switches, then the memory list (search as you type,
 * filters, a windowed list that pages from the background), inline edit, pin, delete with
 * undo, a history view, and "Why this?" for the last injection on the current tab.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Settings, SiteSettings } from '../config/settings';
import { MEMORY_KINDS, type HistoryRow, type Memory, type MemoryKind } from '../memory/types';
import { call } from '../messaging/client';
import type { InjectionRecord, ListParams } from '../messaging/protocol';
import type { SiteId } from '../sites/hosts';
import { BucketSelect } from './BucketSelect';
import { bucketName, errorText, isoDay, pct, siteOfMemory, sourceUrl } from './common';
import { SearchBar } from './SearchBar';
import { TurnsView } from './TurnsView';
import { VirtualList } from './VirtualList';

const ROW = 88;
const EDIT_ROW = 168;
const PAGE = 100;
const LIST_HEIGHT = 330;

interface Tab {
  id?: number;
  url?: string;
}

/** The tab the popup is about: `?tab=<id>` (tests, a popup opened as a page) or the active one. */
async function currentTab(): Promise<Tab | undefined> {
  const forced = new URLSearchParams(location.search).get('tab');
  if (forced) return browser.tabs.get(Number(forced));
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

interface Filters {
  bucket: string;
  kind: string;
  site: string;
  status: 'current' | 'all';
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { bucket: '', kind: '', site: '', status: 'current', from: '', to: '' };

function toParams(f: Filters): ListParams {
  const p: ListParams = { status: f.status };
  if (f.bucket) p.buckets = [f.bucket];
  if (f.kind) p.kinds = [f.kind as MemoryKind];
  if (f.site) p.sites = [f.site as SiteId];
  if (f.from) p.from = Date.parse(`${f.from}T00:00:00Z`);
  if (f.to) p.to = Date.parse(`${f.to}T23:59:59.999Z`);
  return p;
}

export function Popup() {
  const [tab, setTab] = useState<Tab>();
  const [settings, setSettings] = useState<Settings>();
  const [view, setView] = useState<'memories' | 'turns' | 'why'>('memories');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        const [t, s] = await Promise.all([currentTab(), call('getSettings', {})]);
        setTab(t ?? {});
        setSettings(s);
      } catch (err) {
        setError(errorText(err));
      }
    })();
  }, []);

  const save = async (next: Settings) => {
    try {
      setSettings(await call('setSettings', { settings: next }));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div class="popup">
      <header>
        <h1>Mnemo</h1>
        <button
          type="button"
          class="link"
          onClick={() => void browser.runtime.openOptionsPage()}
          aria-label="Open Mnemo settings"
        >
          Settings
        </button>
      </header>
      {settings && tab && <SitePanel tab={tab} settings={settings} save={save} />}
      <nav class="tabs" aria-label="Views">
        <button
          type="button"
          aria-pressed={view === 'memories'}
          onClick={() => setView('memories')}
        >
          Memories
        </button>
        <button type="button" aria-pressed={view === 'turns'} onClick={() => setView('turns')}>
          Chat turns
        </button>
        <button type="button" aria-pressed={view === 'why'} onClick={() => setView('why')}>
          Why this?
        </button>
      </nav>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {view === 'memories' && settings && <MemoriesView buckets={settings.buckets} />}
      {view === 'turns' && settings && <TurnsView buckets={settings.buckets} />}
      {view === 'why' && tab && <WhyView tab={tab} />}
    </div>
  );
}

function SitePanel(p: { tab: Tab; settings: Settings; save: (s: Settings) => Promise<void> }) {
  const [info, setInfo] = useState<{ site: SiteId | null }>();
  useEffect(() => {
    if (!p.tab.url) return setInfo({ site: null });
    call('siteInfo', { url: p.tab.url })
      .then((r) => setInfo({ site: r.site }))
      .catch(() => setInfo({ site: null }));
  }, [p.tab.url]);

  const { settings } = p;
  const site = info?.site;
  const ss: SiteSettings | undefined = site
    ? (settings.sites[site] ?? {
        capture: true,
        inject: 'auto',
        writeBucket: `site:${site}`,
        readBuckets: [`site:${site}`],
      })
    : undefined;
  const setSite = (patch: Partial<SiteSettings>) => {
    if (!site || !ss) return;
    void p.save({ ...settings, sites: { ...settings.sites, [site]: { ...ss, ...patch } } });
  };

  return (
    <section class="site" aria-label="This site">
      <div class="row">
        <strong data-testid="site-name">
          {info === undefined ? 'Checking this tab…' : (site ?? 'Not a chat site')}
        </strong>
        <label class="switch">
          <input
            type="checkbox"
            checked={settings.paused}
            onChange={(e) => void p.save({ ...settings, paused: e.currentTarget.checked })}
          />
          Pause everything
        </label>
      </div>
      {site && ss ? (
        <>
          <div class="row">
            <label class="switch">
              <input
                type="checkbox"
                checked={ss.capture}
                onChange={(e) => setSite({ capture: e.currentTarget.checked })}
              />
              Capture
            </label>
            <label>
              Injection{' '}
              <select
                value={ss.inject}
                onChange={(e) =>
                  setSite({ inject: e.currentTarget.value as SiteSettings['inject'] })
                }
              >
                <option value="auto">automatic</option>
                <option value="manual">manual</option>
                <option value="off">off</option>
              </select>
            </label>
          </div>
          <div class="row">
            <label>
              Writes to{' '}
              <BucketSelect
                buckets={settings.buckets}
                value={ss.writeBucket}
                onChange={(writeBucket) => setSite({ writeBucket })}
              />
            </label>
            <details class="reads">
              <summary>
                Reads{' '}
                {ss.readBuckets.map((b) => bucketName(settings.buckets, b)).join(', ') || 'nothing'}
              </summary>
              <fieldset>
                <legend class="sr-only">Buckets {site} may read</legend>
                {settings.buckets.map((b) => (
                  <label key={b.id} class="switch">
                    <input
                      type="checkbox"
                      checked={ss.readBuckets.includes(b.id)}
                      onChange={(e) =>
                        setSite({
                          readBuckets: e.currentTarget.checked
                            ? [...ss.readBuckets, b.id]
                            : ss.readBuckets.filter((x) => x !== b.id),
                        })
                      }
                    />
                    {b.name}
                  </label>
                ))}
              </fieldset>
            </details>
          </div>
        </>
      ) : (
        info && <p class="meta">Mnemo captures and injects only on supported chat sites.</p>
      )}
    </section>
  );
}

function MemoriesView(p: { buckets: Settings['buckets'] }) {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [total, setTotal] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [historyOf, setHistoryOf] = useState<Memory | null>(null);
  const [undo, setUndo] = useState<Memory[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [searchItems, setSearchItems] = useState<Memory[] | null>(null);
  // Pages of the unfiltered-by-query list, fetched as they scroll into view.
  const pages = useRef(new Map<number, Memory[] | 'loading'>());
  const [, setTick] = useState(0);
  const params = useMemo(() => toParams(filters), [filters]);
  const resetKey = `${version}|${query}|${JSON.stringify(filters)}`;

  const loadPage = useCallback(
    async (page: number, key: string) => {
      if (pages.current.has(page)) return;
      pages.current.set(page, 'loading');
      try {
        const res = await call('list', { ...params, offset: page * PAGE, limit: PAGE });
        if (key !== resetKeyRef.current) return;
        pages.current.set(page, res.items);
        setTotal(res.total);
        setError(null);
        setTick((t) => t + 1);
      } catch (err) {
        pages.current.delete(page);
        setError(errorText(err));
      } finally {
        setLoaded(true);
      }
    },
    [params],
  );
  const resetKeyRef = useRef(resetKey);

  useEffect(() => {
    resetKeyRef.current = resetKey;
    pages.current = new Map();
    if (query.trim()) {
      const q = query;
      const t = setTimeout(() => {
        call('search', { ...params, query: q, limit: 200 })
          .then((hits) => {
            if (resetKeyRef.current !== resetKey) return;
            const items = hits.flatMap((h) => (h.memory ? [h.memory] : []));
            setSearchItems(items);
            setTotal(items.length);
            setError(null);
          })
          .catch((err) => setError(errorText(err)))
          .finally(() => setLoaded(true));
      }, 80);
      return () => clearTimeout(t);
    }
    setSearchItems(null);
    void loadPage(0, resetKey);
    return undefined;
  }, [resetKey]);

  const itemAt = (i: number): Memory | undefined => {
    if (searchItems) return searchItems[i];
    const page = pages.current.get(Math.floor(i / PAGE));
    return Array.isArray(page) ? page[i % PAGE] : undefined;
  };
  const onRange = (start: number, end: number) => {
    if (searchItems) return;
    for (let pg = Math.floor(start / PAGE); pg <= Math.floor(Math.max(start, end - 1) / PAGE); pg++)
      void loadPage(pg, resetKeyRef.current);
  };
  const replace = (m: Memory) => {
    if (searchItems) setSearchItems(searchItems.map((x) => (x.id === m.id ? m : x)));
    for (const page of pages.current.values())
      if (Array.isArray(page)) {
        const i = page.findIndex((x) => x.id === m.id);
        if (i >= 0) page[i] = m;
      }
    setTick((t) => t + 1);
  };
  const act = async (fn: () => Promise<void>) => {
    try {
      await fn();
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const remove = (m: Memory) =>
    act(async () => {
      const { deleted } = await call('forget', { type: 'memory', id: m.id });
      setUndo(deleted);
      setVersion((v) => v + 1);
    });
  const restore = () =>
    act(async () => {
      if (!undo) return;
      for (const m of undo) await call('restore', { memory: m });
      setUndo(null);
      setVersion((v) => v + 1);
    });
  const saveEdit = () =>
    act(async () => {
      if (!editing) return;
      replace(await call('edit', { id: editing.id, text: editing.text }));
      setEditing(null);
    });
  const pin = (m: Memory) =>
    act(async () => replace(await call('pin', { id: m.id, pinned: !m.pinned })));

  if (historyOf) return <HistoryView memory={historyOf} onClose={() => setHistoryOf(null)} />;

  const count = searchItems ? searchItems.length : total;
  let expandedIndex = -1;
  if (editing && searchItems) expandedIndex = searchItems.findIndex((x) => x.id === editing.id);
  else if (editing)
    for (const [pg, page] of pages.current)
      if (Array.isArray(page)) {
        const i = page.findIndex((x) => x.id === editing.id);
        if (i >= 0) expandedIndex = pg * PAGE + i;
      }
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });

  return (
    <section class="memories-view" aria-label="Memories">
      <SearchBar
        label="Search memories"
        placeholder="Search memories"
        value={query}
        onInput={setQuery}
        count={count}
        noun={['memory', 'memories']}
        testId="count"
      />
      <details class="filters">
        <summary>Filters</summary>
        <div class="grid">
          <label>
            Bucket
            <select value={filters.bucket} onChange={(e) => set({ bucket: e.currentTarget.value })}>
              <option value="">all</option>
              {p.buckets.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select value={filters.kind} onChange={(e) => set({ kind: e.currentTarget.value })}>
              <option value="">all</option>
              {MEMORY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <label>
            Site
            <select value={filters.site} onChange={(e) => set({ site: e.currentTarget.value })}>
              <option value="">all</option>
              {p.buckets
                .filter((b) => b.id.startsWith('site:'))
                .map((b) => (
                  <option key={b.id} value={b.id.slice(5)}>
                    {b.id.slice(5)}
                  </option>
                ))}
            </select>
          </label>
          <label>
            Status
            <select
              value={filters.status}
              onChange={(e) => set({ status: e.currentTarget.value as Filters['status'] })}
            >
              <option value="current">current</option>
              <option value="all">current and superseded</option>
            </select>
          </label>
          <label>
            From
            <input
              type="date"
              value={filters.from}
              onChange={(e) => set({ from: e.currentTarget.value })}
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={filters.to}
              onChange={(e) => set({ to: e.currentTarget.value })}
            />
          </label>
        </div>
      </details>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {loaded && !error && count === 0 && (
        <p class="empty">
          {query || filters !== NO_FILTERS
            ? 'No memory matches. Try other words or clear the filters.'
            : 'No memories yet. Chat on a supported site and Mnemo will remember what you tell it.'}
        </p>
      )}
      <VirtualList
        label="Memories"
        count={count}
        rowHeight={ROW}
        expanded={expandedIndex >= 0 ? { index: expandedIndex, height: EDIT_ROW } : undefined}
        height={LIST_HEIGHT}
        resetKey={resetKey}
        onRange={onRange}
        renderRow={(i) => {
          const m = itemAt(i);
          if (!m) return <div class="memory placeholder" aria-busy="true" />;
          return (
            <MemoryRow
              m={m}
              buckets={p.buckets}
              editing={editing?.id === m.id ? editing.text : null}
              onEdit={(text) => setEditing(text === null ? null : { id: m.id, text })}
              onSave={() => void saveEdit()}
              onPin={() => void pin(m)}
              onHistory={() => setHistoryOf(m)}
              onDelete={() => void remove(m)}
            />
          );
        }}
      />
      {undo && (
        <div class="toast" role="status">
          <span>Deleted {undo.length === 1 ? 'a memory' : `${undo.length} memories`}.</span>
          <button type="button" onClick={() => void restore()}>
            Undo
          </button>
        </div>
      )}
    </section>
  );
}

function MemoryRow(p: {
  m: Memory;
  buckets: Settings['buckets'];
  editing: string | null;
  onEdit: (text: string | null) => void;
  onSave: () => void;
  onPin: () => void;
  onHistory: () => void;
  onDelete: () => void;
}) {
  const { m } = p;
  const url = sourceUrl(m);
  const short = m.text.length > 60 ? `${m.text.slice(0, 60)}…` : m.text;
  return (
    <article class={`memory${m.pinned ? ' pinned' : ''}`} data-memory-id={m.id} aria-label={m.text}>
      {p.editing !== null ? (
        <form
          class="edit"
          onSubmit={(e) => {
            e.preventDefault();
            p.onSave();
          }}
        >
          <textarea
            aria-label="Memory text"
            value={p.editing}
            rows={3}
            maxLength={2000}
            ref={(el) => el?.focus()}
            onInput={(e) => p.onEdit(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') p.onEdit(null);
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) p.onSave();
            }}
          />
          <div class="actions">
            <button type="submit">Save</button>
            <button type="button" onClick={() => p.onEdit(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div class="text" data-testid="memory-text">
          {m.pinned && <span class="badge">pinned</span>}
          {m.status === 'superseded' && <span class="badge old">superseded</span>}
          {m.text}
        </div>
      )}
      <div class="meta">
        <time dateTime={new Date(m.observedAt).toISOString()}>{isoDay(m.observedAt)}</time>
        {' · '}
        {siteOfMemory(m)} · {bucketName(p.buckets, m.bucket)}
        {url && (
          <>
            {' · '}
            <a
              href={url}
              target="_blank"
              rel="noreferrer"
              aria-label={`Source conversation of: ${short}`}
            >
              source
            </a>
          </>
        )}
        <span class="actions">
          <button
            type="button"
            aria-label={`Edit memory: ${short}`}
            onClick={() => p.onEdit(m.text)}
          >
            Edit
          </button>
          <button
            type="button"
            aria-pressed={m.pinned}
            aria-label={`${m.pinned ? 'Unpin' : 'Pin'} memory: ${short}`}
            onClick={p.onPin}
          >
            {m.pinned ? 'Unpin' : 'Pin'}
          </button>
          <button type="button" aria-label={`History of memory: ${short}`} onClick={p.onHistory}>
            History
          </button>
          <button
            type="button"
            class="danger"
            aria-label={`Delete memory: ${m.text}`}
            onClick={p.onDelete}
          >
            Delete
          </button>
        </span>
      </div>
    </article>
  );
}

const ACTION_LABEL: Record<HistoryRow['action'], string> = {
  added: 'Added',
  updated: 'Updated by a later conversation',
  superseded: 'Superseded',
  deleted: 'Deleted',
  restored: 'Restored',
  edited: 'Edited by you',
  imported: 'Imported',
  merged: 'Merged with a duplicate',
};

function HistoryView(p: { memory: Memory; onClose: () => void }) {
  const [rows, setRows] = useState<HistoryRow[] | null>(null);
  const [by, setBy] = useState<Memory | null>(null);
  const [prev, setPrev] = useState<Memory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    back.current?.focus();
    void (async () => {
      try {
        setRows(await call('history', { id: p.memory.id }));
        if (p.memory.supersededBy) setBy(await call('get', { id: p.memory.supersededBy }));
        if (p.memory.supersedes) setPrev(await call('get', { id: p.memory.supersedes }));
      } catch (err) {
        setError(errorText(err));
      }
    })();
  }, [p.memory]);
  return (
    <section class="history" aria-labelledby="history-title">
      <div class="row">
        <button type="button" ref={back} onClick={p.onClose}>
          ← Back
        </button>
        <h2 id="history-title">History</h2>
      </div>
      <p class="current">{p.memory.text}</p>
      {by && (
        <p class="superseded" data-testid="superseded-by">
          Superseded on {isoDay(p.memory.supersededAt ?? by.observedAt)} by: “{by.text}”
        </p>
      )}
      {prev && <p class="meta">This replaced: “{prev.text}”</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ol class="versions" aria-label="Versions">
        {(rows ?? [])
          .slice()
          .reverse()
          .map((r, i) => (
            <li key={r.id ?? i} data-testid="history-row" data-action={r.action}>
              <div>
                <strong>{ACTION_LABEL[r.action]}</strong>{' '}
                <span class="meta">
                  {new Date(r.at).toLocaleString()} · by {r.actor}
                </span>
              </div>
              {r.before !== undefined && r.after !== undefined && r.before !== r.after ? (
                <div class="diff">
                  <del>{r.before}</del> → <ins>{r.after}</ins>
                </div>
              ) : (
                r.after && <div class="diff">{r.after}</div>
              )}
            </li>
          ))}
      </ol>
      {rows && rows.length === 0 && <p class="empty">No recorded changes.</p>}
    </section>
  );
}

function WhyView(p: { tab: Tab }) {
  const [rec, setRec] = useState<InjectionRecord | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (p.tab.id === undefined) return setRec(null);
    call('lastInjection', { tabId: p.tab.id })
      .then(setRec)
      .catch((err) => setError(errorText(err)));
  }, [p.tab.id]);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (rec === undefined) return <p class="status">Loading…</p>;
  if (!rec)
    return (
      <p class="empty" data-testid="why-empty">
        Nothing was injected on this tab yet. When Mnemo adds memories to a prompt here, this view
        shows which ones and why.
      </p>
    );
  return (
    <section class="why" aria-label="Why these memories were injected">
      <p class="meta">
        {new Date(rec.at).toLocaleString()} on {rec.site}, for the prompt: “
        {rec.prompt.slice(0, 160)}
        {rec.prompt.length > 160 ? '…' : ''}”
      </p>
      <ol class="injected" aria-label="Injected memories">
        {rec.items.map((it) => (
          <li key={it.id} data-testid="why-item">
            <div class="text" data-testid="why-text">
              {it.text}
            </div>
            <table class="parts">
              <caption class="sr-only">Score components</caption>
              <tbody>
                <tr>
                  <th scope="row">score</th>
                  <td>{it.score.toFixed(3)}</td>
                  <th scope="row">similarity</th>
                  <td>{pct(it.parts.similarity)}</td>
                  <th scope="row">keywords</th>
                  <td>{pct(it.parts.keywords)}</td>
                </tr>
                <tr>
                  <th scope="row">recency</th>
                  <td>{pct(it.parts.recency)}</td>
                  <th scope="row">pin</th>
                  <td>{it.parts.pinned ? 'yes' : 'no'}</td>
                  <th scope="row">kind</th>
                  <td>{pct(it.parts.kind)}</td>
                </tr>
                <tr>
                  <th scope="row">words covered</th>
                  <td>{pct(it.parts.coverage)}</td>
                  <th scope="row">date named</th>
                  <td>{it.parts.when === undefined ? '–' : pct(it.parts.when)}</td>
                  <th scope="row">asks / says I</th>
                  <td>
                    {it.parts.asks === undefined || it.parts.self === undefined
                      ? '–'
                      : `${pct(it.parts.asks)} / ${pct(it.parts.self)}`}
                  </td>
                </tr>
              </tbody>
            </table>
            <div class="meta">
              {it.type} · {it.date} · {it.site}
              {/^https?:\/\//.test(it.url) && (
                <>
                  {' · '}
                  <a href={it.url} target="_blank" rel="noreferrer">
                    source
                  </a>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
