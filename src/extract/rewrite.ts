/** A first-person clause rewritten in the third person, about the user's name. */
import nlp from 'compromise';
import type { ResolvedDate, Tense } from './dates';

const ADVERB_WORDS = new Set(
  'also really just still usually always never no longer often sometimes recently finally actually only already totally absolutely definitely currently mostly mainly generally normally typically regularly rarely seldom honestly literally basically simply even now then kinda truly genuinely frequently occasionally constantly'.split(
    ' ',
  ),
);

const IRREGULAR: Record<string, string> = {
  am: 'is',
  are: 'is',
  were: 'was',
  have: 'has',
  do: 'does',
  "don't": "doesn't",
  "haven't": "hasn't",
  "aren't": "isn't",
  "weren't": "wasn't",
  'am not': 'is not',
};

const KEEP_VERBS = new Set([
  'was',
  'will',
  'can',
  "can't",
  'cannot',
  "won't",
  'did',
  "didn't",
  "wasn't",
  'could',
  'would',
  'should',
  'might',
  'must',
  'had',
  'used',
  'quit',
]);

/** Third-person-singular present of a verb ("like" → "likes"), via compromise. */
export function thirdPerson(verb: string): string {
  const lower = verb.toLowerCase();
  if (IRREGULAR[lower]) return IRREGULAR[lower]!;
  if (KEEP_VERBS.has(lower)) return verb;
  const doc = nlp(`I ${lower}`);
  const term = doc.terms().json()[1] as { terms: { tags: string[] }[] } | undefined;
  const tags = term?.terms[0]?.tags ?? [];
  if (
    tags.includes('PastTense') ||
    tags.includes('Gerund') ||
    tags.includes('Modal') ||
    !tags.includes('Verb')
  )
    return verb;
  const cached = CONJ_CACHE.get(lower);
  if (cached) return cached;
  const conj = doc.verbs().conjugate()[0] as { PresentTense?: string } | undefined;
  const out = conj?.PresentTense && /^[a-z]+$/.test(conj.PresentTense) ? conj.PresentTense : verb;
  if (CONJ_CACHE.size < 2000) CONJ_CACHE.set(lower, out);
  return out;
}
const CONJ_CACHE = new Map<string, string>();

function possessive(name: string): string {
  return `${name}'s`;
}

/**
 * "My kids and I painted…" / "Anna and I went…" / "Me and my wife went…": the user becomes
 * the subject and the others a "with …" phrase ("… with their kids").
 */
export function userAsSubject(c: string): { clause: string; companion: string } {
  const m =
    /^(?:([Mm]y|[Oo]ur) ([\w' -]{1,30}?)|([A-Z][a-z]+(?: [A-Z][a-z]+)?)) and I\b\s*/.exec(c) ??
    /^[Mm]e and (my |our )?([\w' -]{1,30}?)\s+(?=(?:\w+ed|went|are|were|have|had|got|made|took|saw|did|ran|came|spent|visited|started|finished|will|are going)\b)/.exec(
      c,
    );
  if (!m) return { clause: c, companion: '' };
  const others = (m[2] ?? m[3] ?? '').trim();
  const poss = m[1] ? 'their ' : '';
  return { clause: `I ${c.slice(m[0].length)}`, companion: ` with ${poss}${others}` };
}

interface Rewritten {
  text: string;
}

/**
 * `body` with its date expression written as the absolute date ("postponed to the 14th" →
 * "postponed to 14 June 2026", "next Saturday" → "on 30 May 2026"); null when the expression
 * is not in it. `written` is what replaced it, `atEnd` whether it ended the text.
 */
export function placeDate(
  body: string,
  date: ResolvedDate,
): { text: string; written: string; atEnd: boolean } | null {
  const idx = body.toLowerCase().indexOf(date.match.toLowerCase());
  if (idx < 0) return null;
  const atEnd = idx + date.match.length >= body.length - 1;
  let before = body.slice(0, idx);
  // "on the 13th of June" → "on 13 June 2026", not "on the on 13 June 2026".
  if (/\b(?:on|of|at|for)\s+the\s+$/i.test(before) && /^\d/.test(date.text))
    before = before.replace(/the\s+$/i, '');
  const keepPrep = /\b(?:by|until|till|before|after|since|from|through|to|for|on|of|at)\s+$/i.test(
    before,
  );
  let written = keepPrep ? date.text : date.phrase;
  if (!keepPrep && /\bin\s+$/i.test(before) && /^in /.test(written)) written = written.slice(3);
  return { text: `${before}${written}${body.slice(idx + date.match.length)}`, written, atEnd };
}

/**
 * Rewrite a cleaned first-person clause about the user in the third person.
 * `date` is replaced by its absolute phrase.
 */
export function rewrite(
  c: string,
  name: string,
  date: ResolvedDate | null,
  companionIn: string,
  tense: Tense,
): Rewritten {
  let body = c.replace(/[.!?…]+$/, '').trim();
  let companion = companionIn;

  // "moved to Berlin from Munich" reads better as "moved from Munich to Berlin".
  body = body.replace(
    /\bmoved to ([A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*) from ([A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*)/,
    'moved from $2 to $1',
  );

  // Date expression → absolute phrase.
  const dated = date ? placeDate(body, date) : null;
  if (dated) {
    body = dated.text;
    if (companion && dated.atEnd) {
      // put "with their kids" before a trailing date phrase
      const at = body.lastIndexOf(dated.written);
      body = `${body.slice(0, at).trimEnd()}${companion} ${body.slice(at)}`;
      companion = '';
    }
  }
  body += companion;

  const words = body.split(/(\s+)/);
  const out: string[] = [];
  let subjectDone = false;
  let subjectIsUser = false;
  let conjugateNext = false; // the next verb agrees with the user-as-subject
  let conjugatedFirst = false;
  let afterAnd = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (/^\s+$/.test(w) || w === '') {
      out.push(w);
      continue;
    }
    const m = /^([("']*)([\w'-]+)([)"'.,;:!]*)$/.exec(w);
    const lead = m?.[1] ?? '';
    const core = m?.[2] ?? w;
    const trail = m?.[3] ?? '';
    const lower = core.toLowerCase();
    let rep: string | null = null;

    if (!subjectDone) {
      if (lower === 'i' || lower === 'we') {
        rep = name;
        subjectDone = true;
        subjectIsUser = true;
        conjugateNext = true;
      } else if (lower === 'my' || lower === 'our') {
        rep = possessive(name);
        subjectDone = true;
      } else if (lower === 'me') {
        rep = name;
        subjectDone = true;
        subjectIsUser = true;
        conjugateNext = true;
      }
    } else if (conjugateNext) {
      if (ADVERB_WORDS.has(lower) || lower === 'not') {
        rep = null;
      } else if (lower === 'am' && words[i + 2]?.toLowerCase() === 'not') {
        rep = 'is';
        conjugateNext = false;
        conjugatedFirst = true;
      } else {
        // In a past-tense clause only auxiliaries agree ("I have been" → "has been"); "I quit",
        // "I read" are past forms there.
        const v = tense === 'past' && !IRREGULAR[lower] ? core : thirdPerson(core);
        if (v !== core) {
          rep = v;
          conjugatedFirst = true;
        }
        conjugateNext = false;
      }
    } else if (lower === 'i' || lower === 'we') {
      rep = name;
      conjugateNext = true;
    } else if (lower === 'my' || lower === 'our') {
      rep = 'their';
    } else if (lower === 'me' || lower === 'us') {
      rep = subjectIsUser ? 'them' : name;
    } else if (lower === 'mine' || lower === 'ours') {
      rep = 'theirs';
    } else if (lower === 'myself' || lower === 'ourselves') {
      rep = 'themself';
    } else if (afterAnd && conjugatedFirst && subjectIsUser) {
      // "lives in Berlin and work at SAP" → "works"; only bare present verbs.
      if (!ADVERB_WORDS.has(lower)) {
        const v = thirdPerson(core);
        if (v !== core && /^[a-z]+$/.test(core)) rep = v;
        afterAnd = false;
      }
    }
    if (lower === 'and' || lower === 'or') afterAnd = true;
    else if (!ADVERB_WORDS.has(lower)) afterAnd = false;
    out.push(rep === null ? w : `${lead}${rep}${trail}`);
  }
  let text = out.join('').replace(/\s+/g, ' ').trim();
  text = text.charAt(0).toUpperCase() + text.slice(1);
  text = text.replace(/[,;:\s]+$/, '');
  if (!/[.!]$/.test(text)) text += '.';
  return { text: text.replace(/!$/, '.') };
}
