/**
 * Options → Sync: the user's own CouchDB (server address, login, passphrase), "sync now",
 * the last sync and what failed and why; turning sync off, and forgetting everywhere.
 * The server's origin is asked for as an optional host permission when the user sets sync
 * up (in the click itself, as browsers require); the passphrase goes to the background,
 * which derives the keys and keeps only them.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { call } from '../messaging/client';
import type { SyncStatus } from '../sync/types';
import { hostPattern } from '../sync/url';

const CONFIRM = 'forget everywhere';
const STATES: Record<SyncStatus['state'], string> = {
  off: 'off',
  starting: 'starting…',
  active: 'syncing…',
  idle: 'up to date',
  offline: 'cannot reach the server; retrying',
  error: 'stopped by an error (below)',
};

export function SyncSection(p: { run: (fn: () => Promise<string | void>) => Promise<void> }) {
  const [status, setStatus] = useState<SyncStatus>();
  const [url, setUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [urls, setUrls] = useState(false);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = async () => setStatus(await call('syncStatus', {}));
  useEffect(() => {
    void refresh().catch(() => undefined);
    const t = setInterval(() => void refresh().catch(() => undefined), 5000);
    return () => clearInterval(t);
  }, []);

  const setup = (e: Event) => {
    e.preventDefault();
    setError(null);
    let server: URL;
    try {
      server = new URL(url.trim());
    } catch {
      setError('Enter the database address, like https://couch.example.org/mnemo.');
      return;
    }
    const origin = server.origin;
    // Asked first, within the click: a browser grants permissions only in a user gesture.
    const granted = browser.permissions.request({ origins: [hostPattern(server)] });
    void p.run(async () => {
      if (!(await granted))
        throw new Error(
          `Mnemo needs your permission to reach ${origin}. Press "Set up sync" again and allow it.`,
        );
      const st = await call('syncSetup', { url, username, password, passphrase, urls });
      setPassphrase('');
      setStatus(st);
      return `Sync is on with ${st.url}.`;
    });
  };

  if (!status) return null;
  const err = status.lastError;
  return (
    <section id="sync" aria-labelledby="sync-h">
      <h2 id="sync-h">Sync</h2>
      <p class="hint">
        One memory on every browser you use, through a CouchDB you run (or rent). Everything is
        encrypted here with your passphrase before it leaves: the server sees only ciphertext, sizes
        and times. See the README for a one-line server.
      </p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {status.enabled ? (
        <>
          <dl class="sync-status" data-testid="sync-status">
            <dt>Server</dt>
            <dd>{status.url}</dd>
            {status.username && (
              <>
                <dt>User</dt>
                <dd>{status.username}</dd>
              </>
            )}
            <dt>State</dt>
            <dd data-testid="sync-state">{STATES[status.state]}</dd>
            <dt>Last sync</dt>
            <dd data-testid="sync-last">
              {status.lastSyncAt ? new Date(status.lastSyncAt).toLocaleString() : 'not yet'}
            </dd>
            {err && (
              <>
                <dt>Last error</dt>
                <dd class="error" data-testid="sync-error">
                  {new Date(err.at).toLocaleString()}: {err.message}
                  {err.cause && ` (${err.cause})`}
                </dd>
              </>
            )}
          </dl>
          <div class="row">
            <button
              type="button"
              onClick={() =>
                void p.run(async () => {
                  setStatus(await call('syncNow', {}));
                  return 'Synced.';
                })
              }
            >
              Sync now
            </button>
            <button
              type="button"
              onClick={() =>
                void p.run(async () => {
                  setStatus(await call('syncOff', {}));
                  return 'Sync is off. Your memories on this device are unchanged.';
                })
              }
            >
              Turn sync off
            </button>
          </div>
          <h3>Forget everywhere</h3>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim().toLowerCase() !== CONFIRM) return;
              void p.run(async () => {
                setTyped('');
                const { deleted } = await call('syncForgetEverywhere', {});
                return `Forgot ${deleted} memories here, and on the server for every synced device.`;
              });
            }}
          >
            <label>
              Type “{CONFIRM}” to delete every memory here and its copies on the server{' '}
              <input
                value={typed}
                onInput={(e) => setTyped(e.currentTarget.value)}
                autocomplete="off"
              />
            </label>
            <button type="submit" class="danger" disabled={typed.trim().toLowerCase() !== CONFIRM}>
              Forget everywhere
            </button>
          </form>
        </>
      ) : (
        <form class="sync-setup" onSubmit={setup}>
          <label>
            Database address{' '}
            <input
              type="url"
              required
              placeholder="https://couch.example.org/mnemo"
              value={url}
              onInput={(e) => setUrl(e.currentTarget.value)}
            />
          </label>
          <label>
            User name{' '}
            <input
              value={username}
              autocomplete="username"
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </label>
          <label>
            Password{' '}
            <input
              type="password"
              value={password}
              autocomplete="current-password"
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          <label>
            Passphrase{' '}
            <input
              type="password"
              required
              value={passphrase}
              autocomplete="new-password"
              onInput={(e) => setPassphrase(e.currentTarget.value)}
            />
            <span class="hint">
              {' '}
              Encrypts your memories. Use the same one on each browser; it cannot be recovered.
            </span>
          </label>
          <label>
            <input
              type="checkbox"
              checked={urls}
              onChange={(e) => setUrls(e.currentTarget.checked)}
            />{' '}
            Also sync the address of the page each memory came from
          </label>
          <button type="submit">Set up sync</button>
        </form>
      )}
    </section>
  );
}
