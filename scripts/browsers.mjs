// Where the browsers are: $CHROME_PATH / $FIREFOX_PATH, else Debian's paths.
import { existsSync } from 'node:fs';

export function chromiumPath() {
  const candidates = [
    process.env.CHROME_PATH,
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium',
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      'Chromium was not found. Install it with `sudo apt-get install -y chromium` (Debian), or set CHROME_PATH to a Chromium or Chrome binary.',
    );
  return found;
}

export function firefoxPath() {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].filter(
    Boolean,
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      'Firefox was not found. Install it with `sudo apt-get install -y firefox-esr` (Debian), or set FIREFOX_PATH to a Firefox binary.',
    );
  return found;
}

/** Flags for a quiet, offline Chromium with one unpacked extension. */
export function chromiumArgs(extDir) {
  return [
    `--disable-extensions-except=${extDir}`,
    `--load-extension=${extDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
  ];
}
