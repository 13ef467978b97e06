/**
 * The rule-based extractor: always available, no model. It keeps first-person statements
 * about the user from a user turn and rewrites each one, self-contained and in the third
 * person, about the user's name ("I'm vegetarian" → "User is vegetarian.").
 *
 * Pipeline: strip Mnemo's injected block → redact secrets → cap the text (MAX_CHARS) → drop
 * quotes and code → split into sentences (compromise) and clauses → reject questions,
 * requests, hypotheticals, small talk and statements not about the user → classify (kind,
 * slot) → resolve dates (dates.ts) → rewrite pronouns and verb agreement (compromise) →
 * collect entities (compromise).
 *
 * @example
 * const ex = new RuleExtractor();
 * const { candidates } = await ex.extract({ turn, context: [], similar: [] });
 * // turn.text "I moved to Berlin from Munich in May", said 2026-06-10 →
 * // [{ text: 'User moved from Munich to Berlin in May 2026.', kind: 'fact', slot: 'home', … }]
 */
import nlp from 'compromise';
import { stripMemoryBlock } from '../inject/marker';
import type {
  Candidate,
  ExtractionInput,
  ExtractionResult,
  Extractor,
  MemoryKind,
} from '../memory/types';
import { resolveDate, type ResolvedDate, type Tense } from './dates';
import { hasRedaction, redactSecrets } from './redact';

/** Only the first MAX_CHARS characters of a turn are read (a pasted document is not a fact). */
export const MAX_CHARS = 20_000;
/** Clauses longer than this are run-on pastes, not statements. */
const MAX_CLAUSE_CHARS = 400;
/** At most this many candidates per turn. */
const MAX_CANDIDATES = 40;
/** At most this many first-person clauses are analysed per turn (each costs ~3 ms). */
export const MAX_CLAUSES = 150;
/** Words without which a clause holds no date: chrono is not consulted. */
const DATE_HINT =
  /\d|\b(?:yesterday|today|tonight|tomorrow|ago|last|next|this|week|weekend|month|year|morning|evening|afternoon|night|spring|summer|autumn|fall|winter|mon|tues|wednes|thurs|fri|satur|sun)(?:day)?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\bthe \d/i;

export interface RuleExtractorOptions {
  /**
   * Also read assistant turns (default false). Only their second-person restatements of the
   * user ("You mentioned you're vegetarian") are used, with a lower confidence.
   */
  assistantTurns?: boolean;
}

// ---------------------------------------------------------------------------------------
// Text preparation

const FIRST_PERSON =
  /\b(?:I|I'm|I've|I'll|I'd|me|my|mine|myself|we|we're|we've|we'll|our|ours|us)\b/i;

/** Fenced code, inline code, blockquote lines and lines that look like source code. */
function dropCodeAndQuotes(text: string): string {
  let t = text.replace(/```[\s\S]*?(?:```|$)/g, '\n');
  t = t
    .split('\n')
    .filter((line) => {
      const l = line.trim();
      if (l.startsWith('>')) return false;
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
  // Quoted speech: drop quotes that hold first-person words or are long (someone else's
  // words or pasted text); keep short titles ("Hey Jude").
  t = t.replace(
    /"([^"\n]{0,400})"|“([^”\n]{0,400})”/g,
    (all, a: string | undefined, b: string | undefined) => {
      const inner = a ?? b ?? '';
      if (FIRST_PERSON.test(inner) || inner.split(/\s+/).length > 6) return '"…"';
      return all;
    },
  );
  return t;
}

/**
 * Sentences of a text, split by compromise (which knows "Dr.", "e.g.", "Node.js"). Lines are
 * split first, so list items and chat lines without punctuation stay apart.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const l = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
    if (!l) continue;
    // Tokenizer only (no tagging): ~8x faster than a full parse, same sentence boundaries.
    for (const s of nlp.tokenize(l).sentences().out('array') as string[]) {
      const st = s.trim();
      if (st) out.push(st);
    }
  }
  return out;
}

const CLAUSE_SPLIT =
  /\s*;\s*|\s+-\s+|,?\s+(?:and|but|so|because|since|plus|though|although|while)\s+(?=(?:I|I'm|I've|I'll|I am|we|we're|we've|we'll|my|our)\b)/;

const FIRST_PERSON_START = /^(?:I|I'm|I've|I'll|I'd|I am)\b/;

/** "I'm vegetarian, I live in Lisbon": two comma-spliced statements, each its own clause. */
function splitCommaSplices(part: string): string[] {
  const pieces = part.split(/,\s+(?=(?:I|I'm|I've|I'll|I am|my)\b)/);
  if (pieces.length < 2) return [part];
  const out: string[] = [];
  for (const piece of pieces) {
    const prev = out[out.length - 1];
    // Only a left side that is itself a first-person statement stands alone ("Yesterday, I
    // went…" keeps its date).
    if (prev !== undefined && !FIRST_PERSON_START.test(prev))
      out[out.length - 1] = `${prev}, ${piece}`;
    else out.push(piece);
  }
  return out;
}

function splitClauses(sentence: string): string[] {
  const parts = sentence
    .split(CLAUSE_SPLIT)
    .flatMap(splitCommaSplices)
    .map((c) => c.trim())
    .filter(Boolean);
  // "My kids and I painted…" was split at "and I": glue the subject back.
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const next = parts[i + 1];
    if (
      next &&
      /^I\b/.test(next) &&
      /^(?:(?:yesterday|today|recently|last \w+|this \w+|\w+day),?\s+)?(?:(?:my|our) [\w' -]{1,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?|me and (?:my )?[\w' -]{1,30})$/i.test(
        p,
      ) &&
      p.split(' ').length <= 4
    ) {
      out.push(`${p} and ${next}`);
      i++;
    } else out.push(p);
  }
  return out;
}

function normalizeApostrophes(s: string): string {
  return s.replace(/[‘’´`]/g, "'").replace(/[“”]/g, '"');
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bI'm\b/gi, 'I am'],
  [/\bIm\b(?=\s+(?:a|an|the|so|not|\w+ing|\d|from|in|at|on|vegan|vegetarian))/g, 'I am'],
  [/\bI've\b/gi, 'I have'],
  [/\bI'll\b/gi, 'I will'],
  [/\bwe're\b/gi, 'we are'],
  [/\bwe've\b/gi, 'we have'],
  [/\bwe'll\b/gi, 'we will'],
  [/\bgonna\b/gi, 'going to'],
  [/\bwanna\b/gi, 'want to'],
  [/\bi\b/g, 'I'],
];

function expand(s: string): string {
  let t = s;
  for (const [re, rep] of CONTRACTIONS) t = t.replace(re, rep);
  return t;
}

// ---------------------------------------------------------------------------------------
// Clause cleanup and rejection

const LEADING_NOISE =
  /^(?:(?:hey|hi|hello|oh|ah|aw|well|so|yeah|yes|yep|yup|no|nope|ok|okay|also|actually|anyway|anyways|btw|by the way|honestly|lol|haha|hahaha|omg|wow|guess what|fun fact|fyi|plus|and|but|um|uh|hmm|thanks|thank you|sure|right|true|totally|definitely|absolutely|cool|nice|awesome|great|good news|update|for context|context|just so you know|just fyi|side note|in fact|speaking of which|as for me|for me|personally|basically|btw)\b[,!.:;—–-]*\s+)+/i;
const VOCATIVE = /^(?:hey|hi|hello|yo|dear)\s+[A-Z][\w-]*[,!.:]?\s+/;
const MEMORY_REQUEST =
  /^(?:please\s+)?(?:remember|note|keep in mind|don't forget|do not forget|bear in mind)(?: that)?[,:]?\s+(?=(?:I|I'm|I've|my|we|our)\b)/i;
const HEDGE =
  /^I (?:think|guess|believe|feel like|suppose|reckon|just wanted to (?:say|let you know|tell you|share)|wanted to (?:say|let you know|tell you|share)|should mention|forgot to mention|have to say|must say)(?: that)?[,:]?\s+(?=(?:I|I'm|I've|my|we|our)\b)/i;
const LEADING_ADVERB =
  /^(?:just|also|recently|finally|currently|lately|now|then|today|yesterday|tomorrow|tonight|these days|nowadays|anyway|actually|really|still|already|last \w+|next \w+|this \w+|on \w+day|in \w+|over the weekend|a (?:few|couple of) \w+ ago|\w+ (?:days|weeks|months|years) ago)\s*,?\s+(?=(?:I|I'm|I've|I'll|we|we're|my|our)\b)/i;
const LEADING_COMMA_PHRASE = /^([^,]{2,40}),\s+(?=(?:I|I'm|I've|I'll|we|we're|we've|my|our)\b)/;

const SUBJECT =
  /^(?:(?:I|we)\b(?!')|my\b|our\b|me and (?:my )?\w+|(?:my|our) [\w' -]{1,30}? and I\b|[A-Z][a-z]+ and I\b)/i;

const QUESTION_START =
  /^(?:can|could|would|should|will|shall|do|does|did|is|are|am|was|were|have|has|had|what|how|why|where|when|who|which|whom|whose|may|might|must|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|shouldn't|couldn't|any idea|any ideas|anyone)\b/i;
const REQUEST_START =
  /^(?:please|pls|plz|kindly|let's|let us|help|write|translate|tell|give|explain|make|create|show|list|summari[sz]e|generate|draft|fix|rewrite|find|suggest|recommend|describe|compare|convert|check|review|edit|correct|proofread|imagine|pretend|act as|assume|consider|compose|design|plan|outline|calculate|solve|debug|refactor|implement|build|add|remove|change|update|provide|send|search|look up|give me|teach|walk me|continue|go on|try|use)\b/i;
const REQUEST_FIRST_PERSON =
  /^I (?:want|need|would like|'d like|am looking for|am searching for|was wondering|wonder|am wondering) (?:you|u|your|help|a |an |some |advice|ideas|suggestions|recommendations|tips|to know|to understand|to find out|to figure out|someone|something)|^I need (?:help|assistance)|\b(?:can|could|would|will) you\b|^(?:I|we) (?:have|got) (?:a|one|another|some) (?:question|questions|problem|issue|request)/i;
const HYPOTHETICAL =
  /\b(?:if|unless|whether|suppose|supposing|imagine|hypothetically|what if|in case|assuming|as if|even though|pretend)\b/i;
const MODAL_AFTER_SUBJECT =
  /^(?:I|we|my [\w ]{1,30}?|our [\w ]{1,30}?)\s+(?:\w+ly\s+)?(?:would|could|should|might|may|must|wish|'d|ought)\b|^I'd\b|^we'd\b/i;
/** Small talk and reactions: true but not worth remembering. */
const SMALL_TALK =
  /^I (?:am |was )?(?:so |really |very |just |totally |pretty |quite |a bit |a little |super )*(?:know|see|understand|agree|disagree|mean|guess|hope|wonder|bet|appreciate|think|feel|felt|believe|suppose|assume|get it|got it|love that|love it|love this|like that|like it|like this|like your|love your|can't believe|cannot believe|can't wait|cannot wait|am sure|am not sure|am unsure|am glad|am sorry|am happy to|am curious|am confused|am stuck|am back|am here|am ready|am done|am fine|am good|am okay|am ok|am great|am tired|am bored|am excited|am thrilled|am grateful|am thankful|am impressed|am amazed|am interested|am wondering|am thinking|am trying to understand|am lost|am not sure|agree with|remember (?:that|when|you)|forgot|mean it|hear you|feel you|totally get)\b/i;
const STATE_ADJ =
  /^(?:I|we) (?:am|are|was|were|feel|felt) (?:so |really |very |just |totally |pretty |quite |super |a bit |a little |kind of |kinda |also |still )*(?:tired|happy|excited|glad|sorry|sure|good|fine|great|okay|ok|busy|curious|confused|stuck|back|here|ready|done|bored|nervous|stressed|worried|thrilled|grateful|thankful|proud|sad|upset|lucky|impressed|interested|amazed|blessed|overwhelmed|exhausted|relieved|right|wrong|not sure|unsure|afraid|scared|hungry|sleepy|sick of|fed up|annoyed|frustrated|inspired|touched|moved|speechless|honored|honoured|pumped|stoked|psyched|delighted|pleased|fascinated|curious|aware|certain|positive|convinced)\b/i;
/** Conversation about the conversation: "my question is", "my code throws". */
const META_SUBJECT =
  /^my (?:question|questions|point|answer|prompt|request|code|function|script|query|output|input|error|bug|test|tests|class|component|loop|variable|array|string|file|files|text|paragraph|essay|draft|sentence|example|problem|issue|concern|understanding|guess|bad|apologies|pleasure|thoughts|opinion|take|idea|plan is to ask|message|reply|response|last message|previous message)\b/i;

const TRAILING_CONTINUATION =
  /,?\s+(?:and|but|so|which)\s+(?:it|that|this|they|there|he|she|everyone|everybody)\s+(?:was|were|is|are|has|had|felt|feels|looked|looks|made|makes|seemed|seems|turned|ended)\b.*$|,?\s+(?:haha|lol|lmao)\b.*$|\s*[:;]-?[)(DP]\s*$|\s*(?:!+|\.\.\.+)\s*$/i;

function clean(clause: string): string {
  let c = normalizeApostrophes(clause).trim();
  for (let i = 0; i < 4; i++) {
    const before = c;
    c = c.replace(VOCATIVE, '').replace(LEADING_NOISE, '').replace(MEMORY_REQUEST, '').trim();
    c = expand(c);
    c = c.replace(HEDGE, '').trim();
    if (c === before) break;
  }
  return c.replace(/[.!…]+$/, '').trim();
}

/** Move a leading time phrase to the end ("Last week, I went…" → "I went… last week"). */
function moveLeadingTime(c: string): string {
  const m = LEADING_ADVERB.exec(c);
  if (m) {
    const phrase = m[0].replace(/[,\s]+$/, '');
    const rest = c.slice(m[0].length);
    if (
      /^(?:just|also|recently|finally|currently|lately|now|then|anyway|actually|really|still|already)$/i.test(
        phrase,
      )
    )
      return rest;
    return `${rest.replace(/[.!]+$/, '')} ${phrase.charAt(0).toLowerCase()}${phrase.slice(1)}`;
  }
  const mc = LEADING_COMMA_PHRASE.exec(c);
  if (mc && mc[1] && !FIRST_PERSON.test(mc[1]) && !HYPOTHETICAL.test(mc[1])) {
    const rest = c.slice(mc[0].length);
    const lead = mc[1].trim();
    // Keep only time phrases; other leading phrases ("As a teacher") are dropped.
    if (
      /\b(?:ago|last|next|this|yesterday|today|tomorrow|week|month|year|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|fall|winter|\d{4})\b/i.test(
        lead,
      )
    )
      return `${rest.replace(/[.!]+$/, '')} ${lead.charAt(0).toLowerCase()}${lead.slice(1)}`;
    return rest;
  }
  return c;
}

type Rejection = string | null;

function reject(c: string, original: string): Rejection {
  if (c.length < 4 || c.length > MAX_CLAUSE_CHARS) return 'length';
  if (/\?\s*$/.test(original) || /\?\s*$/.test(c)) return 'question';
  if (QUESTION_START.test(c)) return 'question';
  if (REQUEST_START.test(c)) return 'request';
  if (REQUEST_FIRST_PERSON.test(c)) return 'request';
  if (HYPOTHETICAL.test(c)) return 'hypothetical';
  if (MODAL_AFTER_SUBJECT.test(c)) return 'hypothetical';
  if (!SUBJECT.test(c)) return 'not-about-user';
  if (META_SUBJECT.test(c)) return 'meta';
  if (SMALL_TALK.test(c)) return 'small-talk';
  if (STATE_ADJ.test(c)) return 'small-talk';
  if (hasRedaction(c)) return 'secret';
  return null;
}

// ---------------------------------------------------------------------------------------
// Classification

interface Rule {
  re: RegExp;
  kind: MemoryKind;
  slot?: string;
  confidence: number;
  /** Only when the clause is about the future (plans). */
  future?: boolean;
}

const JOBS =
  'engineer|developer|programmer|coder|designer|teacher|nurse|doctor|physician|surgeon|lawyer|attorney|student|manager|scientist|researcher|writer|author|artist|consultant|accountant|analyst|chef|cook|architect|founder|co-founder|cofounder|ceo|cto|cfo|coo|pm|freelancer|photographer|musician|counsel+or|therapist|psychologist|officer|agent|professor|lecturer|intern|veterinarian|vet|pharmacist|dentist|mechanic|electrician|plumber|carpenter|firefighter|soldier|pilot|driver|cashier|barista|waiter|waitress|journalist|editor|translator|economist|entrepreneur|owner|director|lead|head|vp|president|administrator|admin|technician|assistant|specialist|coordinator|librarian|paramedic|social worker|caregiver|banker|trader|salesperson|recruiter|marketer|data scientist|devops|sre|tutor|coach|instructor|farmer|baker|butcher|painter|illustrator|animator|actor|actress|singer|dancer|producer|youtuber|streamer|blogger|podcaster|influencer|homemaker|stay-at-home (?:mom|dad|parent)|retiree|phd student|postdoc|undergrad|grad student';

const PETS =
  'dog|dogs|cat|cats|puppy|puppies|kitten|kittens|pet|pets|hamster|rabbit|bunny|parrot|budgie|goldfish|turtle|tortoise|horse|pony|guinea pig|lizard|gecko|snake|ferret|chinchilla|pup';

const RULES: Rule[] = [
  // identity
  {
    re: /^my (?:full |first |last )?name is\b|^I am called\b|^(?:people |everyone |friends )?call me\b|^I go by\b/i,
    kind: 'identity',
    slot: 'name',
    confidence: 0.95,
  },
  {
    re: /^I am (?:\d{1,3})(?: years old| year old| yo| y\/o)?\s*$|^I am \d{1,3} years old\b|^I (?:just )?turned \d{1,3}\b/i,
    kind: 'identity',
    slot: 'age',
    confidence: 0.9,
  },
  {
    re: /^my pronouns are\b|^I use (?:she|he|they|xe|ze)\/\w+/i,
    kind: 'identity',
    slot: 'pronouns',
    confidence: 0.95,
  },
  {
    re: /^my (?:birthday|date of birth) is\b|^I was born (?:on|in \w+ \d)/i,
    kind: 'identity',
    slot: 'birthday',
    confidence: 0.9,
  },
  { re: /^I was born in\b/i, kind: 'identity', slot: 'birthplace', confidence: 0.85 },
  {
    re: /^I am (?:originally )?from\b|^I come from\b|^I grew up in\b/i,
    kind: 'identity',
    slot: 'origin',
    confidence: 0.85,
  },
  {
    re: /^I am (?:a |an )?(?:proud |openly )?(?:trans|transgender|nonbinary|non-binary|gay|lesbian|bisexual|bi|queer|asexual|pansexual|cis|straight|trans woman|trans man)\b/i,
    kind: 'identity',
    confidence: 0.85,
  },
  { re: /^I (?:speak|am fluent in|am learning to speak)\b/i, kind: 'identity', confidence: 0.8 },
  {
    re: /^I am (?:a |an )?(?:\w+ )?(?:christian|muslim|jewish|buddhist|hindu|atheist|agnostic|catholic)\b/i,
    kind: 'identity',
    slot: 'religion',
    confidence: 0.8,
  },
  // tools before home ("I moved to using Vim")
  {
    re: /^(?:I|we) (?:\w+ly )?(?:switched|moved|migrated) (?:over )?(?:from [\w.+# -]{1,30} )?to using\b|^my (?:editor|ide|text editor) is\b/i,
    kind: 'tool',
    slot: 'editor',
    confidence: 0.8,
  },
  {
    re: /^my (?:main |primary |favorite |favourite )?(?:programming )?language (?:of choice )?is\b/i,
    kind: 'tool',
    slot: 'primary_language',
    confidence: 0.8,
  },
  {
    re: /^my (?:os|operating system) is\b|^I am (?:on|running) (?:a )?(?:mac|macos|windows|linux|ubuntu|arch|fedora|debian)\b/i,
    kind: 'tool',
    slot: 'os',
    confidence: 0.8,
  },
  {
    re: /^my (?:laptop|computer|machine|pc|phone|setup|workstation) is\b/i,
    kind: 'tool',
    slot: 'device',
    confidence: 0.75,
  },
  {
    re: /^(?:my|our) (?:tech )?stack (?:is|includes)\b/i,
    kind: 'tool',
    slot: 'stack',
    confidence: 0.8,
  },
  {
    re: /^(?:I|[Ww]e) (?:\w+ly )?(?:use|am using|are using|code in|program in|write (?:code |everything |most of my code )?in|develop in|develop with|build with|am building with|deploy (?:to|on)|host (?:on|with)|self-host|work with|am learning|started learning|switched to|migrated to|am migrating to|run \w+ on)\s+(?:[A-Z]|\w+(?:\.js|\.py|SQL|DB|script))/,
    kind: 'tool',
    confidence: 0.75,
  },
  // home
  {
    re: /^(?:I|we) (?:\w+ly )?(?:live|am living|are living|have lived|have been living|reside|am based|are based|currently live|still live)\s+(?:in|at|near|outside|on|with)\b|^(?:my|our) (?:home|house|flat|apartment) is in\b/i,
    kind: 'fact',
    slot: 'home',
    confidence: 0.85,
  },
  {
    re: /^(?:I|we) (?:\w+ly )?(?:moved|relocated)(?: back)? (?:to|into|from)\b/i,
    kind: 'fact',
    slot: 'home',
    confidence: 0.85,
  },
  {
    re: /^(?:I|we) (?:am|are) (?:moving|relocating)\b|^(?:I|we) (?:will|am going to|are going to|plan to|am planning to|are planning to) (?:move|relocate)\b/i,
    kind: 'plan',
    confidence: 0.75,
  },
  { re: /^my hometown is\b/i, kind: 'identity', slot: 'hometown', confidence: 0.85 },
  // diet and health
  {
    re: /^(?:I|we) (?:am|are|have been|have become|became|went|turned) (?:now )?(?:a |an )?(?:strict |mostly |fully |full |completely )?(?:vegetarian|vegan|pescatarian|pescetarian|keto|paleo|gluten[- ]free|dairy[- ]free|kosher|halal|carnivore|flexitarian|plant[- ]based)\b|^I (?:follow|eat|am on|do) (?:a |an )?(?:strict )?(?:keto|paleo|vegan|vegetarian|low[- ]carb|plant[- ]based|mediterranean|gluten[- ]free|intermittent fasting)\b|^I keep kosher\b/i,
    kind: 'health',
    slot: 'diet',
    confidence: 0.9,
  },
  {
    re: /\ballergic to\b|\ballergy to\b|\ballergies\b|\bintolerant\b|\bintolerance\b|\bceliac\b|\bcoeliac\b/i,
    kind: 'health',
    confidence: 0.9,
  },
  {
    re: /^I (?:do not|don't|never|can't|cannot) (?:eat|drink|have) (?:\w+ )?(?:meat|pork|beef|fish|seafood|dairy|eggs|gluten|alcohol|sugar|caffeine|nuts|shellfish|chicken)\b|^I (?:stopped|quit|gave up) (?:eating|drinking|smoking)\b|^I (?:do not|don't) drink\b/i,
    kind: 'health',
    confidence: 0.85,
  },
  {
    re: /^I (?:have|have had|had|was diagnosed with|have been diagnosed with|got diagnosed with|suffer from|am recovering from|struggle with|live with|am living with|am being treated for|caught|got) (?:a |an |type [12] |chronic |mild |severe |bad )?(?:[\w'-]+ ){0,2}(?:diabetes|asthma|adhd|add|autism|depression|anxiety|cancer|migraines?|arthritis|epilepsy|crohn's|ibs|hypertension|high blood pressure|covid|covid-19|flu|cold|injury|condition|disorder|disease|syndrome|insomnia|ptsd|ocd|bipolar|dyslexia|tinnitus|back pain|concussion|infection|fever|surgery|operation|fracture|broken \w+)\b/i,
    kind: 'health',
    confidence: 0.85,
  },
  {
    re: /^I am (?:\w+ )?(?:pregnant|diabetic|asthmatic|autistic|deaf|blind|disabled|colorblind|colourblind|in recovery|sober|immunocompromised|on medication|on antidepressants|on insulin)\b|^I (?:broke|sprained|injured|hurt|tore) my\b|^I take \w+ (?:for|daily|every)|^I (?:am|have been) (?:seeing|going to) (?:a )?(?:therapist|doctor|physio|physical therapist|psychiatrist|counsel+or)\b|^my (?:doctor|therapist|blood pressure|cholesterol|blood sugar)\b/i,
    kind: 'health',
    confidence: 0.8,
  },
  // relationships
  {
    re: /^I am (?:happily |recently |newly )?(?:married|single|divorced|engaged|widowed|separated|in a relationship|dating|seeing someone|a (?:single|divorced) (?:mom|dad|mother|father|parent))\b|^I (?:got|just got) (?:married|engaged|divorced)\b|^(?:I|we) broke up\b/i,
    kind: 'relationship',
    slot: 'relationship_status',
    confidence: 0.9,
  },
  {
    re: /^my (?:wife|husband|partner|boyfriend|girlfriend|fianc[eé]e?|spouse)(?:'s name)? (?:is called|is named|is) [A-Z][\w-]+\s*$|^I am married to [A-Z]|^I am (?:dating|seeing) [A-Z]/,
    kind: 'relationship',
    slot: 'partner',
    confidence: 0.9,
  },
  // pets
  {
    re: new RegExp(
      `^(?:I|we) (?:\\w+ly )?(?:have|has|own|adopted|got|am adopting|are adopting|am getting|are getting|rescued|took in|lost|had to put down|fostered|am fostering|are fostering)\\b.*\\b(?:${PETS})\\b|^(?:my|our) (?:\\w+ )?(?:${PETS})\\b`,
      'i',
    ),
    kind: 'fact',
    confidence: 0.8,
  },
  {
    re: /^(?:I|we) have (?:a |an |one |two |three |four |five |six |\d+ )?(?:\w+ )?(?:kids?|children|child|sons?|daughters?|twins|brothers?|sisters?|siblings?|grandchildren|grandkids|grandsons?|granddaughters?|stepsons?|stepdaughters?|baby|babies)\b|^I am (?:a |an )?(?:only child|mom|mother|dad|father|parent|grandmother|grandfather|grandparent|twin|stepmom|stepdad)\b/i,
    kind: 'relationship',
    confidence: 0.85,
  },
  {
    re: /^(?:my|our) (?:mom|mum|mother|dad|father|parents|sister|sisters|brother|brothers|sibling|siblings|son|sons|daughter|daughters|kid|kids|children|child|wife|husband|partner|boyfriend|girlfriend|grandma|grandmother|grandpa|grandfather|grandparents|aunt|uncle|cousin|cousins|niece|nephew|friend|friends|best friend|bff|roommate|flatmate|boss|manager|colleague|colleagues|coworker|coworkers|co-worker|family|in-laws|mother-in-law|father-in-law|fianc[eé]e?|stepmom|stepdad|stepmother|stepfather|twin|baby|neighbor|neighbour|neighbors|neighbours|spouse|ex|ex-wife|ex-husband|mentor|team|teammates?)\b/i,
    kind: 'relationship',
    confidence: 0.75,
  },
  // work
  {
    re: /^I (?:\w+ly )?(?:work|am working|have worked|have been working|am employed|am an? [\w -]{1,30}) (?:at|for)\s+(?:[A-Z]|a |an |the )/,
    kind: 'work',
    slot: 'employer',
    confidence: 0.85,
  },
  {
    re: /^I (?:got|accepted|landed|started|start|am starting|began) (?:a |my |the )?(?:new )?(?:job|position|role|internship|gig)\b|^I (?:joined|was hired by|got hired at|got hired by)\s+[A-Z]|^I (?:quit|left|lost) my (?:job|position|role)\b|^I (?:got|was) (?:fired|laid off)\b|^I am (?:unemployed|retired|between jobs|job hunting|looking for (?:a )?(?:new )?(?:job|work))\b|^I (?:retired|resigned)\b/i,
    kind: 'work',
    slot: 'employer',
    confidence: 0.85,
  },
  {
    re: new RegExp(
      `^I (?:\\w+ly )?(?:work as|am working as|am employed as|am an?|have been an?|became an?|was promoted to|got promoted to|am the|am now an?) (?:[\\w-]+ ){0,3}(?:${JOBS})s?\\b|^my (?:job|role|position|title|profession|occupation) is\\b|^I am (?:studying|a student|in (?:college|university|grad school|high school))\\b|^I (?:study|teach|major in|majored in)\\b|^I (?:graduated|am graduating) (?:from|in|with)\\b`,
      'i',
    ),
    kind: 'work',
    slot: 'job',
    confidence: 0.85,
  },
  {
    re: /^I (?:\w+ly )?(?:run|own|founded|co-founded|started|am starting|launched|am launching) (?:a |an |my own |my |our )?(?:\w+ )?(?:company|business|startup|shop|store|bakery|restaurant|agency|studio|nonprofit|non-profit|charity|podcast|blog|channel|newsletter|website|app|band)\b/i,
    kind: 'work',
    confidence: 0.8,
  },
  {
    re: /^(?:I|we) (?:am|are) (?:\w+ly )?(?:building|developing|making|creating|writing|designing|working on|launching|prototyping|training|fine-tuning|researching|maintaining)\b|^(?:my|our) (?:project|side project|app|startup|thesis|dissertation|book|novel|company|business|website|blog|podcast|channel|newsletter|game|library|repo|paper|research|team|product)\b/i,
    kind: 'work',
    confidence: 0.7,
  },
  // preferences
  {
    re: /^my (?:absolute |all-time )?favou?rite ([\w-]+(?: [\w-]+)?) (?:is|are|was|has to be|would be)\b/i,
    kind: 'preference',
    confidence: 0.85,
  },
  {
    re: /^(?:I|we) (?:\w+ly |just |also |kind of |kinda |sort of |still |do not |don't |never |really do not |really don't )?(?:like|love|enjoy|adore|prefer|hate|dislike|detest|loathe|despise|fancy|am (?:a )?(?:big |huge )?fan of|am into|am obsessed with|am passionate about|am crazy about|am addicted to|can't stand|cannot stand|am not a fan of|can't get enough of|have a soft spot for|have a thing for|am allergic)\b/i,
    kind: 'preference',
    confidence: 0.75,
  },
  {
    re: /^I (?:always|usually|often|never|rarely|sometimes|normally|typically|generally|regularly) \w+/i,
    kind: 'preference',
    confidence: 0.65,
  },
  // decisions
  {
    re: /^(?:I|we) (?:have |had |finally |just )*(?:decided|chose|opted|settled on|went with|am going with|are going with|picked|made the decision|committed)\b/i,
    kind: 'fact',
    confidence: 0.75,
  },
  // plans
  {
    re: /^(?:I|we) (?:\w+ly )?(?:will|am going to|are going to|plan to|am planning|are planning|intend to|am about to|am scheduled to|have (?:a|an|my) [\w ]{0,30}(?:appointment|interview|exam|meeting|flight|deadline|surgery|presentation|recital|trip|wedding|party|concert|game|match|race))\b|\b(?:deadline|due (?:on|by|date|next|this|tomorrow))\b/i,
    kind: 'plan',
    confidence: 0.75,
  },
  {
    re: /^(?:I|we) (?:\w+ly )?(?:hope to|want to|would love to|am hoping to|are hoping to|am thinking of|am thinking about|are thinking of|am considering|are considering|need to|have to|must|am trying to|are trying to|aim to|am aiming to|dream of|am saving (?:up )?for)\b/i,
    kind: 'plan',
    confidence: 0.55,
  },
];

function classify(
  c: string,
  tense: Tense,
  hasDate: boolean,
  dateAhead = false,
): { kind: MemoryKind; slot?: string; confidence: number } {
  const base = classifyRules(c, tense, hasDate);
  // "My exam is next Tuesday": a generic statement about a coming date is a plan.
  if (
    dateAhead &&
    !base.slot &&
    (base.kind === 'fact' || base.kind === 'event' || base.kind === 'work')
  )
    return { kind: 'plan', confidence: Math.max(base.confidence, 0.75) };
  return base;
}

function classifyRules(
  c: string,
  tense: Tense,
  hasDate: boolean,
): { kind: MemoryKind; slot?: string; confidence: number } {
  if (
    /^I am (?:a |an )?(?:proud )?[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?(?: citizen| national)?$/.test(c) &&
    nlp(c).has('#Demonym')
  )
    return { kind: 'identity', slot: 'nationality', confidence: 0.85 };
  if (/^I am [A-Z][a-z]+(?: [A-Z][a-z]+)?$/.test(c) && nlp(c).has('^i am #Person+$'))
    return { kind: 'identity', slot: 'name', confidence: 0.8 };
  if (hasDate && /\b(?:due|deadline)\b/i.test(c)) return { kind: 'plan', confidence: 0.8 };
  for (const r of RULES) {
    if (!r.re.test(c)) continue;
    let slot = r.slot;
    if (r.kind === 'preference') {
      const fav =
        /^my (?:absolute |all-time )?favou?rite ([\w-]+(?: [\w-]+)?) (?:is|are|was|has to be|would be)\b/i.exec(
          c,
        );
      if (fav?.[1]) slot = `favorite_${fav[1].toLowerCase().replace(/\s+/g, '_')}`;
    }
    // "I have a dog" is a fact; "we are adopting a puppy next Friday" is a plan.
    if ((r.kind === 'fact' || r.kind === 'relationship') && !slot && tense === 'future' && hasDate)
      return { kind: 'plan', confidence: 0.75 };
    return slot
      ? { kind: r.kind, slot, confidence: r.confidence }
      : { kind: r.kind, confidence: r.confidence };
  }
  if (tense === 'future') return { kind: 'plan', confidence: hasDate ? 0.75 : 0.6 };
  if (tense === 'past') return { kind: 'event', confidence: hasDate ? 0.75 : 0.65 };
  return { kind: 'fact', confidence: 0.55 };
}

function clauseTense(c: string, doc: ReturnType<typeof nlp>): Tense {
  if (
    /^(?:I|we|my [\w ]{1,30}?|our [\w ]{1,30}?) (?:\w+ly )?(?:will|am going to|are going to|is going to|plan to|am planning to|are planning to|intend to|am about to)\b/i.test(
      c,
    )
  )
    return 'future';
  const gerundWithDate =
    /^(?:I am|we are|my [\w ]{1,30}? (?:is|are)) \w+ing\b/i.test(c) &&
    /\b(?:tomorrow|next|this (?:week|weekend|month|year|summer|winter|spring|fall|autumn|friday|saturday|sunday|monday|tuesday|wednesday|thursday)|tonight|in \w+ (?:days?|weeks?|months?)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i.test(
      c,
    );
  if (gerundWithDate) return 'future';
  if (
    /\b(?:yesterday|ago|last (?:week|weekend|month|year|night|summer|winter|spring|fall|autumn|monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i.test(
      c,
    )
  )
    return 'past';
  if (
    /^(?:I|we|my [\w ]{1,30}?|our [\w ]{1,30}?) (?:\w+ly )?(?:have|has) (?:\w+ly )?(?:been|\w+ed|\w+en|done|gone|made|seen|got|gotten|taken|met|had|found|run|begun|won|lost|bought|read|sung|built|taught|caught|brought|left|felt|kept)\b/i.test(
      c,
    )
  )
    return 'past';
  const verbs = doc.verbs().json() as { verb?: { grammar?: { tense?: string } } }[];
  const first = verbs[0]?.verb?.grammar?.tense;
  if (first === 'PastTense') return 'past';
  if (first === 'FutureTense') return 'future';
  return 'present';
}

// ---------------------------------------------------------------------------------------
// Rewriting to the third person

const ADVERB_WORDS = new Set(
  'also really just still usually always never often sometimes recently finally actually only already totally absolutely definitely currently mostly mainly generally normally typically regularly rarely seldom honestly literally basically simply even now then kinda truly genuinely frequently occasionally constantly'.split(
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
function thirdPerson(verb: string): string {
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
function userAsSubject(c: string): { clause: string; companion: string } {
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
 * Rewrite a cleaned first-person clause about the user in the third person.
 * `date` is replaced by its absolute phrase.
 */
function rewrite(
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
  if (date) {
    const idx = body.toLowerCase().indexOf(date.match.toLowerCase());
    if (idx >= 0) {
      const dateAtEnd = idx + date.match.length >= body.length - 1;
      const before = body.slice(0, idx);
      const keepPrep = /\b(?:by|until|till|before|after|since|from|through)\s+$/i.test(before);
      let replacement = keepPrep ? date.text : date.phrase;
      if (!keepPrep && /\bin\s+$/i.test(before) && /^in /.test(replacement))
        replacement = replacement.slice(3);
      body = `${before}${replacement}${body.slice(idx + date.match.length)}`;
      if (companion && dateAtEnd) {
        // put "with their kids" before a trailing date phrase
        const at = body.lastIndexOf(replacement);
        body = `${body.slice(0, at).trimEnd()}${companion} ${body.slice(at)}`;
        companion = '';
      }
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

// ---------------------------------------------------------------------------------------
// Entities

const NOT_ENTITIES = new Set(['I', 'OK', 'AM', 'PM', 'TV', 'LOL', 'OMG', 'BTW', 'FYI', 'ASAP']);

function entitiesOf(
  clause: string,
  doc: ReturnType<typeof nlp>,
  userName: string | undefined,
): string[] {
  const found = new Set<string>();
  const add = (s: string) => {
    const t = s
      .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.+#]+$/gu, '')
      .replace(/\.$/, '')
      .replace(
        /^(?:(?:my|our|the|a|an|sister|brother|mom|dad|wife|husband|friend|son|daughter|partner|boss|dr|mr|mrs|ms)\s+)+/i,
        '',
      )
      .trim();
    if (!t || t.length < 2 || NOT_ENTITIES.has(t)) return;
    if (userName && t.toLowerCase() === userName.toLowerCase()) return;
    if (!/^[\p{Lu}\d]/u.test(t)) return;
    found.add(t);
  };
  for (const s of doc.people().out('array') as string[]) add(s);
  for (const s of doc.places().out('array') as string[]) add(s);
  for (const s of doc.organizations().out('array') as string[]) add(s);
  // Proper nouns and acronyms compromise did not classify (tools, pet names, products).
  const terms = doc.terms().json() as { text: string; terms: { text: string; tags: string[] }[] }[];
  // Runs of capitalised words ("VS Code", "Appalachian Trail") make one entity.
  let run: string[] = [];
  const flush = () => {
    if (run.length) add(run.join(' '));
    run = [];
  };
  terms.forEach((t, i) => {
    const term = t.terms[0];
    if (!term) return flush();
    const tags = term.tags;
    const isProper = tags.includes('ProperNoun') || tags.includes('Acronym');
    const capitalized = i > 0 && /^[A-Z][\w.+#-]*[A-Za-z0-9+#]/.test(term.text);
    const skip =
      tags.includes('Date') ||
      tags.includes('Pronoun') ||
      tags.includes('Month') ||
      tags.includes('WeekDay');
    if ((isProper || capitalized) && !skip) {
      run.push(term.text.replace(/[,.;:!?]+$/, ''));
      if (/[,.;:!?]$/.test(term.text)) flush();
    } else flush();
  });
  flush();
  for (const m of clause.matchAll(/\b(?:named|called)\s+([A-Z][\w-]+)/g)) if (m[1]) add(m[1]);
  // Drop parts of longer entities ("Anna" inside "Anna Smith" stays; "New" inside "New York" goes).
  const list = [...found];
  return list.filter((e) => !list.some((o) => o !== e && ` ${o} `.includes(` ${e} `)));
}

// ---------------------------------------------------------------------------------------
// Assistant turns

/** "You mentioned you're vegetarian" → "I'm vegetarian". Other assistant sentences: none. */
function fromAssistant(sentence: string): string | null {
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

// ---------------------------------------------------------------------------------------

export class RuleExtractor implements Extractor {
  readonly id = 'rules-v1';
  private readonly assistantTurns: boolean;

  constructor(options: RuleExtractorOptions = {}) {
    this.assistantTurns = options.assistantTurns ?? false;
  }

  async extract(input: ExtractionInput, signal?: AbortSignal): Promise<ExtractionResult> {
    return { candidates: this.extractSync(input, signal) };
  }

  /** The same as `extract`, synchronously (for benchmarks and other extractors). */
  extractSync(input: ExtractionInput, signal?: AbortSignal): Candidate[] {
    const { turn } = input;
    const isAssistant = turn.role === 'assistant';
    if (isAssistant && !this.assistantTurns) return [];
    const name = input.userName?.trim() || 'User';

    let text = stripMemoryBlock(turn.text ?? '');
    if (text.length > MAX_CHARS) {
      // Cut at the last sentence end before the cap, so no half-sentence is read.
      const cut = text.slice(0, MAX_CHARS);
      const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('\n'), cut.lastIndexOf('! '));
      text = end > MAX_CHARS / 2 ? cut.slice(0, end + 1) : cut;
    }
    text = redactSecrets(text).text;
    text = dropCodeAndQuotes(normalizeApostrophes(text));

    const candidates: Candidate[] = [];
    const seen = new Set<string>();
    // Only lines with a first-person word can hold a statement about the user; skipping the
    // rest keeps compromise's work proportional to what matters.
    const lines = text.split('\n').filter((l) => (isAssistant ? /\byou\b/i : FIRST_PERSON).test(l));
    const budget = { clauses: MAX_CLAUSES };
    for (const sentence of splitSentences(lines.join('\n'))) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      if (candidates.length >= MAX_CANDIDATES || budget.clauses <= 0) break;
      let source = sentence;
      if (isAssistant) {
        const converted = fromAssistant(sentence);
        if (!converted) continue;
        source = converted;
      } else if (!FIRST_PERSON.test(sentence)) continue;
      for (const rawClause of splitClauses(source)) {
        const cand = this.clauseToCandidate(rawClause, sentence, name, input, budget);
        if (!cand) continue;
        if (isAssistant) cand.confidence = Math.round(cand.confidence * 0.6 * 100) / 100;
        const key = cand.text.toLowerCase();
        if (seen.has(key)) continue;
        seen.add(key);
        candidates.push(cand);
      }
    }
    return candidates;
  }

  private clauseToCandidate(
    rawClause: string,
    sentence: string,
    name: string,
    input: ExtractionInput,
    budget: { clauses: number },
  ): Candidate | null {
    let c = clean(rawClause);
    c = moveLeadingTime(c);
    c = c.replace(TRAILING_CONTINUATION, '').trim();
    c = clean(c);
    if (reject(c, sentence.endsWith('?') ? sentence : rawClause)) return null;
    if (c.includes('"…"')) return null; // reports someone else's words
    if (budget.clauses-- <= 0) return null;
    const subj = userAsSubject(c);
    c = subj.clause;
    const doc = nlp(c);
    const tense = clauseTense(c, doc);
    const date = DATE_HINT.test(c) ? resolveDate(c, input.turn.observedAt, { tense }) : null;
    const dateAhead =
      date !== null && date.at > Math.floor(input.turn.observedAt / 86_400_000) * 86_400_000;
    const { kind, slot, confidence } = classify(c, tense, date !== null, dateAhead);
    const negative = /\b(?:not|never|n't|no longer)\b/i.test(c);
    let conf = confidence;
    if (negative && kind !== 'health' && kind !== 'preference') conf -= 0.15;
    const out = rewrite(c, name, date, subj.companion, tense);
    if (hasRedaction(out.text) || out.text.length < 8) return null;
    // A statement with only a subject and a verb ("User is.") is not a fact.
    if (out.text.split(/\s+/).length < 3) return null;
    const cand: Candidate = {
      text: out.text,
      kind,
      entities: entitiesOf(c, doc, name === 'User' ? undefined : name),
      confidence: Math.max(0.1, Math.min(1, Math.round(conf * 100) / 100)),
    };
    if (slot) cand.slot = slot;
    if (
      date &&
      (kind === 'plan' ||
        kind === 'event' ||
        kind === 'fact' ||
        kind === 'work' ||
        kind === 'health' ||
        kind === 'relationship')
    )
      cand.eventAt = date.at;
    return cand;
  }
}
