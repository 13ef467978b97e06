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

import { RELATIONS } from '../extract/lexicon';

export interface Need {
  /** What kind of request this is, for "why this?" and the tests. */
  id: string;
  slots: readonly string[];
  cues: readonly string[];
  /**
   * Words a stored fact that serves this need contains, when the extractor gave it no slot
   * ("User prefers trains over flying." serves travel). Same syntax as `cues`.
   */
  about?: readonly string[];
  /** For needs about someone close to the user: the relations whose facts serve it. */
  people?: readonly string[];
}

/** The words for the user's partner: whose facts a partner need reads. */
export const PARTNERS = [
  'wife',
  'husband',
  'partner',
  'girlfriend',
  'boyfriend',
  'fiance',
  'fiancé',
  'fiancee',
  'fiancée',
  'spouse',
] as const;

/** Requests whose answer depends on the user's circumstances. */
export const NEEDS: readonly Need[] = [
  {
    // A place-dependent answer: where the user is decides it.
    id: 'local',
    slots: ['home'],
    about: ['live*', 'living', 'moved to', 'based in', 'home'],
    cues: [
      'near me',
      'nearby',
      'around here',
      'close to me',
      'in my area',
      'in my city',
      'in my town',
      'my neighbo*rhood',
      'local*',
      'where i live',
      'weather',
      'public transport*',
      'commut*',
      'owning a car',
      'gym',
      'restaurant*',
      'cafe*',
      'lunch spot*',
      'dinner tonight',
      'forecast',
      'nice out',
      'close by',
      'near here',
      'where i am',
      'places to eat',
      'place to eat',
      'somewhere to eat',
      'anywhere to eat',
      'where to eat',
      'eat around',
      'go for dinner',
      'go out for dinner',
      'eat out',
      'eating out',
      'brunch',
      'pub',
      'pubs',
      'bakery',
      'bakeries',
      'coffee place*',
      'coffee shop*',
    ],
  },
  {
    // Going somewhere starts from home, and the user's way of travelling shapes the answer.
    id: 'travel',
    slots: ['home', 'travel_preference'],
    about: [
      'live*',
      'moved to',
      'based in',
      'train*',
      'fly*',
      'flight*',
      'drive*',
      'driving',
      'prefer*',
      'trip',
      'holiday',
      'off to',
      'booked',
      'wheelchair',
      'mobility',
      'disab*',
      'afraid of',
      'fear of',
      'phobi*',
    ],
    cues: [
      'get to',
      'getting to',
      'travel*',
      'trip',
      'flight*',
      'fly to',
      'train to',
      'weekend in',
      'weekend away',
      'visit*',
      'vacation',
      'holiday*',
      'road trip',
      'my trip',
      'the trip',
      'pack',
      'packing',
      'somewhere to stay',
      'place to stay',
      'hotel*',
      'itinerary',
    ],
  },
  {
    // Anything the user will eat: what they cannot or will not eat comes first.
    id: 'food',
    slots: [
      'diet',
      'allergies',
      'health_condition',
      'food_budget',
      'coffee_order',
      'drink',
      'grocery_store',
      'takeaway',
    ],
    about: [
      'vegan',
      'vegetarian',
      'pescatarian',
      'meat',
      'fish',
      'gluten*',
      'celiac',
      'coeliac',
      'lactose',
      'dairy',
      'allerg*',
      'intoleran*',
      'diet*',
      'eat*',
      'budget',
      'drink*',
      'sober',
      'alcohol',
      'teetotal',
      'halal',
      'kosher',
      'fodmap',
      'cholesterol',
      'saturated',
      'sodium',
      'salt',
      'sugar',
      'grocer*',
      'takeaway',
    ],
    cues: [
      'meal*',
      'recipe*',
      'cook*',
      'dinner*',
      'lunch*',
      'breakfast*',
      'snack*',
      'dessert*',
      'eat',
      'eating',
      'food*',
      'order at',
      'menu',
      'pizza',
      'bake',
      'baking',
      'grocer*',
      'caterer',
      'dietary',
      'diet',
      'shopping list',
      'takeaway',
      'takeout',
      'order in',
      'restaurant*',
      'protein',
      'drink*',
      'coffee',
      'tea',
      'latte*',
      'café order',
    ],
  },
  {
    // Gifts, dates and plans with the partner depend on who the partner is and what they like.
    id: 'partner',
    people: PARTNERS,
    slots: ['partner', 'partner.*', 'relationship_status'],
    about: [
      'wife',
      'husband',
      'partner',
      'girlfriend',
      'boyfriend',
      'fianc*',
      'spouse',
      'dating',
      'seeing someone',
      'broke up',
      'split up',
      'divorc*',
    ],
    cues: [
      'my wife',
      'my husband',
      'my partner',
      'my girlfriend',
      'my boyfriend',
      'my fianc*',
      'my spouse',
      'date night',
      'anniversary',
    ],
  },
  {
    id: 'children',
    people: ['son', 'daughter', 'kid', 'kids', 'child', 'children', 'baby'],
    slots: ['children', 'son.*', 'daughter.*', 'children.*'],
    about: ['son', 'daughter', 'kid*', 'child*', 'twin*', 'toddler*', 'baby', 'babies', 'newborn'],
    cues: [
      'my kid*',
      'my son',
      'my daughter',
      'my child*',
      'the kids',
      'family day',
      'day out',
      'family car',
      'the twins',
    ],
  },
  {
    id: 'pet',
    slots: ['pet', 'pet.*'],
    about: ['dog', 'cat', 'puppy', 'kitten', 'hamster', 'rabbit', 'parrot', 'pet', 'adopt*'],
    cues: ['my pet', 'my dog', 'my cat', 'my puppy', 'my kitten', 'vet', 'pet food'],
  },
  {
    id: 'vehicle',
    slots: ['vehicle'],
    about: ['car', 'drive*', 'ev', 'vehicle', 'motorbike', 'bike'],
    cues: ['my car', 'car need*', 'road trip', 'tyres', 'tires', 'charging', 'oil change'],
  },
  {
    id: 'device',
    slots: ['phone', 'device', 'os'],
    about: ['phone', 'iphone', 'pixel', 'android', 'samsung', 'laptop', 'macbook'],
    cues: ['my phone', 'on my phone', 'my laptop', 'my computer', 'screenshot', 'app store'],
  },
  {
    // Writing about the user: who they are professionally is the substance.
    id: 'about-me',
    slots: ['job', 'employer', 'school', 'study', 'employment_status'],
    about: [
      'work*',
      'job',
      'employ*',
      'engineer',
      'manager',
      'student',
      'teach*',
      'quit',
      'company',
      'role',
      'career',
      'start* at',
      'join*',
      'hired',
      'promot*',
      'senior',
      'junior',
      'intern*',
    ],
    cues: [
      'bio',
      'about me',
      'linkedin',
      'resume',
      'résumé',
      'cv',
      'cover letter',
      'self-review',
      'self review',
      'self-assessment',
      'self assessment',
      'yearly review',
      'annual review',
      'appraisal',
      'performance review',
      'headline',
      'introduc* myself',
      'intro about me',
      'work anniversary',
      'for a living',
      'my career',
      'my job',
      'my colleagues',
      'my boss',
      'at work',
      'my company',
      'study group',
    ],
  },
  {
    // Exercise advice depends on the body it is for and the plan already under way.
    id: 'fitness',
    slots: ['exercise', 'health_condition', 'injury', 'age', 'goal'],
    about: [
      'run*',
      'marathon',
      'race',
      'knee',
      'injur*',
      'gym',
      'lift*',
      'train*',
      'yoga',
      'boulder*',
      'climb*',
      'swim*',
      'cycl*',
      'physio*',
    ],
    cues: [
      'workout*',
      'work out',
      'training plan',
      'train for',
      'taper',
      'exercise*',
      'rest day*',
      'lifting',
      'my run',
      'running week',
      'stretch*',
      'fitness',
      'my training',
      'heart rate',
      'cardio',
    ],
  },
  {
    // What the user is learning or practising: the subject and how far along they are.
    id: 'learning',
    slots: ['study', 'school', 'learning'],
    about: [
      'learn*',
      'studying',
      'course*',
      'class*',
      'lesson*',
      'tutor*',
      'practis*',
      'practic*',
      'teach* myself',
      'teach* themsel*',
      'self-taught',
    ],
    cues: ['learning', 'practi*e', 'study', 'studying', 'lesson*', 'course*', 'homework', 'revise'],
  },
  {
    id: 'money',
    // Where the user lives decides the accounts, taxes and pensions open to them.
    slots: ['age', 'job', 'employment_status', 'salary', 'savings_goal', 'home'],
    about: ['salary', 'earn*', 'budget*', 'sav*', 'income', 'debt', 'rent'],
    cues: ['budget*', 'retirement', 'invest*', 'savings', 'save money', 'pension', 'mortgage'],
  },
  {
    id: 'health',
    slots: ['health_condition', 'medication', 'allergies', 'pregnancy', 'sleep'],
    about: [
      'sleep*',
      'melatonin',
      'medication',
      'diagnos*',
      'condition',
      'coffee',
      'caffeine',
      'insomnia',
      'allerg*',
      'pregnan*',
      'diabet*',
      't1d',
      'asthma*',
      'epilep*',
      'ibs',
      'migraine*',
      'wheelchair',
      'disab*',
      'colourblind',
      'colorblind',
    ],
    cues: [
      'sleep*',
      'waking up',
      'wake up',
      'energy',
      'tired',
      'symptom*',
      'doctor',
      'pain',
      'health',
      'medical',
    ],
  },
  {
    // A present for someone: what they like, and what the user means to spend.
    id: 'gift',
    people: [...Object.keys(RELATIONS), 'kids', 'children', 'friends', 'family'],
    slots: ['gift_budget'],
    about: ['love*', 'obsessed', 'into', 'fan of', 'favou*rite', 'enjoy*', 'capped', 'budget'],
    cues: ['gift*', 'present', 'presents', 'stocking filler*'],
  },
  {
    // What the user does for fun: the hobbies they keep.
    id: 'hobby',
    slots: ['hobby'],
    about: ['hobby', 'hobbies', 'keep* bees', 'for fun', 'taken up', 'took up', 'in my spare time'],
    cues: ['my hobby', 'my hobbies', 'for fun', 'free time', 'spare time'],
  },
  {
    // What to read next: what the user reads now.
    id: 'reading',
    slots: ['reading'],
    about: ['read*', 'book*', 'novel*', 'author*', 'biograph*', 'fantasy', 'sci-fi', 'fiction'],
    cues: ['book*', 'novel*', 'to read', 'reading list', 'audiobook*'],
  },
  {
    // "Anything about me that matters for…": what sets the user apart in any plan.
    id: 'about-me-general',
    slots: ['health_condition', 'allergies', 'diet'],
    about: [
      'hard of hearing',
      'deaf',
      'blind',
      'wheelchair',
      'disab*',
      'left-handed',
      'left handed',
      'lefty',
      'right-handed',
      'allerg*',
      'diabet*',
      'asthma*',
      'pregnan*',
      'afraid of',
      'fear of',
      'tall',
    ],
    cues: ['anything about me', 'know about me', 'things about me'],
  },
  {
    // Colours chosen for the user's eyes.
    id: 'colour',
    slots: [],
    about: [
      'colourblind',
      'colorblind',
      'colour blind',
      'color blind',
      'colour-blind',
      'color-blind',
      'red-green',
    ],
    cues: ['colour*', 'color*', 'palette', 'chart*', 'graph*'],
  },
  {
    // The way to work: how the user gets there and from where.
    id: 'commute',
    slots: ['commute', 'home', 'employer'],
    about: ['commut*', 'office', 'drive* to work', 'cycle* in', 'train in', 'bus'],
    cues: ['commut*', 'way to work', 'get to work', 'getting to work', 'journey to work'],
  },
  {
    id: 'calendar',
    slots: ['schedule'],
    about: [
      'appointment',
      'wedding',
      'party',
      'meeting',
      'trip',
      'flight',
      'event',
      'interview',
      'exam',
      'deadline',
      'surgery',
      'moving',
      'booked',
      'off to',
    ],
    cues: [
      'my calendar',
      'am i free',
      'coming up',
      'anything on',
      'my schedule',
      'got on',
      'on my plate',
      'to-do',
      'to do list',
      "what's on",
    ],
  },
];

/** Direct questions about the user: the attribute itself is the answer. */
export const ASKS: readonly Need[] = [
  {
    id: 'ask-home',
    slots: ['home'],
    cues: [
      'where do i live',
      'where did i live',
      'where have i lived',
      'where am i living',
      'where am i based',
      'which city do i live',
      'what city do i live',
      'where i live',
      'where i am living',
      "where i'm living",
      'where am i living',
      'where in the world',
      "where's home",
      'where is home',
      'which city i',
      'what city i',
      'which town',
      'what town',
      'which city am i',
      'what city am i',
      'what country am i',
      'which country am i',
      'when did i move',
      'my address',
    ],
  },
  {
    id: 'ask-work',
    slots: ['employer', 'job', 'employment_status'],
    cues: [
      'where do i work',
      'where did i work',
      'where have i worked',
      'who do i work for',
      'what do i do for a living',
      'what is my job',
      "what's my job",
      'my job title',
      'line of work',
      'my profession',
      'my occupation',
      'my day job',
      'do i do for work',
      'i do for a living',
      'where i work',
    ],
  },
  { id: 'ask-age', slots: ['age', 'birthday'], cues: ['how old am i', 'how old i am', 'my age'] },
  {
    id: 'ask-school',
    slots: ['school', 'study'],
    cues: ['which school', 'what school', 'do i study'],
  },
  { id: 'ask-name', slots: ['name'], cues: ["what's my name", 'what is my name'] },
  { id: 'ask-pet', slots: ['pet', 'pet.*'], cues: ['my pet', 'what kind of animal'] },
  { id: 'ask-diet', slots: ['diet', 'allergies'], cues: ['dietary restriction*', 'food allerg*'] },
  {
    id: 'ask-partner',
    slots: ['partner', 'relationship_status'],
    cues: [
      'who is my partner',
      'am i married',
      'am i single',
      'am i seeing anyone',
      'am i dating',
      'my relationship status',
    ],
  },
  {
    id: 'ask-health',
    slots: ['health_condition', 'allergies', 'medication', 'diet'],
    cues: ['health condition*', 'medical condition*', 'medical history', 'my conditions'],
  },
];

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
  /^\W*(?:explain|define|describe|summari[sz]e|(?:what|which) (?:is|are|was|were) (?:the )?(?:difference|differences|meaning|definition|history|origin|symptoms?|causes?|signs?|benefits?|main|capital|largest|smallest)\b|(?:what|who) (?:is|are|was|were) (?:a|an)\b|what (?:is|are) \w+(?: \w+)? (?:used for|made of|made from)\b|how (?:does|do|did) (?!i\b|we\b)[\w' -]+ work\b|how (?:many|much|long|far|old)(?: [\w'-]+){0,4} (?:is|are|was|were|does|do|did|should) (?:a|an|the)\b|(?:write|compose) (?:a|an) (?:\w+ )?(?:poem|limerick|haiku|story|song|joke|sonnet|riddle) (?:about|on)\b|why (?:is|are|do|does|did) (?!i\b|we\b|my\b)|who (?:is|was|were|invented|wrote|discovered|painted)\b)/;
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

/** A question about the world (or a piece of writing about it) that says nothing of the user. */
export function isKnowledgeQuestion(prompt: string): boolean {
  const p = withoutQuoted(fold(prompt));
  if (knowledge(p)) return true;
  const m = HOW_TO.exec(p);
  if (!m || !TECHNICAL.test(p)) return false;
  return !SELF.test(p.slice(m[0].length)) && !COMPILED_NEEDS.some(({ re }) => re.test(p));
}

function knowledge(folded: string): boolean {
  return KNOWLEDGE.test(folded) && !SELF.test(folded);
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
 * A prompt about the user's own life ("my", "I"): what they said about themselves may answer
 * it. "me" alone is left out: "give me a regex" asks for nothing personal.
 */
export function isPersonal(prompt: string): boolean {
  return /(?:^|[^\p{L}])(?:i|i'm|i've|i'd|my|mine|myself|am i|do i|did i)(?=$|[^\p{L}])/iu.test(
    withoutQuoted(fold(prompt)),
  );
}

/** A need's `about` words as a lexical query (stars dropped: the index folds endings). */
export function aboutQuery(needs: readonly Need[]): string {
  return needs
    .flatMap((n) => n.about ?? [])
    .map((w) => w.replace(/\*/g, ''))
    .join(' ');
}
