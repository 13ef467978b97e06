/** Assistant turns: only their second-person restatements of the user are read. */
import { normalizeApostrophes } from './text';

/** "You mentioned you're vegetarian" → "I'm vegetarian". Other assistant sentences: none. */
export function fromAssistant(sentence: string): string | null {
  const s = normalizeApostrophes(sentence);
  const m =
    /^(?:since |as |because |given that |noting that )?you(?: (?:mentioned|said|told me|noted|shared|explained))?(?: (?:earlier|before|previously))?(?: that)?,?\s+(you(?:'re|'ve| are| have| live| work| love| like| prefer| hate| moved| were| had)\b.*)$/i.exec(
      s,
    );
  if (!m?.[1]) return null;
  return m[1]
    .replace(/\byou're\b/gi, "I'm")
    .replace(/\byou've\b/gi, "I've")
    .replace(/\byou are\b/gi, 'I am')
    .replace(/\byou were\b/gi, 'I was')
    .replace(/\byourself\b/gi, 'myself')
    .replace(/\byour\b/gi, 'my')
    .replace(/\byou\b/gi, 'I')
    .replace(/,\s*(?:so|which|and)\b.*$/i, '');
}
