// A small static server on 127.0.0.1 for the demo chat site and the saved chat pages:
//   /demo/...                    the bundled demo site (single-page: every path gets index.html)
//   /__site/<site>/<file>.html   a saved page of a real chat site (../shared/fixtures/sites)
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const demoDir = join(here, 'demo-site');
export const fixturesDir = () =>
  process.env.MNEMO_FIXTURES_DIR ?? resolve(here, '..', '..', 'shared', 'fixtures', 'sites');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

function safeJoin(base, rel) {
  const p = normalize(join(base, rel));
  return p.startsWith(base) ? p : null;
}

/** Extra scripts a test can append to a served saved page (keyed by path). */
export const pageScripts = new Map();

export function startServer({ port = 0 } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let file = null;
    if (url.pathname.startsWith('/demo/assets/'))
      file = safeJoin(demoDir, url.pathname.slice('/demo/assets/'.length));
    else if (url.pathname === '/demo' || url.pathname.startsWith('/demo/'))
      file = join(demoDir, 'index.html');
    else if (url.pathname.startsWith('/__site/')) {
      const [, , site, ...rest] = url.pathname.split('/');
      const name = rest.join('/');
      const dir = fixturesDir();
      file = site && name.endsWith('.html') ? safeJoin(dir, join(site, name)) : null;
      if (file && existsSync(file)) {
        let html = readFileSync(file, 'utf8');
        const extra = pageScripts.get(url.pathname);
        if (extra) html = html.replace(/<\/body>|$/i, `<script>${extra}</script></body>`);
        res.writeHead(200, { 'content-type': TYPES['.html'] });
        res.end(html);
        return;
      }
    }
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  return new Promise((ok) =>
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      ok({
        server,
        port: addr.port,
        origin: `http://127.0.0.1:${addr.port}`,
        close: () => new Promise((r) => server.close(r)),
      });
    }),
  );
}
