/** Saved pages live outside the repository (../shared/fixtures/sites); MNEMO_FIXTURES_DIR overrides. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = process.env.MNEMO_FIXTURES_DIR
  ? resolve(process.env.MNEMO_FIXTURES_DIR)
  : resolve(here, '../../../shared/fixtures/sites');

export function fixtureFolderExists(folder: string): boolean {
  return existsSync(join(FIXTURES_DIR, folder));
}

export function listPages(folder: string): string[] {
  const dir = join(FIXTURES_DIR, folder);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.html'))
        .sort()
    : [];
}

export function readPage(folder: string, file: string): string {
  return readFileSync(join(FIXTURES_DIR, folder, file), 'utf8');
}

export function loadDocument(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

export function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
