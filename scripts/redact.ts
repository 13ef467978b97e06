/**
 * What Mnemo would store of some texts: each is cleaned and redacted exactly as a captured
 * turn or an imported memory is (src/privacy/clean.ts).
 *
 *   npm run redact -- --json FILE     FILE: a JSON array of strings ("-" reads stdin)
 *
 * Prints a JSON array of the stored texts, in the same order. Exit code 2 and a message on
 * stderr for a missing file, bad JSON or anything but an array of strings.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { prepareTexts } from '../src/privacy/clean';

export class RedactCliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedactCliError';
  }
}

const USAGE =
  'Usage: npm run redact -- --json FILE   (FILE: a JSON array of strings, or - for stdin)';

/** Reads and checks the input: a JSON array of strings. */
export function readInput(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new RedactCliError(`Cannot read ${path}: ${(err as Error).message}. Check the path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new RedactCliError(`${path} is not valid JSON (${(err as Error).message}). ${USAGE}`);
  }
  if (!Array.isArray(json))
    throw new RedactCliError(`${path} holds ${typeof json}, not a JSON array of strings. ${USAGE}`);
  const bad = json.findIndex((x) => typeof x !== 'string');
  if (bad !== -1)
    throw new RedactCliError(
      `${path}: entry ${bad} is ${JSON.stringify(json[bad])?.slice(0, 40) ?? 'undefined'}, not a string. ${USAGE}`,
    );
  return json as string[];
}

export async function main(argv: readonly string[]): Promise<number> {
  const i = argv.indexOf('--json');
  const path = i === -1 ? undefined : argv[i + 1];
  if (!path) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const texts = readInput(path);
    process.stdout.write(
      `${JSON.stringify(await prepareTexts(texts, { redact: true }), null, 2)}\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof RedactCliError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
