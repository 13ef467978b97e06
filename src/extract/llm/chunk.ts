/**
 * Splits a long turn into pieces of at most `maxChars`, at paragraph, then sentence, then
 * word boundaries, so each piece reads as text. No character is dropped but the whitespace
 * at the cuts.
 *
 * @example
 * splitText('One. Two. Three.', 10) // ['One. Two.', 'Three.']
 */
export function splitText(text: string, maxChars: number): string[] {
  const max = Math.max(1, Math.floor(maxChars));
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out.filter(Boolean);
}

/** The last good boundary at or before `max`; a hard cut where there is none. */
function cutPoint(text: string, max: number): number {
  const head = text.slice(0, max + 1);
  // Not before half the piece: a boundary too early makes many small pieces.
  const floor = Math.floor(max / 2);
  for (const re of [/\n\s*\n/g, /[.!?。！？](?:["')\]]*)\s+/g, /\n/g, /\s+/g]) {
    let best = -1;
    for (const m of head.matchAll(re)) {
      const end = m.index + m[0].length;
      if (end <= max && end > floor) best = end;
    }
    if (best > 0) return best;
  }
  return max;
}
