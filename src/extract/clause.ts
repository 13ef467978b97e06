/**
 * One clause, cleaned (greetings, hedges and leading time phrases moved or dropped) and judged:
 * is it a statement about the user, or a question, request, hypothetical, small talk?
 */
import nlp from 'compromise';
import { DIETS } from './lexicon';
import { JOBS } from './tables';
import type { Tense } from './dates';
import { hasRedaction } from './redact';
import { expand, FIRST_PERSON, normalizeApostrophes, verbsJson } from './text';

/** Clauses longer than this are run-on pastes, not statements. */
const MAX_CLAUSE_CHARS = 400;

const LEADING_NOISE =
  /^(?:(?:hey|hi|hello|oh|ah|aw|well|so|sorry|typo|oops|whoops|my bad|correction|wait|yeah|yes|yep|yup|no(?! more\b)|nope|ok|okay|also|actually|anyway|anyways|btw|by the way|honestly|lol|haha|hahaha|omg|wow|guess what|fun fact|fyi|plus|and|but|um|uh|hmm|thanks|thank you|sure|right|true|totally|definitely|absolutely|cool|nice|awesome|great|good news|update|for context|context|just so you know|just fyi|side note|in fact|speaking of which|as for me|for me|personally|basically|btw)\b[,!.:;—–-]*\s+)+/i;
const VOCATIVE = /^(?:hey|hi|hello|yo|dear)\s+[A-Z][\w-]*[,!.:]?\s+/;
const MEMORY_REQUEST =
  /^(?:please\s+)?(?:remember|note|keep in mind|don't forget|do not forget|bear in mind)(?: that)?[,:]?\s+(?=(?:I|I'm|I've|my|we|our)\b)/i;
const HEDGE =
  /^I (?:think|guess|believe|feel like|suppose|reckon|just wanted to (?:say|let you know|tell you|share)|wanted to (?:say|let you know|tell you|share)|should mention|forgot to mention|have to say|must say)(?: that)?[,:]?\s+(?=(?:I|I'm|I've|my|we|our)\b)/i;
const LEADING_ADVERB =
  /^(?:just|also|recently|finally|currently|lately|now|then|today|yesterday|tomorrow|tonight|these days|nowadays|anyway|actually|really|still|already|last \w+|next \w+|this \w+|on \w+day|in \w+|since (?!(?:I|we|my|our|you|he|she|they|it)\b)(?:last )?\w+(?: \d{4})?|as of \w+|over the weekend|a (?:few|couple of) \w+ ago|\w+ (?:days|weeks|months|years) ago)\s*,?\s+(?=(?:I|I'm|I've|I'll|we|we're|my|our)\b)/i;
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
  /\b(?:if|unless|whether|suppose|supposing|imagine|imagining|hypothetically|what if|in case|assuming|as if|even though|pretend|let's say|say that|in theory|daydream(?:ing)?|fantasi[sz]e|in an alternate)\b/i;
const MODAL_AFTER_SUBJECT =
  /^(?:I|we|my [\w ]{1,30}?|our [\w ]{1,30}?)\s+(?:\w+ly\s+)?(?:would|could|should|might|(?<!\b(?:in|on|of|since|until|till|by|from|early|late|mid|next|last|this|every)\s)may|must|wish|'d|ought)\b|^I'd\b|^we'd\b/i;
/** Small talk and reactions: true but not worth remembering. */
const SMALL_TALK =
  /^I (?:am |was )?(?:so |really |very |just |totally |pretty |quite |a bit |a little |super )*(?:know|see|understand|agree|disagree|mean|meant|guess|hope|wonder|bet|appreciate|think|feel|felt|believe|suppose|assume|get it|got it|love that|love it|love this|like that|like it|like this|like your|love your|can't believe|cannot believe|can't wait|cannot wait|am sure|am not sure|am unsure|am glad|am sorry|am happy to|am curious|am confused|am stuck|am back|am here|am ready|am done|am fine|am good|am okay|am ok|am great|am tired|am bored|am excited|am thrilled|am grateful|am thankful|am impressed|am amazed|am interested|am wondering|am thinking|am trying to understand|am lost|am not sure|agree with|remember (?:that|when|you)|forgot|mean it|hear you|feel you|totally get)\b/i;
const STATE_ADJ =
  /^(?:I|we) (?:am|are|was|were|feel|felt) (?:so |really |very |just |totally |pretty |quite |super |a bit |a little |kind of |kinda |also |still )*(?:tired|happy|excited|glad|sorry|sure|good|fine|great|okay|ok|busy|curious|confused|stuck|back|here|ready|done|bored|nervous|stressed|worried|thrilled|grateful|thankful|proud|sad|upset|lucky|impressed|interested|amazed|blessed|overwhelmed|exhausted|relieved|right|wrong|not sure|unsure|afraid|scared|hungry|sleepy|sick of|fed up|annoyed|frustrated|inspired|touched|moved|speechless|honored|honoured|pumped|stoked|psyched|delighted|pleased|fascinated|curious|aware|certain|positive|convinced)\b/i;
/** A feeling that says something ("I'm lucky to have my husband", "proud of my kids"). */
const STATE_WITH_CONTENT =
  /^(?:I|we) (?:am|are|was|were|feel|felt) (?:\w+ ){0,3}?(?:lucky|blessed|grateful|thankful|proud|excited|thrilled|happy|glad|passionate|nervous|worried|interested|stoked|pumped) (?:to (?!(?:hear|help you|see you|know|say|chat|talk)\b)\w+|for (?:my|having|being|our|all the)|of my|about (?:my|our|the|getting|starting|going)|with my)\b/i;

/** Who a clause that opens with a pronoun or a greeting is about: not the user. */
const OTHER_START =
  /^(?:it|it's|its|that|that's|this|these|those|there|there's|here|here's|you|you're|your|yours|he|she|they|they're|his|her|their|them|what|which|who|how|why|when|where|thanks|thank|congrats|congratulations|wow|sounds|glad|good|great|awesome|nice|hope|hey|hi|hello|yes|yeah|no|sure|ok|okay|lol|haha|omg|everyone|everybody|someone|somebody|nobody|people|all|both|each|one)\b/i;

/** "It taught me self-acceptance": what something did for the user. */
const TAUGHT_ME =
  /^(?:it|this|that) (?:has |really |also )*(?:taught|helped|made|showed|shown|reminds|reminded|gave|gives|inspired|motivated|pushed|encouraged) me\b/i;

/**
 * "Painting's a fun way to express my feelings", "Family time matters to me": a statement
 * about the user in object position, with a noun for its subject.
 */
function aboutSelfAsObject(c: string): boolean {
  return (
    /\b(?:me|my|myself)\b/i.test(c) &&
    (!OTHER_START.test(c) || TAUGHT_ME.test(c)) &&
    /^[A-Za-z][\w'-]*(?: [\w'-]+){3,}/.test(c) &&
    !/\b(?:you|your)\b/i.test(c)
  );
}

/** Conversation about the conversation: "my question is", "my code throws". */
const META_SUBJECT =
  /^my (?:question|questions|point|answer|prompt|request|code|function|script|query|output|input|error|bug|test|tests|class|component|loop|variable|array|string|file|files|text|paragraph|essay|draft|sentence|example|problem|issue|concern|understanding|guess|bad|apologies|pleasure|thoughts|opinion|take|idea|plan is to ask|message|reply|response|last message|previous message)\b/i;

export const TRAILING_CONTINUATION =
  /,?\s+(?:haha|lol|lmao)\b.*$|,?\s+(?:actually|tbh|honestly|though|atm|rn)[.!]*\s*$|\s*[:;]-?[)(DP]\s*$|\s*(?:!+|\.\.\.+)\s*$/i;

/** A short label before a colon: "Big news:", "Life update:", "Quick context for you:". */
const LABEL = /^(?:[A-Za-z']+\s+){0,3}[A-Za-z']+\s*:\s+(?=\S)/;
/** Labels that only open a message ("Big news:", "Quick question:"), naming no subject. */
const OPENER =
  /^(?:(?:big|good|bad|some|quick|small|random|latest|life|general|important|exciting|sad|fun)\s+)?(?:news|question|update|context|background|note|reminder|fyi|ps|btw|edit|correction|request|q|tldr|tl;dr|hi|hey|hello|ok|okay|so|also|actually|wait|thanks|lol|haha|heads up|confession|rant|vent|story|thought|idea|problem|issue|help|task|goal|summary|answer|prompt|example|anyway)$/i;

/**
 * The subject a message's label names ("kitchen reno update: we're going with…" → "kitchen
 * reno update", "new thesis: flood-risk mapping…" → "new thesis"): what the statement after
 * it is about. Undefined for an opener ("Big news:") or no label.
 */
export function topicLabel(sentence: string): { label: string; rest: string } | undefined {
  const m = LABEL.exec(sentence.trim());
  if (!m) return undefined;
  const label = m[0].replace(/\s*:\s*$/, '').trim();
  if (OPENER.test(label) || /^(?:I|we|my|our|you)\b/i.test(label)) return undefined;
  return { label, rest: sentence.trim().slice(m[0].length) };
}
/** A leading cause or time: "Since my knee injury I hate running", "After the move, I…". */
const LEADING_SUBORDINATE =
  /^(?:ever since|since|after|because of|thanks to|due to|following|with|now that|as of) (?:my|the|our|a|an|this|that|last|\w+) [\w' -]{1,40}?(?<!\b(?:can|could|should|would|will|do|does|did|may|might|must|shall|am|is|are))(?:,\s*|\s+)(?=(?:I|we)\b)/i;

export function clean(clause: string): string {
  // "my husband he is allergic to nuts": the pronoun that repeats the subject goes.
  let c = normalizeApostrophes(clause)
    .trim()
    .replace(
      /^((?:my|our) [\w'-]+(?: [\w'-]+)?) (?:he|she|they|it) (?=(?:is|are|was|has|have|does|works|lives|likes|loves|hates|can't|cannot|doesn't|don't)\b)/i,
      '$1 ',
    );
  for (let i = 0; i < 4; i++) {
    const before = c;
    c = c.replace(VOCATIVE, '').replace(LEADING_NOISE, '').replace(MEMORY_REQUEST, '').trim();
    c = c.replace(LABEL, '').replace(LEADING_SUBORDINATE, '').trim();
    // An aside in brackets is still the user's words: "(we're in Cardiff, just curious)".
    c = c.replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
    c = expand(c);
    c = c.replace(HEDGE, '').trim();
    if (c === before) break;
  }
  // "I've since started seeing Renata": the adverb between the auxiliary and its verb.
  return c
    .replace(/\b(have|has|had) since (?=\w+(?:ed|en)\b)/i, '$1 ')
    .replace(/[.!…]+$/, '')
    .trim();
}

/** Move a leading time phrase to the end ("Last week, I went…" → "I went… last week"). */
export function moveLeadingTime(c: string): string {
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

export function reject(c: string, original: string): Rejection {
  if (c.length < 4 || c.length > MAX_CLAUSE_CHARS) return 'length';
  if (/\?\s*$/.test(original) || /\?\s*$/.test(c)) return 'question';
  if (QUESTION_START.test(c)) return 'question';
  if (REQUEST_START.test(c)) return 'request';
  if (REQUEST_FIRST_PERSON.test(c)) return 'request';
  if (HYPOTHETICAL.test(c)) return 'hypothetical';
  if (MODAL_AFTER_SUBJECT.test(c)) return 'hypothetical';
  if (!SUBJECT.test(c) && !aboutSelfAsObject(c)) return 'not-about-user';
  if (META_SUBJECT.test(c)) return 'meta';
  if (SMALL_TALK.test(c)) return 'small-talk';
  if (STATE_ADJ.test(c) && !STATE_WITH_CONTENT.test(c)) return 'small-talk';
  if (hasRedaction(c)) return 'secret';
  return null;
}

export function clauseTense(c: string, doc: ReturnType<typeof nlp>): Tense {
  if (
    /^(?:I|we|my [\w ]{1,30}?|our [\w ]{1,30}?) (?:\w+ly )?(?:will|am going to|are going to|is going to|plan to|am planning to|are planning to|intend to|am about to)\b/i.test(
      c,
    )
  )
    return 'future';
  // "I've got an interview on Monday": having an event ahead is a plan, not a past act.
  if (
    /^(?:I|we) (?:have |had )?got (?:a|an|my|our|the) [\w' -]{0,30}?(?:appointment|interview|exam|meeting|flight|deadline|surgery|operation|presentation|recital|trip|wedding|party|concert|game|match|race|date|test|scan|viewing|call|audition|hearing|shift|holiday|vacation)\b/i.test(
      c,
    ) &&
    !/\b(?:yesterday|ago|last)\b/i.test(c)
  )
    return 'future';
  // "booked 5 days in Lucerne for the end of August": a booking is for a time ahead.
  if (
    /^(?:I|we) (?:have |had )?(?:just |finally |already )?(?:booked|reserved|scheduled|arranged|signed up for|registered for|entered|bought tickets for|got tickets for)\b/i.test(
      c,
    ) &&
    !/\b(?:yesterday|ago|last)\b/i.test(c)
  )
    return 'future';
  const progressive = /^(?:I am|we are|my [\w ]{1,30}? (?:is|are)) \w+ing\b/i.test(c);
  // "I'm getting married on June 20": a progressive with a calendar date is a plan.
  if (
    progressive &&
    !/\b(?:yesterday|ago|last)\b/i.test(c) &&
    /\b(?:on|in|by|this|next|until) (?:the \d|\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)/i.test(
      c,
    )
  )
    return 'future';
  const gerundWithDate =
    progressive &&
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
  const verbs = verbsJson(doc) as { verb?: { grammar?: { tense?: string } } }[];
  const first = verbs[0]?.verb?.grammar?.tense;
  if (first === 'PastTense') return 'past';
  if (first === 'FutureTense') return 'future';
  return 'present';
}

const WH =
  /(?:what|which|how|where|when|who|why|can|could|should|would|is|are|do|does|any|will|anything|is there|are there)\b/;

/**
 * The statement a question carries: "Since I'm lactose intolerant, which cheeses are safe?" →
 * "I'm lactose intolerant"; "I have two kids under 5, what car should we get?" → "I have two
 * kids under 5". Null when the question states nothing about the user.
 */
/**
 * "since my diet is kosher can I eat at…": a question typed without its comma or question
 * mark, after the statement it is built on.
 */
export const QUESTION_AFTER_LEAD =
  /^(?:since|as|because|given that|now that|seeing as)\s+((?:I|I'm|I've|I am|I have|we|we're|my|our)\b.{3,200}?)\s+(?:(?:what|(?<!,\s)which|how|where|when|why)\b|(?:can|could|should|would|will|do|does|is|are)\s+(?:I|we|you|it|there|they)\b)/i;

export function statementInQuestion(sentence: string): string | null {
  const s = sentence.trim();
  const lead =
    /^(?:since|as|because|given that|now that|considering(?: that)?|seeing as|being that)\s+((?:I|I'm|I've|I am|I have|we|we're|we've|my|our)\b[^,?]{3,200}),\s*(.+)\?\s*$/i.exec(
      s,
    );
  if (lead?.[1]) return lead[1];
  const bare = QUESTION_AFTER_LEAD.exec(s);
  if (bare?.[1]) return bare[1];
  const head = new RegExp(
    `^((?:I|I'm|I've|I am|I have|my|we|we're|our)\\b[^,?;]{3,200})(?:,|;|\\s+[-–—]\\s+)\\s*(?:so\\s+|and\\s+|but\\s+)?${WH.source}.*\\?\\s*$`,
    'i',
  ).exec(s);
  return head?.[1] ?? null;
}

/** "12 hour shifts as a vet nurse", "my job as a teacher": the user's work. */
const WORK_AS = new RegExp(
  `\\b(?:[Mm]y (?:job|work|role|career|years|time|shifts?|days?) as|[Ss]hifts as) ([Aa]n?) ((?:[\\w-]+ ){0,2}(?:${JOBS}))\\b(?: (?:at|for|with) ((?:the )?\\p{Lu}[\\p{L}\\p{N}&'.-]*(?: \\p{Lu}[\\p{L}\\p{N}&'.-]*)*))?`,
  'u',
);
/** "I'm a nurse in Leeds": where the user works is, as far as anyone can tell, home. */
const BASED_IN = new RegExp(
  `^I am (?:a|an) (?:[\\w-]+ ){0,3}(?:${JOBS}) (?:in|based in|out of) (\\p{Lu}[\\p{L}\\p{N}'.-]*(?: \\p{Lu}[\\p{L}\\p{N}'.-]*)*)`,
  'u',
);

/**
 * A statement about the user carried by a sentence's opening phrase, not by its clauses:
 * "as a nurse, what…" / "being a lefty, should I…" → "I am a nurse"; "as someone who's
 * colourblind, which…" → "I am colourblind"; "since the move to Leeds my sleep…" → "I moved
 * to Leeds". Null when the sentence opens with none of these.
 */
export function impliedStatement(sentence: string): string | null {
  const s = sentence.trim();
  const stay = ARRIVED_FOR.exec(s) ?? HOME_SIGN.exec(s);
  if (stay) return `I live in ${stay.slice(1).find((g) => g)}`;
  const role =
    /^(?:as|being) (a|an) ((?:[\w'-]+ ){0,6}?[\w'-]+?)(?:,|\s+[-–—]\s+|\s+(?=(?:what|which|how|should|would|is|are|do|does|can|could|any|I|I'm|my|we)\b))/i.exec(
      s,
    );
  if (
    role &&
    !/\b(?:result|matter|rule|whole|reminder|example|side note|aside|joke|favou?r|treat|bonus|gift|kid|child|teenager)\b/i.test(
      role[2]!,
    )
  )
    return `I am ${role[1]!.toLowerCase()} ${role[2]}`;
  // "been seeing someone new, his name is Tomás": the name said after.
  const dating =
    /\b(?:seeing|dating) (?:someone|somebody|a (?:guy|girl|man|woman))(?: new)?\b[^.;!?]{0,30}?\b(?:his|her|their) name(?:'s| is) (\p{Lu}[\p{L}'-]+)/u.exec(
      s,
    );
  if (dating) return `I am dating ${dating[1]}`;
  // "first year at Edinburgh uni is brutal": the school, said as the subject.
  const year =
    /^(?:[Mm]y )?([Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth|[Ff]inal|[Ll]ast) year at ((?:the )?\p{Lu}[\p{L}'.-]*(?: \p{Lu}[\p{L}'.-]*)*(?: (?:uni|university|college))?)/u.exec(
      s,
    );
  if (year) return `I am in my ${year[1]!.toLowerCase()} year at ${year[2]}`;
  // "my new partner Sam is a chef": Sam is the partner now.
  const newPartner = NEW_PARTNER.exec(s);
  if (newPartner) {
    const rel = newPartner[1]!.toLowerCase();
    const how = /^(?:wife|husband)$/.test(rel)
      ? 'married to'
      : /^fianc/.test(rel)
        ? 'engaged to'
        : 'dating';
    return `I am ${how} ${newPartner[2]}`;
  }
  // "my landlord raised the rent again": the user rents.
  if (/\b(?:my|our) (?:landlord|landlady|letting agent|tenancy|rental agreement)\b/i.test(s))
    return 'I rent my home';
  // "on call again, the joys of being a junior doctor": the role, said in passing.
  const joys = JOYS_OF_BEING.exec(s);
  if (joys) return `I am ${joys[1]!.toLowerCase()} ${joys[2]}`;
  // "walking the dog before work": the animal is the user's.
  const pet =
    /^(?:[\w]+ly )?(?:walking|walked|feeding|fed|brushing|bathing) (?:the|my|our) (dog|dogs|cat|cats|puppy|kitten|rabbit|rabbits|horse|hamster)\b/i.exec(
      s,
    );
  if (pet) return `I have a ${pet[1]!.toLowerCase().replace(/s$/, '')}`;
  // "no more dairy for me": what the user no longer has.
  const noMore = /^no more ([\w-]+(?: [\w-]+)?) for (?:me|us)\b/i.exec(s);
  if (noMore) return `I avoid ${noMore[1]}`;
  // "being vegan in japan is HARD", "being diabetic means…": what the user is, as a subject.
  const being = BEING_STATE.exec(s);
  if (being) return `I am ${being[1]!.toLowerCase()}`;
  const someone =
    /^as (?:someone|somebody|a person|one) (?:(who's|who is)|who has|with) ([^,?;]{3,60})(?:,|;|\?)/i.exec(
      s,
    );
  if (someone) return `${someone[1] ? 'I am' : 'I have'} ${someone[2]}`;
  const work = WORK_AS.exec(s);
  if (work)
    return `I work as ${work[1]!.toLowerCase()} ${work[2]}${work[3] ? ` and I work at ${work[3]}` : ''}`;
  const based = BASED_IN.exec(s.replace(/^I'm\b/, 'I am'));
  if (based) return `I live in ${based[1]}`;
  const move =
    /^(?:since|after|ever since) (?:(?:the|our|my) (?:move|relocation)|moving|relocating) (?:to|back to) (\p{Lu}[\p{L}\p{N}'.-]*(?: \p{Lu}[\p{L}\p{N}'.-]*)*)/u.exec(
      s,
    );
  if (move) return `I moved to ${move[1]}`;
  const here = ROLE_HERE.exec(s);
  if (here) {
    // "freelance translator here (FR<>EN), working from Montréal": the place goes with it.
    const from = PLACE_AFTER.exec(s.slice(here[0].length).replace(/\([^)]*\)/g, ''));
    return `I am a ${here[1]}${from ? ` and I am ${from[1]}` : ''}`;
  }
  const home = HOME_IN.exec(s) ?? HERE_IN.exec(s);
  if (home) return `I live in ${home[1] ?? home[2]}`;
  const at = JOB_AT.exec(s);
  if (at) return `I work at ${at[1] ?? capitalized(at[2]!)}`;
  const made = MADE_ROLE.exec(s);
  if (made) return `I am ${(made[1] ?? 'the').toLowerCase()} ${made[2]}`;
  return habitChange(s);
}

/** "three months smoke-free today!!", "day 60 without a cigarette": the user has quit. */
const SMOKE_FREE =
  /\b(?:smoke[- ]free|without a (?:cigarette|smoke|ciggie|cig)|(?:quit|stopped|gave up|given up|kicked) (?:smoking|cigarettes|the cigarettes|the ciggies|vaping)|(?:haven't|have not|hasn't|not) (?:smoked|had a (?:cigarette|smoke))|an ex-smoker|a non-smoker now)\b/i;
/** "been off the booze since easter", "100 days sober": the user does not drink now. */
const NOT_DRINKING =
  /\b(?:off the (?:booze|drink|alcohol|sauce)|(?:\d+|a few|two|three|six) (?:days|weeks|months|years) (?:sober|alcohol[- ]free|dry)|(?:quit|stopped|gave up|given up) (?:drinking|the booze|alcohol)|(?:a|am a|i'm a) non-?drinker|teetotal(?:ler|er)?)\b/i;
/** "6 weeks vegetarian now": a diet kept for a while is the current one. */
const DIET_FOR = new RegExp(
  `^(?:(?:\\d+|a few|two|three|four|five|six|several) (?:days|weeks|months|years) (?:in )?(?:as (?:a |an )?)?)(${DIETS})\\b`,
  'i',
);
/** "now that the car's gone", "since selling the car": the user has no car now. */
const CAR_GONE =
  /\b(?:now that|since|with) (?:the|my|our) (?:old )?(car|van|truck|motorbike)(?:'s| is| has) (?:gone|been sold|sold|dead|written off)\b|\b(?:since|after) (?:selling|scrapping) (?:the|my|our) (?:old )?(car|van|truck|motorbike)\b/i;
/** "been fully remote since march", "fully remote now": the user works from home. */
const REMOTE =
  /^(?:(?:I've |I have |we've )?been |I'm |I am |now )?(?:fully |100% |permanently )remote\b|^(?:I've |I have )?been (?:working )?(?:fully )?(?:from home|remote(?:ly)?) (?:since|for)\b/i;
/** "got two boys, 7 and 10": in chat, "got" is "have". */
const GOT_CHILDREN =
  /^(?:I've |I |we've |we )?got (a|an|one|two|three|four|five|\d) ((?:little |young |teenage )?(?:kids?|boys?|girls?|sons?|daughters?|children|twins))\b/i;
/** "severe tree nut allergy here": the chat idiom for "I have a … allergy". */
const ALLERGY_HERE =
  /^(?:(?:ugh|so|ok|well)[,!]?\s+)*((?:severe |bad |mild )?(?:[\w-]+ ){0,2}allerg(?:y|ies)) here\b/i;

/** Habits and circumstances said without the user as the subject. */
export function habitChange(s: string): string | null {
  const partner = PARTNER_SET_RIGHT.exec(s);
  if (partner && /^\p{Lu}/u.test(partner[2]!))
    return `my ${partner[1]!.toLowerCase()} is ${partner[2]}`;
  if (SMOKE_FREE.test(s)) return 'I quit smoking';
  if (NOT_DRINKING.test(s)) return 'I do not drink alcohol';
  const diet = DIET_FOR.exec(s);
  if (diet) return `I am ${diet[1]!.toLowerCase()}`;
  const car = CAR_GONE.exec(s);
  if (car) return `I sold my ${(car[1] ?? car[2])!.toLowerCase()}`;
  if (REMOTE.test(s)) return 'I work from home';
  const kids = GOT_CHILDREN.exec(s);
  if (kids) return `I have ${kids[1]!.toLowerCase()} ${kids[2]}`;
  const allergy = ALLERGY_HERE.exec(s);
  if (allergy) return `I have a ${allergy[1]!.toLowerCase()}`;
  const dwelling = DWELLING_IN.exec(s);
  if (dwelling) return `I live in ${dwelling[1]}`;
  return null;
}

/**
 * "my ex-wife and I are sorting out custody", "since the divorce…": the user's partner is in
 * the past (a statement that ends the partner), unless the sentence names a current one.
 * Read on the sentence before `clean`, which drops a leading "since…" clause.
 */
export function pastPartner(sentence: string): string | null {
  const ex =
    EX_PARTNER.exec(sentence) ??
    /\b(?:since|after) (?:the|my|our) (divorce|break-?up|split|separation)\b/i.exec(sentence);
  if (!ex || CURRENT_PARTNER.test(sentence)) return null;
  return /^(?:wife|husband|divorce)$/i.test(ex[1]!)
    ? 'I am divorced'
    : 'I have split up with my partner';
}

/** The words for the user's partner, as the partner rules here read them. */
const PARTNER_WORDS = 'partner|boyfriend|girlfriend|bf|gf|wife|husband|fianc[ée]e?';
const EX_PARTNER = new RegExp(`\\bmy ex[- ]?(${PARTNER_WORDS})\\b`, 'i');
const CURRENT_PARTNER = new RegExp(`\\bmy (?:new )?(?:${PARTNER_WORDS})\\b`, 'i');
const NEW_PARTNER = new RegExp(`\\b(?:my|our) new (${PARTNER_WORDS}) (\\p{Lu}[\\p{L}'-]+)`, 'u');
/**
 * "husband actually haha, Ahmed": the user setting right who the partner is, the relation
 * first, the name after (an assistant that assumed "wife" is answered this way).
 */
const PARTNER_SET_RIGHT = new RegExp(
  `^(?:(?:it's|its|it is|oh|no)[,!]?\\s+)*(?:my\\s+)?(${PARTNER_WORDS})[,!]?\\s+actually\\b[\\s,!.]*(?:(?:haha|lol|lmao|ha)[\\s,!.]+)*(?:(?:his|her|their) name(?:'s| is)\\s+)?(\\p{Lu}[\\p{L}'-]+)`,
  'iu',
);

/** "the joys of being a junior doctor": a job, said in passing. */
const JOYS_OF_BEING = new RegExp(
  `\\b(?:joys?|perks?|downsides?|life|reality) of being (a|an) ((?:[\\w-]+ ){0,2}?(?:${JOBS}))\\b`,
  'i',
);

/** "being vegan in japan is hard": a lasting state of the user's, named as a subject. */
const BEING_STATE =
  /^(?:(?:but|and|honestly|tbh|ngl|man|god|ugh)[,!]?\s+)*being ((?:strictly |fully |type [12] |newly |very |super )?(?:vegan|vegetarian|pescatarian|pescetarian|gluten[- ]free|dairy[- ]free|lactose[- ]intolerant|celiac|coeliac|diabetic|pregnant|left[- ]handed|colou?r[- ]?blind|deaf|hard of hearing|blind|autistic|dyslexic|sober|teetotal|single|divorced|widowed|newly married|married|disabled|a wheelchair user|in a wheelchair|over \d+|under \d+|\d+(?: years old)?|6'\d+|5'\d+|tall|short))(?: (?:in|at|on|with|as) [^,.;!?]{1,40}?)? (?:is|isn't|is not|was|means|makes|has|can be|gets|sucks|feels|really is|has been|comes)\b/i;

/** "freelance translator here, …", "nurse here": the chat idiom for "I am a nurse". */
const ROLE_HERE = new RegExp(
  `^(?:(?:a|an|another|fellow|just a|lowly)\\s+)?((?:[\\w-]+ ){0,3}(?:${JOBS})) here\\b`,
  'i',
);
const PLACE_AFTER =
  /^\W*((?:working|living|based|studying) (?:remotely |remote )?(?:from|in|out of) \p{Lu}[^,.;?!]*)/iu;
/** A city written as a proper name: capitalised words ("Porto", "Rio de Janeiro"). */
const CITY =
  "(\\p{Lu}[\\p{L}'.-]*(?: (?:de |do |da |del |la |le |am |upon |on )?\\p{Lu}[\\p{L}'.-]*)*)";
/** "the wifi in our new flat in Porto is slow": the user's home, named in passing. */
const HOME_IN = new RegExp(
  `(?:\\b(?:our|my) (?:new |little |tiny |rented |first )?|^(?:the )?new )(?:flat|apartment|house|place|home|condo|neighbou?rhood|street|building|garden|balcony) (?:here )?in ${CITY}`,
  'u',
);
/** "we're a family of four in a 2 bedroom apartment in Kampala": the home, with its size. */
const DWELLING_IN = new RegExp(
  `^(?:we're|we are|i'm|i am|we|i)\\b[^,.;?!]{0,40}?\\bin (?:a|an|our|my) (?:[\\w-]+ ){0,3}(?:flat|apartment|house|condo|bungalow|studio|townhouse|duplex) in ${CITY}`,
  'iu',
);
/**
 * "just landed in Osaka for my 2-year contract", "arrived in Leeds for my masters": an arrival
 * for a long stay (work or study) is a new home; a holiday's or a conference's is not.
 */
const ARRIVED_FOR = new RegExp(
  `^(?:(?:[Ss]o|[Oo]k|[Oo]kay|[Ww]ell|[Ff]inally|[Pp]hew)[,!]?\\s+)*(?:(?:I|[Ww]e)\\s+)?(?:(?:[Jj]ust|[Ff]inally|have|'ve|[Rr]ecently)\\s+)*(?:[Ll]anded|[Aa]rrived|[Gg]ot|[Tt]ouched down|[Mm]oved over|[Rr]elocated)\\s+(?:in|to)\\s+${CITY}(?:\\s+[\\w',]+){0,4}?\\s+for\\s+(?:my|our|a|the)\\s+(?:new\\s+)?(?:(?:\\d+|one|two|three|four|five|six)[- ](?:year|month)\\s+)?(?:contract|job|role|position|posting|placement|secondment|assignment|masters|master's|phd|degree|studies|semester|exchange|year abroad|residency|fellowship|postdoc|internship)\\b`,
  'u',
);
/**
 * Other signs of where the user lives: a commute from it, "a Melbourne-based designer", "a
 * Toronto local", a landlord or neighbours there, a home bought there, years spent there.
 */
const HOME_SIGN = new RegExp(
  [
    `\\b(?:[Mm]y|[Oo]ur|[Tt]he) (?:daily |morning |new )?commute from ${CITY}`,
    `^(?:I'm|I am|[Ww]e're|[Ww]e are) (?:a |an )?${CITY}-based\\b`,
    `^(?:(?:[Aa]s|I'm|I am) )?(?:a|an) ${CITY} local\\b|^(?:[Ww]e're|[Ww]e are) ${CITY} locals\\b`,
    `\\b(?:[Mm]y|[Oo]ur) (?:new )?(?:landlord|landlady|letting agent|flatmates?|housemates?|neighbou?rs?) (?:here )?in ${CITY}`,
    `^(?:I|[Ww]e) (?:(?:just|finally|recently) )?(?:bought|purchased|closed on) (?:a|our|my|the) (?:new |first )?(?:place|house|flat|apartment|home|condo) in ${CITY}`,
    `^(?:I|[Ww]e)(?:'ve| have) (?:been|lived|been living) (?:here )?in ${CITY} for (?:(?:almost|nearly|over|about|like) )?(?:\\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|many) (?:years?|months?)`,
  ].join('|'),
  'u',
);
/** "here in Lisbon we…", "Dublin city centre, where I live": the user says where they are. */
const HERE_IN = new RegExp(
  `\\b(?:here in|back home in) ${CITY}|${CITY}(?: city centre| city center)?,? where (?:I|we) live\\b`,
  'u',
);

/**
 * "day 3 of the new job at ikea", "my boss at Deloitte is chill": where the user works, said
 * in passing (a lower-case name only as one word).
 */
const JOB_AT = new RegExp(
  `\\b(?:(?:my|the|a) new (?:job|role|position|gig|internship)|my (?:boss|manager|colleagues?|coworkers?|co-workers?|team|line manager|shift manager|office)) (?:at|with) (?:(\\p{Lu}[\\p{L}\\p{N}&'.-]*(?: (?:&\\s)?\\p{Lu}[\\p{L}\\p{N}&'.-]*)*)|([a-z][\\w&'-]+)(?=\\s*(?:$|[,.!?;]|is|was|are|has|starts|so|and|but|lol)))`,
  'u',
);

/** "they've made me front office manager": a role the user was given, said of others. */
const MADE_ROLE = new RegExp(
  `\\b(?:they|she|he|my boss|management|the company)(?:'?ve| have| has)? (?:just |finally |now |officially |only |gone and |went and )*(?:made|promoted|appointed) me(?: to)? (?:(the|a|an) )?((?:[\\w-]+ ){0,3}(?:${JOBS}))\\b`,
  'i',
);

const PAST_START =
  /^(?:(?!(?:Red|Bed|Need|Speed|Seed|Feed|Shed|Wed|Ted|Ned|Fred|Indeed|Hundred|Related|Interested|Excited|Tired|Bored|Confused|Used)\b)[A-Z][a-z]{2,}ed|Got|Gave|Went|Bought|Sold|Quit|Left|Began|Took|Drove|Made|Found|Won|Lost|Met|Spent|Brought|Built|Wrote|Switched|Moved|Started|Finished|Joined|Adopted|Traded|Transferred)\b(?!\s+(?:by|to be)\b)/;

/** "Bouldering has taken over my life": the user is into the subject. */
const TOPIC_IDIOM =
  /^(?!(?:I|we|my|our)\b)([\w' -]{3,30}?) (?:has|have) (?:\w+ )?(?:taken over my life|become my (?:thing|obsession|life))\b|^(?!(?:I|we|my|our)\b)([\w' -]{3,30}?) is (?:now |totally )?my (?:new )?(?:thing|obsession|passion|jam|life)\b/i;

/** "Traded in the old car…", "Switched to a Pixel…": a chat line with the "I" left out. */
const ELIDED_AUX: [RegExp, string][] = [
  [/^Been\b/, 'I have been'],
  [/^(?:Gonna|Going to)\b/, 'I am going to'],
  [/^(?:Just|Finally) (?=\w+ed\b|got\b|went\b|bought\b|made\b)/, 'I '],
  [
    /^(?=(?:Working|Living|Based|Studying|Teaching|Temping|Freelancing|Volunteering|Interning) (?:remotely |remote |full[- ]time |part[- ]time )?(?:from|in|at|for|as|out of)\b)/,
    'I am ',
  ],
  [
    /^(?=(?:Building|Making|Writing|Designing|Developing|Renovating|Redoing|Using|Running|Renting|Selling|Buying|Learning to|Researching|Working on|Thinking (?:of|about)|Looking (?:into|for|forward)|Trying|Planning|Heading|Learning|Training|Volunteering|Studying|Saving|Preparing|Practicing|Practising|Getting ready)\b)/,
    'I am ',
  ],
];

/** Chat is often typed in lower case: a sentence's first letter, as a capital. */
const capitalized = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function withSubject(sentence: string): string {
  const s = capitalized(sentence.replace(LABEL, ''));
  for (const [re, lead] of ELIDED_AUX) {
    const m = re.exec(s);
    if (!m) continue;
    const rest = s.slice(m[0].length);
    const joined = lead.endsWith(' ')
      ? `${lead}${rest.charAt(0).toLowerCase()}${rest.slice(1)}`
      : `${lead}${rest}`;
    return joined.replace(/^(I am )(\w)/, (_, a: string, b: string) => a + b.toLowerCase());
  }
  const idiom = TOPIC_IDIOM.exec(s);
  if (idiom)
    return `I am really into ${(idiom[1] ?? idiom[2] ?? '').toLowerCase()}${s.slice(idiom[0].length)}`;
  if (!PAST_START.test(s)) return sentence;
  return `I ${s.charAt(0).toLowerCase()}${s.slice(1)}`;
}

/** Lines that may state something about the user: a first-person word, or an elided "I". */
export function mayStateSelf(line: string): boolean {
  const l = capitalized(line.trim().replace(LABEL, ''));
  return FIRST_PERSON.test(line) || PAST_START.test(l) || ELIDED_AUX.some(([re]) => re.test(l));
}
