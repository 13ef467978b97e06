/**
 * What every text Mnemo stores goes through first, captured or imported: invisible and
 * control characters out, Mnemo's own block out, lookalikes of its marker defused, then
 * secrets redacted. Run once, before the text is queued or written.
 *
 * @example
 * (await prepareTexts(['I live in Be\u2060rlin, my PIN is 4821'], { redact: true }))[0]
 * // 'I live in Berlin, my PIN is [redacted:pin]'
 */
import { redactMany } from '../extract/redact';
import { stripMemoryBlock } from '../inject/marker';

/**
 * Zero-width and other format characters (`\p{Cf}`: ZWSP, ZWNJ, word joiner, BOM, soft
 * hyphen, bidi controls, Unicode tags used to smuggle hidden text) split words so that
 * "Be\u2060rlin" is stored, searched and injected as two words, and hide text from
 * whoever reads the memory. Kept: the zero-width joiner inside an emoji sequence, and the
 * tags of a subdivision flag (🏴 + tags), which only draw a picture.
 */
const FORMAT_CHARS =
  /(?<!\p{Extended_Pictographic}(?:\u{FE0F}|[\u{1F3FB}-\u{1F3FF}])?)\u200D|\u200D(?!\p{Extended_Pictographic})|(?<!\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0000}-\u{E007F}]|(?![\u200D\u{E0000}-\u{E007F}])\p{Cf}/gu;
/** C0 and C1 controls and NUL, but not tab and line feed (carriage returns become \n). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Any spelling of Mnemo's markers (case, spaces, full-width brackets or colon). */
const MARKER_LOOKALIKE = /[[［]\s*\/?\s*mnemo\s*[:：]\s*memories\s*[\]］]/gi;

/** Removes invisible format characters and control characters; keeps \n and \t. */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL_CHARS, '')
    .replace(FORMAT_CHARS, '');
}

/**
 * Removes Mnemo's injected block, then defuses what still looks like one of its markers,
 * so that a stored text can neither be taken for an injected block when it is captured
 * again nor open or close one when it is injected. Removing a marker can join the halves
 * of another ("[mnemo[mnemo:memories]:memories]"), so it repeats until nothing changes.
 */
export function neutraliseMarkers(text: string): string {
  let out = stripMemoryBlock(text);
  for (let prev = ''; prev !== out;) {
    prev = out;
    out = out.replace(MARKER_LOOKALIKE, '');
  }
  return out;
}

export interface PrepareOptions {
  /** The user's "redact secrets" switch (Settings.redactSecrets). */
  redact: boolean;
}

/** Cleans, defuses markers and (when on) redacts each text; order and count preserved. */
export async function prepareTexts(
  texts: readonly string[],
  { redact }: PrepareOptions,
): Promise<string[]> {
  const clean = texts.map((t) => neutraliseMarkers(cleanText(t)));
  if (!redact) return clean;
  return (await redactMany(clean)).map((r) => r.text);
}

export async function prepareText(text: string, opts: PrepareOptions): Promise<string> {
  return (await prepareTexts([text], opts))[0]!;
}
