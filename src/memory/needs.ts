/**
 * What a prompt needs from the profile, although it may share no word with it: "near me"
 * needs the home city, a meal plan needs the diet and allergies, a gift for "my wife" needs
 * what the partner likes. Kept as data a reviewer can read: each need names the slots it
 * reads and the cues (whole words or phrases, case-insensitive; a trailing `*` takes any
 * ending) that say a prompt has it.
 *
 * A slot ending in `.*` reads every slot of that person ("partner.*": "partner.likes",
 * "partner.name"). Questions about the user ("How old am I?") go straight to the attribute
 * through `ASKS`.
 *
 * @example
 * slotsNeeded('Recommend a gym near me.') // ['home']
 * slotsNeeded('How old am I?') // ['age']
 */

import { ASKS, NEEDS, type Need } from './needs-table';

export { ASKS, CHILDREN, NEEDS, PARTNERS, type Need } from './needs-table';

function cueSource(cue: string): string {
  const parts = cue.split(' ').map((w) => {
    const star = w.endsWith('*');
    const word = (star ? w.slice(0, -1) : w).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return star ? `${word}\\w*` : word;
  });
  return parts.join('\\s+');
}

function compile(needs: readonly Need[]): { need: Need; re: RegExp }[] {
  return needs.map((need) => ({
    need,
    re: new RegExp(
      `(?:^|[^\\p{L}\\p{N}])(?:${need.cues.map(cueSource).join('|')})(?=$|[^\\p{L}\\p{N}])`,
      'iu',
    ),
  }));
}

const COMPILED_NEEDS = compile(NEEDS);
const COMPILED_ASKS = compile(ASKS);

/** Apostrophes folded, so "what’s" and "what's" are one cue. */
function fold(prompt: string): string {
  return prompt.replace(/[’‘`´]/g, "'").toLowerCase();
}

/**
 * Quoted material is what the user wants worked on ("Translate 'where is the train
 * station?'"), not what they need: it says nothing about their circumstances.
 */
function withoutQuoted(prompt: string): string {
  return prompt.replace(/"[^"\n]*"|“[^”\n]*”|(?<![\p{L}])'[^'\n]*'(?![\p{L}])/gu, ' ');
}

/**
 * A question about the world, not about the user's circumstances ("What is the difference
 * between weather and climate?", "Explain how vaccines work.", "What are the symptoms of
 * dehydration?", "Write a limerick about a cat who loves coffee."): its answer is the same
 * for everyone, so it needs nothing of the memory, whatever topic words it shares with it.
 */
const KNOWLEDGE =
  /^\W*(?:(?:can|could|would) you (?:please )?|please )?(?:explain|define|describe|summari[sz]e|(?:what|which)(?: is| are| was| were|'s) (?:the )?(?:difference|differences|meaning|definition|history|origin|symptoms?|causes?|signs?|benefits?|main|capital|largest|smallest|plural|singular|opposite|synonym|antonym|spelling)\b|(?:what|who) (?:is|are|was|were) (?:a|an)\b|what (?:is|are) \w+(?: \w+)? (?:used for|made of|made from)\b|how (?:does|do|did) (?!i\b|we\b)[\w' -]+ work\b|how (?:many|much|long|far|old)(?: [\w'-]+){0,4} (?:is|are|was|were|does|do|did|should) (?:a|an|the)\b|(?:write|compose) (?:a|an) (?:\w+ )?(?:poem|limerick|haiku|story|song|joke|sonnet|riddle) (?:about|on)\b|why (?:(?:is|are|do|does|did) )?(?!i\b|we\b|my\b|our\b)|who (?:is|was|were|invented|wrote|discovered|painted)\b)/;
const SELF = /(?:^|[^\p{L}])(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|our|us)(?=$|[^\p{L}])/u;

/**
 * A how-to about a tool or a technique of computing whose only word about the asker is the
 * "I" of "How do I…" ("How do I undo the last git commit?", "How do I read a CSV file with
 * pandas?"): its steps are the same for everyone. Other how-tos ("How do I ask for a
 * raise?", "How do I lose weight?") depend on who asks, and stay open to the memory.
 */
const HOW_TO = /^\W*how (?:do|can|should|would|could) i /;
const TECHNICAL =
  /(?:^|[^\p{L}])(?:python|javascript|typescript|java|rust|golang|sql|regex|regexp|git|commit|pandas|numpy|csv|json|yaml|html|css|react|node\.?js|npm|pip|docker|kubernetes|linux|bash|shell script|terminal|command line|excel formula|http|api|fetch|linked list|array|binary|hexadecimal|decimal number|imagemagick|ffmpeg|virtual environment|venv|compile|debug|unit test|function|variable|database|server)(?=$|[^\p{L}])/u;

/**
 * Text given to be worked on ("translate into Spanish: my husband and I…", "proofread: I has
 * been…"): its words are the material, not the user's circumstances. A translation is all
 * material; other edits have an instruction before a colon, which alone says what is asked.
 */
const TRANSLATE = /^\W*(?:please )?translate\b/;
const EDIT =
  /^\W*(?:(?:can|could) you (?:please )?|please )?(?:proof-?read|fix (?:the |my )?(?:grammar|spelling|typos|punctuation)|correct (?:the )?(?:grammar|spelling|this)|rewrite|rephrase|reword|paraphrase|summari[sz]e|shorten|simplify|polish|make (?:this|it) (?:sound )?(?:more|less) \w+)\b([^:\n]{0,80}):/;

function withoutMaterial(folded: string): string {
  if (TRANSLATE.test(folded)) return '';
  const m = EDIT.exec(folded);
  return m ? m[0] : folded;
}

/** A question about the world (or a piece of writing about it) that says nothing of the user. */
export function isKnowledgeQuestion(prompt: string): boolean {
  const folded = fold(prompt);
  const instruction = withoutMaterial(folded);
  // Work on a text the user gives needs nothing of the memory, unless the instruction
  // itself is about the user ("rewrite my bio: …").
  if (instruction !== folded && !SELF.test(withoutQuoted(instruction))) return true;
  const p = withoutQuoted(folded);
  if (knowledge(p)) return true;
  const m = HOW_TO.exec(p);
  if (!m || !TECHNICAL.test(p)) return false;
  return !SELF.test(p.slice(m[0].length)) && !COMPILED_NEEDS.some(({ re }) => re.test(p));
}

/**
 * The user's part in a prompt that only frames a question about the world: "my son asked
 * me…", "my wife and I are arguing about it", "we're having a debate at work".
 */
const FRAMING =
  /\b(?:asked me|asks me|asking me|(?:are|were|keep|kept) arguing|argu(?:e|ing) about|argument|debate|settle (?:a|an|this|the)|a bet|bet (?:me|that)|told me|tells me|says|said|claims|insists|quiz|trivia|wondering|curious)\b/;

function knowledge(folded: string): boolean {
  if (KNOWLEDGE.test(folded) && !SELF.test(folded)) return true;
  // A question about the world in a frame of the user's ("my son asked me why leaves
  // change colour, how do I explain it simply?"): the frame asks nothing of the memory.
  if (!FRAMING.test(folded)) return false;
  const pieces = folded.split(/(?<=[?!.:;,])\s+/).filter((x) => x.trim());
  let asked = 0;
  for (const x of pieces) {
    const after = FRAMING.exec(x);
    const rest = after ? x.slice(after.index + after[0].length).trim() : x;
    const question =
      KNOWLEDGE.test(rest) ||
      /^(?:is|are|was|were|does|do|did|can|has|have)\b[^?]*\?\s*$/.test(rest);
    if (rest && !SELF.test(rest) && question) asked++;
    // The frame itself ("my wife and I are arguing about it"), or how to pass the answer on.
    else if (!(after && /^(?:about it|about this|over it|at work|at home)?[\s.!,:;]*$/.test(rest)))
      if (!/^how (?:do|can|should) i (?:explain|put|say|answer)\b/.test(x)) return false;
  }
  return asked > 0;
}

/** The needs and direct questions a prompt has, in table order (asks first). */
export function needsOf(prompt: string): Need[] {
  const p = withoutQuoted(fold(prompt));
  const out: Need[] = [];
  for (const { need, re } of COMPILED_ASKS) if (re.test(p)) out.push(need);
  if (knowledge(p)) return out;
  for (const { need, re } of COMPILED_NEEDS) if (re.test(p)) out.push(need);
  return out;
}

/** The slots a prompt needs, each once, asks first. */
export function slotsNeeded(prompt: string): string[] {
  const seen = new Set<string>();
  for (const n of needsOf(prompt)) for (const s of n.slots) seen.add(s);
  return [...seen];
}

/** Whether a memory's slot is one of the needed ones ("partner.likes" matches "partner.*"). */
export function slotMatches(slot: string, needed: readonly string[]): boolean {
  for (const n of needed) {
    if (n === slot) return true;
    if (n.endsWith('.*') && slot.startsWith(n.slice(0, -1))) return true;
  }
  return false;
}

/** A prompt about the past of an attribute: superseded values may come in, marked history. */
const PAST_CUES =
  /\b(?:before that|before then|used to|previous(?:ly)?|formerly|earlier|in the past|(?:live|lived|work|worked|had|drove|studied|was|were) before|where did i (?:live|work)|last (?:job|place|city|car|phone)|old (?:job|place|city|car|phone|address)|when did i (?:move|leave|start|quit|stop))\b/i;

export function asksAboutThePast(prompt: string): boolean {
  return PAST_CUES.test(fold(prompt));
}

const COMPILED_ABOUT = new Map(
  NEEDS.filter((n) => n.about?.length).map((n) => [
    n.id,
    compile([{ ...n, cues: n.about! }])[0]!.re,
  ]),
);

/**
 * Whether a stored text serves one of the needs: it holds one of a need's `about` words.
 * Used for facts without a slot; a fact with a slot is matched by `slotMatches`.
 */
export function servesNeed(text: string, needs: readonly Need[]): boolean {
  const t = fold(text);
  for (const n of needs) if (COMPILED_ABOUT.get(n.id)?.test(t)) return true;
  return false;
}

/**
 * A prompt about the user's own life ("my", "I", "we", "our"): what they said about themselves may
 * it. "me" alone is left out: "give me a regex" asks for nothing personal.
 */
export function isPersonal(prompt: string): boolean {
  return /(?:^|[^\p{L}])(?:i|i'm|i've|i'd|my|mine|myself|am i|do i|did i|we|we're|we've|our|ours|us)(?=$|[^\p{L}])/iu.test(
    withoutQuoted(fold(prompt)),
  );
}

/**
 * Endings a starred `about` word is looked up with: the index holds folded words, and the
 * fold of "allergist" or "allergy" does not start with "allerg", so the stem alone finds
 * only some of them.
 */
const ENDINGS = [
  '',
  's',
  'e',
  'es',
  'y',
  'ies',
  'ic',
  'ist',
  'ed',
  'ing',
  'er',
  'ers',
  'al',
  'ion',
  'ation',
  'ive',
  'ity',
];

const ABOUT_QUERY = new Map<string, string>();

/** A need's `about` words as a lexical query, a starred word with its usual endings. */
export function aboutQuery(needs: readonly Need[]): string {
  return needs
    .map((n) => {
      let q = ABOUT_QUERY.get(n.id);
      if (q === undefined) {
        const words = new Set<string>();
        for (const w of n.about ?? []) {
          if (!w.includes('*')) words.add(w);
          else for (const e of ENDINGS) words.add(w.replace(/\*/g, e));
        }
        q = [...words].join(' ');
        ABOUT_QUERY.set(n.id, q);
      }
      return q;
    })
    .filter(Boolean)
    .join(' ');
}
