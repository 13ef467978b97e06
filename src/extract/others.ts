/**
 * Other people's words: what a user pastes, quotes, forwards or asks to have rewritten is not
 * a statement about the user, and a memory made of it is a false fact at best and poisoning
 * at worst. `ownWords` keeps only the user's own framing: "Can you help me answer this
 * email? Hi, I live in Lagos…" keeps the request and drops the email.
 *
 * The signals, each a data table below: task frames that introduce material ("translate…:",
 * "make this more formal:", "my friend told me:"), a framing sentence that points at "this
 * email/message/story" followed by the material, role-play set-ups, e-mail shapes (headers,
 * salutations), indented blocks, block quotes, fenced code, and quoted spans.
 */
import { FIRST_PERSON } from './text';

/** Verbs of a task done on some material ("explain this", "rewrite the following"). */
const TASK_VERBS =
  'explain|translate|rewrite|rephrase|reword|paraphrase|summari[sz]e|proofread|edit|improve|polish|shorten|simplify|fix|correct|check|review|critique|analy[sz]e|interpret|continue|finish|complete|respond to|reply to|answer|write (?:a |an )?(?:response|reply|answer) to|make (?:this|it|the following)(?: \\w+){0,3}|turn (?:this|it) into|format|tl;?dr|grade|score|rate|what does|what do you (?:think|make) of|is (?:this|it) (?:correct|right|ok|okay|good)|help me (?:answer|reply to|respond to|with|understand|write back to)';

/** What material is called ("this email", "the following", "her message"). */
const MATERIAL =
  "(?:this|that|the|these|his|her|their|my (?:friend|boss|mom|dad|colleague|coworker|landlord|partner|sister|brother)'s|a|an)\\s+(?:\\w+\\s+){0,2}?(?:email|e-mail|mail|message|text|tweet|post|thread|comment|review|story|paragraph|passage|letter|note|essay|draft|bio|poem|lyrics|script|dialogue|conversation|chat|excerpt|quote|statement|sentence|sentences|article|document|doc|cover letter|announcement|reply|response|dm|sms|transcript|caption|listing|ad|profile|speech|monologue|scene|chapter|following)";

/** Someone else speaking: "my friend told me:", "she wrote:", "here's what my boss said:". */
const REPORTED =
  /(?:^|[.!?]\s+|\n)\s*(?:(?:so|and|ok|okay|well)[, ]+)?(?:(?:my|our|a|the) [\w' -]{1,30}|he|she|they|someone|somebody|[A-Z][a-z]+)\s+(?:just\s+)?(?:told me|said|says|wrote|writes|texted|messaged|emailed|posted|tweeted|sent|asked|replied|commented|forwarded|dm'?d|wrote back)(?:\s+(?:me|us|this|back))*\s*[,:\-–—]\s*/i;

/** A colon-introduced task: "make this more formal:", "continue this story:", "translate:". */
const TASK_COLON = new RegExp(
  `(?:^|[.!?]\\s+|\\n)[^\\n.!?]{0,80}?\\b(?:${TASK_VERBS})\\b[^\\n:]{0,80}:\\s*`,
  'i',
);

/** A framing sentence pointing at material that follows ("Can you answer this email?"). */
const FRAMING_SENTENCE = new RegExp(
  `^[^\\n]{0,160}?\\b(?:${TASK_VERBS}|here(?:'s| is| are)|below is|look at|read)\\b[^\\n]{0,60}?\\b${MATERIAL}\\b[^\\n]{0,80}?(?:[?.!:]|\\n)`,
  'i',
);

/** The material named first, the task after: "My brother wrote this speech, can you polish it?" */
const FRAMING_AFTER = new RegExp(
  `^[^\\n]{0,80}?\\b${MATERIAL}\\b[^\\n]{0,80}?\\b(?:${TASK_VERBS})\\b[^\\n]{0,40}?(?:[?.!:]|\\n)`,
  'i',
);

/** A bare question about "this" that opens the turn: "Is this correct English?" */
const FRAMING_BARE =
  /^(?:is|does|would) (?:this|it|that|the following)\s+(?:\w+\s+){0,2}?(?:correct|right|ok|okay|good|natural|grammatical|proper|make sense|sound (?:right|natural|ok|okay|good))\b[^\n?]{0,40}\?|^what does (?:this|that|it) (?:mean|say)\b[^\n?]{0,30}\?/i;

/** "I got this email from my landlord:" and what follows. */
const GOT_COLON = new RegExp(
  `\\bI (?:just )?(?:got|received|found|saw|wrote|have|drafted)\\s+${MATERIAL}\\b[^:\\n]{0,80}:\\s*`,
  'i',
);

/** Role-play and fiction set-ups: nothing in the turn is the user speaking as themself. */
const ROLE_PLAY =
  /\b(?:role[- ]?play|roleplay|let's pretend|pretend (?:that )?(?:you|I|we)|act as|you are (?:a|an|my) [\w -]{1,30}? and I(?:'m| am)|I(?:'ll| will) (?:be|play) (?:a|an|the)|in character|stay in character|write (?:a|an) (?:story|scene|dialogue|poem|script|monologue) (?:where|in which|about|from)|from the (?:perspective|point of view) of|as if you were|imagine you(?:'re| are))\b/i;

/** E-mail shapes: a header block, or a salutation line that opens a letter. */
const EMAIL_HEADER = /^(?:from|to|subject|sent|date|cc|re|fwd?)\s*:/im;
const SALUTATION = /^(?:dear|hi|hello|hey|good (?:morning|afternoon|evening))\b[^\n]{0,40},\s*$/im;
const SALUTATION_INLINE =
  /(?:^|[?.!:]\s+)(?:dear|hi|hello|hey)\s+(?:[A-Z][\w-]*|all|team|everyone|there)\s*,\s+/;

/** Quoted spans that are someone's words: first-person content, or more than six words. */
function dropQuoted(t: string): string {
  const keep = (all: string, inner: string) =>
    FIRST_PERSON.test(inner) || inner.split(/\s+/).length > 6 ? '"…"' : all;
  return (
    t
      .replace(/"([^"\n]{0,400})"|“([^”\n]{0,400})”/g, (all, a?: string, b?: string) =>
        keep(all, a ?? b ?? ''),
      )
      // 'single-quoted' spans: the opening quote starts a word, the closing one ends one, so
      // contractions (I'm, don't) and possessives are not taken for quotes.
      .replace(
        /(^|[\s(:])'([^'\n]{2,400}?)'(?=$|[\s.,!?;:)])/g,
        (all, pre: string, inner: string) =>
          /\s/.test(inner) ? pre + keep(all.slice(pre.length), inner) : all,
      )
  );
}

/** Fenced code, block quotes, indented blocks and lines that look like source code. */
export function dropCodeAndQuotes(text: string): string {
  let t = text.replace(/(```|~~~)[\s\S]*?(?:\1|$)/g, '\n');
  t = t
    .split('\n')
    .filter((line) => {
      const l = line.trim();
      if (l.startsWith('>')) return false;
      // An indented block (four spaces or a tab) is pasted or quoted material.
      if (/^(?: {4,}|\t)\S/.test(line)) return false;
      if (
        /^(?:const|let|var|import|export|def|class|function|return|if|for|while|public|private|#include|SELECT|INSERT)\b/.test(
          l,
        )
      )
        return false;
      if (/[{};]\s*$/.test(l) || /=>|==|!=|\(\)\s*[{;]/.test(l)) return false;
      return true;
    })
    .join('\n');
  return dropQuoted(t);
}

/** The text up to `at`, when anything of the user's own is left before the material. */
function before(t: string, at: number): string {
  return t.slice(0, Math.max(0, at)).trimEnd();
}

/**
 * The user's own words in a turn: other people's material removed (see the module's doc).
 * Returns '' when the whole turn is someone else's (role-play, a bare paste).
 *
 * @example
 * ownWords('Make this more formal: I live in Lagos and I am the new CFO.') // 'Make this more formal:'
 */
export function ownWords(text: string): string {
  if (ROLE_PLAY.test(text)) return '';
  let t = dropCodeAndQuotes(text);
  // Every signal proposes where the material starts; the earliest wins.
  const cuts: number[] = [];
  for (const re of [TASK_COLON, REPORTED, GOT_COLON]) {
    const m = re.exec(t);
    if (m) cuts.push(m.index + m[0].length);
  }
  for (const re of [FRAMING_SENTENCE, FRAMING_AFTER, FRAMING_BARE]) {
    const frame = re.exec(t);
    if (frame) cuts.push(frame.index + frame[0].length);
  }
  const header = EMAIL_HEADER.exec(t);
  if (header) cuts.push(header.index);
  const sal = SALUTATION.exec(t) ?? SALUTATION_INLINE.exec(t);
  // A salutation after the first line opens a pasted letter; on the first line it may be
  // the user greeting the assistant ("Hi, I live in Oslo…") and is left alone.
  if (sal && sal.index > 0) cuts.push(sal.index);
  if (cuts.length) {
    const at = Math.min(...cuts);
    t = before(t, at);
    // The framing sentence itself is the user's: keep it, without its colon.
    t = t.replace(/[:\-–—]\s*$/, '.');
  }
  return t;
}
