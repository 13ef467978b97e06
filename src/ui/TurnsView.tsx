/**
 * The popup's list of stored chat turns: what Mnemo keeps of the user's own words and may
 * still inject for what no memory covers. Each can be deleted; a deleted turn is gone from
 * every index and never captured again.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../config/settings';
import { call } from '../messaging/client';
import type { TurnItem } from '../messaging/protocol';
import { bucketName, errorText, isoDay } from './common';
import { SearchBar } from './SearchBar';

const PAGE = 50;

export function TurnsView(p: { buckets: Settings['buckets'] }) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<TurnItem[]>([]);
  const [total, setTotal] = useState(0);
  const [limit, setLimit] = useState(PAGE);
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      call('turns', { ...(query.trim() ? { query } : {}), limit })
        .then((r) => {
          if (!live) return;
          setItems(r.items);
          setTotal(r.total);
          setError(null);
        })
        .catch((err) => live && setError(errorText(err)))
        .finally(() => live && setLoaded(true));
    }, 80);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [query, limit, version]);

  const remove = async (t: TurnItem) => {
    try {
      await call('forget', { type: 'turn', key: t.key });
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section class="memories-view turns-view" aria-label="Chat turns">
      <SearchBar
        label="Search chat turns"
        placeholder="Search your chat turns"
        value={query}
        onInput={(q) => {
          setQuery(q);
          setLimit(PAGE);
        }}
        count={total}
        noun={['turn', 'turns']}
        testId="turn-count"
      />
      <p class="meta">
        What you typed on chat sites, kept as the source of your memories. Mnemo injects a turn only
        for what no memory covers.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {loaded && !error && total === 0 && (
        <p class="empty">{query ? 'No turn matches.' : 'No chat turns are stored.'}</p>
      )}
      <ul class="turn-list" aria-label="Chat turns">
        {items.map((t) => {
          const short = t.text.length > 60 ? `${t.text.slice(0, 60)}…` : t.text;
          return (
            <li key={t.key} class="memory" data-turn-key={t.key}>
              <div class="text" data-testid="turn-text">
                {t.agreed && <span class="badge">An answer you agreed to</span>} {t.text}
              </div>
              <div class="meta">
                <time dateTime={new Date(t.observedAt).toISOString()}>{isoDay(t.observedAt)}</time>
                {' · '}
                {t.site} · {bucketName(p.buckets, t.bucket)}
                <span class="actions">
                  <button
                    type="button"
                    class="danger"
                    aria-label={`Delete chat turn: ${short}`}
                    onClick={() => void remove(t)}
                  >
                    Delete
                  </button>
                </span>
              </div>
            </li>
          );
        })}
      </ul>
      {items.length < total && (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          Show more
        </button>
      )}
    </section>
  );
}
