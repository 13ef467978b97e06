/**
 * Secret redaction: every captured turn and imported memory goes through `redactText`
 * before anything is queued or stored. Three sources, their findings merged:
 *
 * - secretlint's recommended rules (./secretlint.ts): vendor token formats, maintained
 *   upstream;
 * - card numbers (card-validator: Luhn and every brand's prefixes and lengths) and IBANs
 *   (ibantools: every country, any case), through ./rules.ts;
 * - Mnemo's own rules (./rules.ts) for what no library covers: passwords and PINs in prose,
 *   env/JSON/YAML keys, seed phrases, identity documents, one-time codes, and the token
 *   families secretlint lacks.
 *
 * `redactSecrets` is the synchronous part (everything but secretlint), for callers that
 * cannot wait; its result is a subset of `redactText`'s.
 *
 * @example
 * (await redactText('my key is sk-proj-abc123…')).text // 'my key is [redacted:openai_key]'
 */
import { OWN_DETECTORS } from './rules';
import { secretlintHits } from './secretlint';
import type { RedactionHit, RedactionResult } from './types';
import { plausibleSecret } from './validators';

export type { RedactionHit, RedactionResult } from './types';

function ownHits(text: string): RedactionHit[] {
  const hits: RedactionHit[] = [];
  for (const det of OWN_DETECTORS) {
    if ('scan' in det) {
      for (const h of det.scan(text)) hits.push({ type: det.type, ...h });
      continue;
    }
    det.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = det.re.exec(text)) !== null) {
      if (m[0].length === 0) {
        det.re.lastIndex++;
        continue;
      }
      const gi = det.groups ? det.groups.find((g) => m![g] !== undefined) : 0;
      if (gi === undefined) continue;
      let secret = m[gi] ?? '';
      const quoted = det.bare !== undefined && gi !== det.bare;
      // A bare value ends before the sentence's punctuation; not before a final "!",
      // which password rules make common and which rarely ends a sentence after one.
      if (gi === det.bare) secret = secret.replace(/[.,;:?)\]}"'`’”]+$/, '');
      if (!secret) continue;
      const start = gi === 0 ? m.index : m.index + m[0].lastIndexOf(m[gi]!);
      const end = start + secret.length;
      if (det.validate && !det.validate(secret, { match: m, quoted, text, end })) continue;
      hits.push({ type: det.type, start, end });
    }
  }
  return hits;
}

/** Replaces the hits (overlapping ones merged into the earliest) by `[redacted:<type>]`. */
function apply(text: string, hits: RedactionHit[]): RedactionResult {
  if (hits.length === 0) return { text, found: [] };
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RedactionHit[] = [];
  for (const h of hits) {
    const last = kept[kept.length - 1];
    if (last && h.start < last.end) {
      if (h.end > last.end) last.end = h.end;
      continue;
    }
    kept.push({ ...h });
  }
  let out = '';
  let pos = 0;
  for (const h of kept) {
    out += text.slice(pos, h.start) + `[redacted:${h.type}]`;
    pos = h.end;
  }
  out += text.slice(pos);
  return { text: out, found: kept };
}

/** Mnemo's own rules, cards and IBANs, without secretlint (synchronous). */
export function redactSecrets(text: string): RedactionResult {
  return apply(text, ownHits(text));
}

/**
 * secretlint reads a URL template's `user:<password>@host` as a password; a chat about
 * configuration is full of those, and they hold nothing.
 */
function notTemplate(text: string, h: RedactionHit): boolean {
  const pw = /:\/\/[^\s:/@]*:([^\s@/]+)@/.exec(text.slice(h.start, h.end))?.[1];
  return pw === undefined || plausibleSecret(pw, true);
}

/** Every detector, secretlint's included: what is applied before anything is stored. */
export async function redactText(text: string): Promise<RedactionResult> {
  return (await redactMany([text]))[0]!;
}

/** Between texts joined for one secretlint run: cleaned text never holds a NUL. */
const SEP = '\n\u0000\n';
/** Characters per secretlint run (for short texts its cost is mostly per run). */
const CHUNK = 200_000;

/**
 * `redactText` for many texts (a capture's turns, an import's memories): secretlint runs
 * once per ~200,000 characters instead of once per text (docs/reliability.md has the
 * figures). A finding that spans a separator is cut at each text's ends.
 */
export async function redactMany(texts: readonly string[]): Promise<RedactionResult[]> {
  const hits = texts.map(ownHits);
  for (let i = 0; i < texts.length;) {
    const first = i;
    const offsets: number[] = [];
    let len = 0;
    while (i < texts.length && (i === first || len + texts[i]!.length <= CHUNK)) {
      offsets.push(len);
      len += texts[i]!.length + SEP.length;
      i++;
    }
    const joined = texts.slice(first, i).join(SEP);
    for (const h of await secretlintHits(joined)) {
      if (!notTemplate(joined, h)) continue;
      offsets.forEach((from, k) => {
        const to = from + texts[first + k]!.length;
        if (h.end <= from || h.start >= to) return;
        hits[first + k]!.push({
          type: h.type,
          start: Math.max(h.start, from) - from,
          end: Math.min(h.end, to) - from,
        });
      });
    }
  }
  return texts.map((t, k) => apply(t, hits[k]!));
}

/** True when the text holds a redaction marker (extractors never emit those). */
export function hasRedaction(text: string): boolean {
  return text.includes('[redacted');
}
