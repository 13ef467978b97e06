/**
 * The change table: a clause's verb phrase (the verb's lemma from compromise, then the words
 * after the verb) mapped to the attribute it acts on and the operation it implies. Read top
 * to bottom; the first row that matches wins. `value` and `target` name the capture group
 * that holds the slot's new value or the words naming what ends.
 *
 * The verb phrase is lower-cased except for its captured names, so "we finally moved to
 * Berlin last week" reads "move to Berlin last week", "I got laid off" reads "lay off".
 */
import type { CandidateOp } from '../memory/types';
import {
  BREEDS,
  DIETS,
  HABIT_TOPICS,
  PET_NOUNS,
  PHONE_WORDS,
  SCHOOL_WORDS,
  VEHICLE_WORDS,
} from './lexicon';

export interface ChangeRow {
  /** Matched against the verb phrase ("move to Berlin last week"). */
  re: RegExp;
  slot: string;
  op: CandidateOp;
  /** The capture group holding the new value (or the first filled one after it). */
  value?: number;
  /** The capture group holding the words that name what ends. */
  target?: number;
  /**
   * true: only clauses that say something stopped ("no longer", "not … anymore"); otherwise
   * the row reads affirmative clauses only ("I don't live in Rome" sets nothing).
   */
  negated?: boolean;
  /** The captured value must match this ("Halvorsen University" is a school). */
  valueMust?: RegExp;
  /** The captured value must not match this ("moved to Neovim" is no home). */
  valueNot?: RegExp;
}

/** A proper name: capitalised words, possibly joined by "of", "&", "-". */
const NAME =
  "([A-Z\\u00C0-\\u00DE][\\w\\u00C0-\\u024F'.&-]*(?:\\s+(?:of\\s+|&\\s+|and\\s+)?[A-Z\\u00C0-\\u00DE][\\w\\u00C0-\\u024F'.&-]*)*)";
const r = (s: string) => new RegExp(s, 'i');
/** Case-sensitive where a name must be capitalised. */
const rc = (s: string) => new RegExp(s);
const SCHOOL = new RegExp(`\\b(?:${SCHOOL_WORDS})\\b`, 'i');
/** Tools one moves to ("moved to Neovim, moved my notes into Obsidian"): not a place. */
const TOOL = new RegExp(`^(?:${HABIT_TOPICS.editor}|${HABIT_TOPICS.notes_app})\\b`, 'i');

export const CHANGES: ChangeRow[] = [
  // --- home ---------------------------------------------------------------------------
  {
    re: rc(
      `^(?:[Mm]ove|[Rr]elocate|[Ss]ettle|[Mm]ove back|[Mm]ove over|[Mm]ove out)(?: back)?(?: in)? (?:to|into|in) (?:a |an |the |our |my )?(?:new )?(?:(?:flat|apartment|house|place|home|condo) in )?${NAME}`,
    ),
    slot: 'home',
    op: 'set',
    value: 1,
    valueNot: TOOL,
  },
  {
    re: rc(`^(?:[Ll]ive|[Bb]e based|[Rr]eside|[Bb]e living) (?:in|near|outside) ${NAME}`),
    slot: 'home',
    op: 'end',
    target: 1,
    negated: true,
  },
  {
    re: rc(`^(?:[Ll]ive|[Bb]e based|[Rr]eside|[Bb]e living) (?:in|near|outside) ${NAME}`),
    slot: 'home',
    op: 'set',
    value: 1,
  },
  {
    re: r(
      `^(?:stay|be staying|live|crash) (?:at|with) ((?:my |a |our )?[\\w' -]{1,30}?(?:'s (?:place|house|flat|apartment)|place|house|flat|apartment|parents|mom|mum|dad|brother|sister|friend))\\b.*\\b(?:for now|at the moment|for the time being|until|temporarily|these days)`,
    ),
    slot: 'home',
    op: 'set',
    value: 1,
  },
  {
    // "we sign the lease on the new flat in Porto next week": the home it is for (a dated
    // plan until then, see src/memory/operations.ts).
    re: rc(
      `^[Ss]ign (?:the |a |our |my )?(?:lease|rental agreement|tenancy|contract|papers|deeds) (?:on|for) (?:the |a |our |my )?(?:new )?(?:flat|apartment|house|place|home|condo) in ${NAME}`,
    ),
    slot: 'home',
    op: 'set',
    value: 1,
  },
  // --- school (before employer: "start at X University") --------------------------------
  {
    re: rc(`^(?:[Tt]ransfer|[Ss]witch|[Mm]ove) (?:over )?to (?:the )?${NAME}`),
    slot: 'school',
    op: 'set',
    value: 1,
    valueMust: SCHOOL,
  },
  {
    re: rc(
      `^(?:[Ss]tart|[Bb]egin|[Aa]ttend|[Gg]o to|[Ss]tudy at|[Ee]nrol+ (?:at|in)|[Gg]et into|[Gg]et accepted (?:to|into|at)|[Bb]e accepted (?:to|into|at)|[Gg]raduate from|[Bb]e (?:a |an )?(?:[\\w-]+ ){0,3}student at) (?:the )?${NAME}`,
    ),
    slot: 'school',
    op: 'set',
    value: 1,
    valueMust: SCHOOL,
  },
  {
    // "I'm in my final year at UCL", "started at Monash in February, studying nursing": a
    // year of study, or a start said with what is studied, names a school whatever its name.
    re: rc(
      `^[Bb]e in (?:my|the) (?:first|second|third|fourth|final|last|1st|2nd|3rd|4th) year (?:at|of) (?:the )?${NAME}|^(?:[Ss]tart|[Bb]egin) at (?:the )?${NAME}(?=[^.;]*\\b(?:studying|to study|my (?:degree|course|masters|master's|phd|bachelor's))\\b)`,
    ),
    slot: 'school',
    op: 'set',
    value: 1,
  },
  // --- age ----------------------------------------------------------------------------
  {
    // "I'm turning 40 next month": the age to come (a dated plan until then).
    re: r(`^(?:turn|be turning) (\\d{1,3})\\b(?! ?(?:%|percent|minutes|hours|days|weeks))`),
    slot: 'age',
    op: 'set',
    value: 1,
  },
  // --- employer -----------------------------------------------------------------------
  {
    re: r(
      `^be (?:now |currently |still )?(?:between jobs|unemployed|out of work|jobless|job hunting|looking for (?:a )?(?:new )?(?:job|work))\\b`,
    ),
    slot: 'employer',
    op: 'end',
  },
  {
    re: r(
      `^be (?:now |currently )?(?:a )?(stay[- ]at[- ]home (?:dad|mum|mom|parent|father|mother))\\b`,
    ),
    slot: 'job',
    op: 'set',
    value: 1,
  },
  {
    re: rc(
      `^(?:[Aa]ccept|[Tt]ake|[Gg]et) (?:the |an |a |their )?(?:job |new )?(?:offer|job|position|role) (?:from|at|with) ${NAME}`,
    ),
    slot: 'employer',
    op: 'set',
    value: 1,
  },
  {
    re: rc(
      `^(?:[Ss]tart|[Bb]egin|[Ll]and|[Gg]et)(?: working)?(?: (?:a |my |the )?(?:new )?(?:job|position|role|internship|gig|work))?(?: as (?:a |an )?[\\w -]{1,40}?)? (?:at|with) ${NAME}`,
    ),
    slot: 'employer',
    op: 'set',
    value: 1,
  },
  {
    // "joined Planet Fitness" is a gym: joining is a job only with a role or a team.
    re: rc(
      `^(?:[Gg]et hired (?:at|by)|[Bb]e hired (?:at|by)|[Hh]ire(?: at| by)?|[Jj]oin the (?:team|staff|company|faculty) (?:at|of)) ${NAME}|^[Jj]oin ${NAME} as (?:a|an|the|their|its) `,
    ),
    slot: 'employer',
    op: 'set',
    value: 1,
  },
  {
    re: rc(`^(?:[Ww]ork|[Bb]e employed) (?:at|for) ${NAME}`),
    slot: 'employer',
    op: 'end',
    target: 1,
    negated: true,
  },
  {
    re: rc(`^(?:[Ww]ork|[Bb]e employed) (?:at|for) (?:the )?${NAME}`),
    slot: 'employer',
    op: 'set',
    value: 1,
  },
  {
    re: r(
      `^(?:quit|leave|resign from|walk out of|hand in my notice at|be done with) ((?:my |the |that )?(?:job|position|role|company|firm|office|bank|agency|startup|store|restaurant|hospital|school|team|work)\\b[^,.]*)`,
    ),
    slot: 'employer',
    op: 'end',
    target: 1,
  },
  {
    re: r(
      `^(?:hand in|give in|put in|give|serve|work) (?:my |their )?(?:two weeks'? |one month'?s? |\\w+ )?notice\\b`,
    ),
    slot: 'employer',
    op: 'end',
  },
  {
    re: rc(`^(?:[Rr]esign from|[Ll]eave my job at|[Qq]uit my job at) ${NAME}`),
    slot: 'employer',
    op: 'end',
    target: 1,
  },
  {
    re: r(
      `^(?:lay off|fire|let go|make redundant)\\b|^(?:quit|resign|retire)(?:\\s+(?:last|this|on|in|yesterday|today|from work|a \\w+ ago)\\b.*)?$`,
    ),
    slot: 'employer',
    op: 'end',
  },
  {
    // "switched my major to landscape design": what the user studies is their occupation.
    re: r(
      `^(?:switch|change|move)(?: over)? (?:my |our )?(?:major|course|degree|subject|programme|program|specialism|specialty)(?: from [\\w -]+?)? to ((?:a |an )?[\\w -]{2,50})`,
    ),
    slot: 'job',
    op: 'set',
    value: 1,
  },
  // --- pets ---------------------------------------------------------------------------
  {
    re: r(
      `^(?:adopt|get|rescue|bring home|take in|buy|welcome)(?: home)? (?:a |an |our |my |another |two |a new )?(?:new )?(?:[\\w-]+ ){0,2}?((?:${BREEDS}|${PET_NOUNS})(?: (?:puppy|kitten|named [A-Z][\\w-]*|called [A-Z][\\w-]*))?)`,
    ),
    slot: 'pet',
    op: 'set',
    value: 1,
  },
  // Having a pet is one more value (two pets are two facts); getting one is the change.
  {
    re: r(
      `^(?:have|own|foster|be fostering) (?:a |an |one |two |three |\\d+ )?(?:[\\w-]+ ){0,2}?((?:${BREEDS}|${PET_NOUNS})(?: (?:named|called) [A-Z][\\w-]*)?)\\b`,
    ),
    slot: 'pet',
    op: 'add',
    value: 1,
  },
  {
    re: r(
      `^(?:rehome|re-home|give away|give up|lose|put down|have to put down|say goodbye to) (?:my |our |the )?(?:[\\w-]+ )?((?:${PET_NOUNS})\\b.*)`,
    ),
    slot: 'pet',
    op: 'end',
    target: 1,
  },
  {
    // "we lost Biscuit", "had to put Rex down": a named animal (or person) is gone.
    re: rc(`^(?:[Ll]ose|[Pp]ut down|[Hh]ave to put down|[Ss]ay goodbye to|[Bb]ury) ${NAME}`),
    slot: '',
    op: 'end',
    target: 1,
  },
  // --- vehicle ------------------------------------------------------------------------
  {
    re: r(
      `^(?:sell|scrap|total|wreck|trade in|trade|get rid of|give away|donate|return) (?:my |the |our |that )?(?:old )?(?:\\d{4} )?((?:${VEHICLE_WORDS})\\b[^,.]*)`,
    ),
    slot: 'vehicle',
    op: 'end',
    target: 1,
  },
  {
    re: r(
      `^(?:buy|get|lease|drive home|pick up|finance|drive|own|have) (?:a |an |my |our |the |a new |a used )?(?:new |used |second-hand |brand new |shiny )?((?:\\d{4} )?(?:[\\w-]+ )?(?:${VEHICLE_WORDS})\\b(?: [A-Z0-9][\\w-]*)*)`,
    ),
    slot: 'vehicle',
    op: 'set',
    value: 1,
  },
  {
    // "swapped the old hatchback for a used Kia EV6": the car given in return is the new one.
    re: r(
      `^(?:swap|trade|trade in|exchange|replace) (?:my |our |the )?[\\w -]{0,30}? for (?:a |an |the |my )?(?:new |used |second-hand )?((?:\\d{4} )?(?:[\\w-]+ ){0,2}(?:${VEHICLE_WORDS})\\b(?: [A-Z0-9][\\w-]*)*)`,
    ),
    slot: 'vehicle',
    op: 'set',
    value: 1,
  },
  // --- phone --------------------------------------------------------------------------
  {
    re: r(
      `^(?:switch|move|upgrade|change|go)(?: over)? to (?:a |an |the )?(?:new )?((?:[\\w-]+ )?(?:${PHONE_WORDS})\\b(?: [A-Z0-9][\\w-]*)*)`,
    ),
    slot: 'phone',
    op: 'set',
    value: 1,
  },
  {
    re: r(
      `^(?:buy|get|pick up|order) (?:a |an |the |my )?new ((?:[\\w-]+ )?(?:${PHONE_WORDS})\\b(?: [A-Z0-9][\\w-]*)*)`,
    ),
    slot: 'phone',
    op: 'set',
    value: 1,
  },
  {
    // "got an iPhone 16", "bought a Pixel 8": a named model is a new phone even without "new".
    re: rc(
      `^(?:[Bb]uy|[Gg]et|[Pp]ick up|[Oo]rder|[Gg]rab) (?:a |an |the |my |myself a |myself an )?(?:used |refurbished |second-hand )?((?:[Ii][Pp]hone|[Pp]ixel|[Gg]alaxy|[Ss]amsung|[Oo]ne[Pp]lus|[Xx]iaomi|[Mm]otorola|[Nn]okia|[Ff]airphone|[Hh]uawei)\\b(?: [A-Z0-9][\\w-]*)*)`,
    ),
    slot: 'phone',
    op: 'set',
    value: 1,
  },
  // --- salary -------------------------------------------------------------------------
  {
    re: r(
      `^(?:make|earn|take home|get paid|be paid|be on|gross|net) (?:about |around |roughly |like |just |only |over |under )?((?:[$€£¥]\\s?[\\d,.]+\\s?(?:k|m)?|[\\d,.]+\\s?(?:k|grand|thousand|euros?|dollars?|pounds?))\\b(?:\\s*(?:a|per|an|\\/)\\s*(?:year|month|hour|week|yr|mo|hr))?)`,
    ),
    slot: 'salary',
    op: 'set',
    value: 1,
  },
  // --- partner ------------------------------------------------------------------------
  {
    re: rc(
      `^(?:[Bb]reak up|[Ss]plit up|[Ss]plit|[Ss]eparate|[Dd]ivorce|[Cc]all it quits|[Ee]nd things|[Gg]et divorced|[Bb]e divorced|[Bb]e separated)(?: with| from)?(?: ${NAME})?`,
    ),
    slot: 'partner',
    op: 'end',
    target: 1,
  },
  {
    re: rc(
      `^(?:[Dd]ate|[Mm]arry|[Gg]et married to|[Gg]et engaged to|[Mm]ove in with|[Bb]e (?:married|engaged) to) ${NAME}|^[Ss]ee (?:someone(?: new)?|a new (?:guy|girl|man|woman|person))(?: for [\\w ]+?)?,? ${NAME}|^[Ss]ee ${NAME} (?:for|since) |^(?:[Ss]tart|[Bb]egin) (?:dating|seeing|going out with) ${NAME}|^[Bb]e (?:now |happily )?with ${NAME},? now\\b`,
    ),
    slot: 'partner',
    op: 'set',
    value: 1,
  },
  // --- diet ---------------------------------------------------------------------------
  {
    re: r(
      `^(?:go|become|turn|be|stay|go back to being) (?:fully |strictly |completely |100% |mostly |now )?(${DIETS}|gluten[- ]free|dairy[- ]free)\\b`,
    ),
    slot: 'diet',
    op: 'set',
    value: 1,
  },
  {
    // "gave up on the low-carb thing", "quit keto", "stopped being vegan": the diet ends.
    re: r(
      `^(?:stop|quit|give up|drop|abandon|ditch|come off|go off)(?: on)?(?: being)? (?:the |my |doing )?(?:strict |whole )?(?:${DIETS}|low[- ]carb|low[- ]fodmap|whole ?30|intermittent fasting|fasting|16:8)(?: (?:thing|diet|stuff|lifestyle|experiment))?\\b`,
    ),
    slot: 'diet',
    op: 'end',
  },
  {
    re: r(
      `^(?:stop|quit|give up|cut out)(?: eating)? ((?:red )?meat|dairy|gluten|fish|animal products|pork|beef|chicken)\\b`,
    ),
    slot: 'diet',
    op: 'set',
    value: 1,
  },
  {
    re: r(
      `^(?:start eating|eat|start having) ((?:red )?meat|fish|dairy|eggs|chicken|seafood) again\\b`,
    ),
    slot: 'diet',
    op: 'set',
    value: 1,
  },
  // --- smoking, and working from home -------------------------------------------------
  {
    re: r(
      `^(?:quit|stop|give up|kick|pack in) (?:smoking|cigarettes|the cigarettes|vaping|the vape)\\b`,
    ),
    slot: 'smoking',
    op: 'end',
  },
  {
    re: r(
      `^(?:smoke|vape|be (?:a |an )?(?:heavy |light |social |chain )?(?:smoker|vaper))\\b(?! (?:weed|meat|fish|salmon|brisket|ribs|pork|cheese))`,
    ),
    slot: 'smoking',
    op: 'set',
  },
  {
    // "I work from home now": the way to work is none. "Work from home as a translator" is
    // a job, and "working remote from Lyon" says where home is.
    re: r(
      `^(?:work|be working) (?:fully |full[- ]time |mostly )?(?:from home|remotely|remote)\\b(?! as\\b| from\\b| in\\b| out of\\b)`,
    ),
    slot: 'commute',
    op: 'set',
  },
  // --- endings of anything else: "no longer", "stopped", "quit", "gave up" ---------------
  {
    re: r(
      `^(?:stop|quit|give up|cut out|kick|drop|cancel|cut back on)(?: (?:drinking|taking|eating|using|smoking|doing|going to|playing|seeing|vaping|running|working on))? ((?!it\\b|that\\b|this\\b|by\\b|in\\b|at\\b|for\\b|over\\b|to\\b|off\\b|out\\b|and\\b)[^,.;]{2,60})`,
    ),
    slot: '',
    op: 'end',
    target: 1,
  },
  {
    re: r(`^\\w+ (?:to |in |at |for |with |on )?((?!it\\b|that\\b)[^,.;]{2,60})`),
    slot: '',
    op: 'end',
    target: 1,
    negated: true,
  },
];

/** Words trimmed off a captured value or target ("coffee at all" → "coffee"). */
export const VALUE_TAIL =
  /\s+(?:at all|anymore|any more|again|now|atm|rn|either|for good|altogether|last|this|next|on|in|at|two|three|for|since|after|before|yesterday|today|and|but|so|with|because|about|lately|recently|these days|as|from|which|who|when|while|though|tbh|lol|haha)\b.*$|\s*[!?.,;:(—–].*$|\s+-.*$/i;
