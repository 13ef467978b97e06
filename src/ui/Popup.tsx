import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Memory } from '../memory/types';
import { call } from '../messaging/client';

function date(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function Popup() {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<Memory[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [undo, setUndo] = useState<Memory[] | null>(null);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(async (q: string) => {
    try {
      const res = await call('list', { query: q, limit: 200 });
      setItems(res.items);
      setTotal(res.total);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setLoaded(true);
    }
  }, []);

  useEffect(() => {
    const t = setTimeout(() => void refresh(query), query ? 120 : 0);
    return () => clearTimeout(t);
  }, [query, refresh]);

  const remove = async (m: Memory) => {
    try {
      const { deleted } = await call('forget', { type: 'memory', id: m.id });
      setUndo(deleted);
      await refresh(query);
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const restore = async () => {
    if (!undo) return;
    for (const m of undo) await call('restore', { memory: m });
    setUndo(null);
    await refresh(query);
  };

  return (
    <div class="popup">
      <header>
        <h1>Mnemo</h1>
        <span class="meta" data-testid="count">
          {total} {total === 1 ? 'memory' : 'memories'}
        </span>
      </header>
      <div class="search">
        <input
          type="search"
          aria-label="Search memories"
          placeholder="Search memories"
          value={query}
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
        />
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {loaded && !error && items.length === 0 && (
        <p class="empty">{query ? 'No memory matches.' : 'No memories yet. Chat on a supported site and Mnemo will remember what you tell it.'}</p>
      )}
      <ul class="memories" aria-label="Memories">
        {items.map((m) => (
          <li key={m.id} data-memory-id={m.id}>
            <div class="text">
              <div data-testid="memory-text">{m.text}</div>
              <div class="meta">
                {date(m.observedAt)} · {m.provenance[0]?.site ?? 'imported'}
                {m.provenance[0]?.url && (
                  <>
                    {' · '}
                    <a href={m.provenance[0].url} target="_blank" rel="noreferrer">
                      source
                    </a>
                  </>
                )}
              </div>
            </div>
            <button class="danger" aria-label={`Delete memory: ${m.text}`} onClick={() => void remove(m)}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {undo && (
        <div class="toast" role="status">
          <span>Deleted {undo.length === 1 ? 'a memory' : `${undo.length} memories`}.</span>
          <button onClick={() => void restore()}>Undo</button>
        </div>
      )}
    </div>
  );
}
