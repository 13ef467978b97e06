/**
 * The classification table: which clause shapes state which kind of fact, and which
 * single-valued attribute (slot) they set. Data, read top to bottom; the first match wins.
 */
import type { MemoryKind } from '../memory/types';

export interface Rule {
  re: RegExp;
  kind: MemoryKind;
  slot?: string;
  confidence: number;
  /** Only when the clause is about the future (plans). */
  future?: boolean;
}

export const JOBS =
  'engineer|developer|programmer|coder|designer|teacher|nurse|doctor|physician|surgeon|lawyer|attorney|student|manager|scientist|researcher|writer|author|artist|consultant|accountant|analyst|chef|cook|architect|founder|co-founder|cofounder|ceo|cto|cfo|coo|pm|freelancer|photographer|musician|counsel+or|therapist|psychologist|officer|agent|professor|lecturer|intern|veterinarian|vet|pharmacist|dentist|mechanic|electrician|plumber|carpenter|firefighter|soldier|pilot|driver|cashier|barista|waiter|waitress|journalist|editor|translator|economist|entrepreneur|owner|director|lead|head|vp|president|administrator|admin|technician|assistant|specialist|coordinator|librarian|paramedic|social worker|caregiver|banker|trader|salesperson|recruiter|marketer|data scientist|devops|sre|tutor|coach|instructor|farmer|baker|butcher|painter|illustrator|animator|actor|actress|singer|dancer|producer|youtuber|streamer|blogger|podcaster|influencer|homemaker|stay-at-home (?:mom|dad|parent)|retiree|phd student|postdoc|undergrad|grad student|midwife|surveyor|auditor|optometrist|optician|physiotherapist|physio|dietitian|nutritionist|radiographer|sonographer|hygienist|anaesthetist|anesthesiologist|midwife|carer|care worker|support worker|healthcare assistant|porter|cleaner|housekeeper|nanny|childminder|au pair|welder|roofer|bricklayer|builder|joiner|glazier|plasterer|tiler|decorator|locksmith|blacksmith|glassblower|potter|jeweller|jeweler|tailor|seamstress|upholsterer|cobbler|florist|gardener|landscaper|groundskeeper|arborist|tree surgeon|fisherman|miner|machinist|fitter|fabricator|engineer|surveyor|draughtsman|drafter|electrician|handyman|courier|delivery driver|lorry driver|truck driver|trucker|bus driver|taxi driver|cabbie|train driver|conductor|dispatcher|warehouse worker|forklift driver|postman|postwoman|mail carrier|bartender|barman|barmaid|sommelier|line cook|sous chef|kitchen porter|dishwasher|receptionist|concierge|shop assistant|sales assistant|store manager|retail worker|shelf stacker|butler|supervisor|foreman|forewoman|team leader|shift lead|bookkeeper|adviser|advisor|actuary|underwriter|broker|estate agent|realtor|real estate agent|paralegal|solicitor|barrister|magistrate|notary|clerk|civil servant|diplomat|politician|councillor|councilor|police officer|policeman|policewoman|detective|constable|prison officer|security guard|bouncer|soldier|sailor|airman|paratrooper|firefighter|lifeguard|copywriter|content writer|proofreader|columnist|reporter|broadcaster|presenter|radio host|news anchor|publicist|curator|archivist|historian|archaeologist|anthropologist|sociologist|linguist|philosopher|mathematician|statistician|physicist|chemist|biologist|geologist|astronomer|ecologist|epidemiologist|pharmacologist|botanist|zoologist|marine biologist|lab technician|technologist|web developer|software developer|software engineer|data engineer|data analyst|ux designer|ui designer|game designer|graphic designer|product designer|interior designer|fashion designer|sysadmin|system administrator|network engineer|qa tester|tester|product manager|project manager|scrum master|product owner|tech lead|team lead|teaching assistant|headteacher|principal|dean|teacher|supply teacher|schoolteacher|kindergarten teacher|preschool teacher|special needs teacher|sen teacher|music teacher|piano teacher|swim teacher|driving instructor|personal trainer|fitness instructor|yoga teacher|yoga instructor|dance teacher|chaplain|vicar|priest|pastor|rabbi|imam|minister|monk|nun|hairdresser|barber|stylist|makeup artist|beautician|nail technician|tattoo artist|tattooist|masseuse|massage therapist|osteopath|chiropractor|acupuncturist|podiatrist|audiologist|speech therapist|occupational therapist|counselor|social care worker|youth worker|case worker|caseworker|probation officer|sculptor|ceramicist|printmaker|photojournalist|filmmaker|film maker|director|cinematographer|editor|sound engineer|composer|songwriter|dj|violinist|pianist|guitarist|drummer|cellist|organist|conductor|choreographer|comedian|magician|puppeteer|novelist|poet|playwright|screenwriter|translator|interpreter|pilot|flight attendant|cabin crew|air traffic controller|ship captain|deckhand|zookeeper|vet nurse|veterinary nurse|dog groomer|dog walker|farmhand|rancher|beekeeper|winemaker|brewer|distiller|baker|pastry chef|chocolatier|butcher|fishmonger|grocer|shopkeeper|stallholder|market trader|cashier|temp|locum|gp|general practitioner|registrar|consultant|junior doctor|medical student|nursing student|law student|trainee|apprentice|intern';

export const PETS =
  'dog|dogs|cat|cats|puppy|puppies|kitten|kittens|pet|pets|hamster|rabbit|bunny|parrot|budgie|goldfish|turtle|tortoise|horse|pony|guinea pig|lizard|gecko|snake|ferret|chinchilla|pup';

export const RULES: Rule[] = [
  // identity
  {
    re: /^my (?:full |first |last )?name is\b|^I am called\b|^(?:people |everyone |friends )?call me\b|^I go by\b/i,
    kind: 'identity',
    slot: 'name',
    confidence: 0.95,
  },
  {
    re: /^I am (?:actually |now |only |just |finally |currently |already |really )?\d{1,3}(?: years old| year old| yo| y\/o)?(?:\s*$|,|\s+(?:and|but|so|now|too|already|next|this|though|not)\b)|^I am \d{1,3} years old\b|^I (?:just )?turned \d{1,3}\b/i,
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
    re: /^(?:I|we) (?:\w+ly )?(?:live|am living|are living|have lived|have been living|reside|am based|are based|currently live|still live|am staying put|are staying put)\s+(?:in|at|near|outside|on|with)\b|^(?:my|our) (?:home|house|flat|apartment) is in\b/i,
    kind: 'fact',
    slot: 'home',
    confidence: 0.85,
  },
  {
    // "I'm in Clapham", "we're in Cardiff": where the user is, unless it is said to be a
    // visit ("in Rome for the weekend", "in Oslo on business", "in Paris until Friday").
    re: /^(?:I|we) (?:am|are) (?:\w+ly |still |now )?(?:in|based out of) (?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Year|Grade|Class|Form|Room|Chapter|Week|Phase|Stage|Level|Part|Step)\b)[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*(?![\w'.-]*,? (?:for (?:a|an|the|two|three|four|five|\d+|a few|a couple of) (?:day|night|week|month|hour)s?|for (?:the|a|this) (?:weekend|week|conference|wedding|holiday|holidays|festival|trip|night|summer|month)|on (?:holiday|vacation|business|a trip|a work trip|my way)|this week(?:end)?|till|until|visiting|at the moment|right now|today|tonight|for work|for now|airport|station|hospital)\b)/,
    kind: 'fact',
    slot: 'home',
    confidence: 0.7,
  },
  {
    // "working remote from Nairobi", "I'm working from Montréal": where the user works from.
    re: /^(?:I|we) (?:am|are) (?:\w+ly |now |still )?(?:working|living|based|studying|freelancing) (?:remotely |remote |full[- ]time )?(?:from|in|out of) (?!home\b|the\b|a\b|my\b)[A-Z\u00C0-\u00DE]/,
    kind: 'fact',
    slot: 'home',
    confidence: 0.7,
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
  {
    // Renting or owning: what a landlord, insurance or a paintbrush question depends on.
    re: /^(?:I|we) (?:\w+ly )?(?:rent|am renting|are renting|own (?:my|our|the|a) (?:home|flat|house|place|apartment|condo)|am a (?:tenant|renter|homeowner|first-time buyer)|are (?:tenants|renters|homeowners)|have a mortgage|live in (?:a )?(?:rented|council|social|student) (?:flat|house|housing|accommodation|place))\b/i,
    kind: 'fact',
    slot: 'housing',
    confidence: 0.8,
  },
  // diet and health
  {
    re: /^(?:I|we) (?:am|are|have been|have become|became|went|turned) (?:now )?(?:a |an )?(?:strict |mostly |fully |full |completely )?(?:vegetarian|vegan|pescatarian|pescetarian|keto|paleo|gluten[- ]free|dairy[- ]free|kosher|halal|carnivore|flexitarian|plant[- ]based)\b|^I (?:follow|eat|am on|do) (?:a |an )?(?:strict )?(?:keto|paleo|vegan|vegetarian|low[- ]carb|plant[- ]based|mediterranean|gluten[- ]free|intermittent fasting)\b|^I keep kosher\b|^my diet is (?:now |fully |strictly |mostly |completely )?(?:vegetarian|vegan|pescatarian|keto|paleo|kosher|halal|gluten[- ]free|dairy[- ]free|plant[- ]based|low[- ]fodmap|low[- ]carb)\b/i,
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
    // Not eating meat at all is a diet (what "vegetarian" says in other words): one value of
    // the diet slot, so the two phrasings are one memory. Single meats stay plain facts.
    re: /^I (?:do not|don't|never|no longer) eat (?:any )?meat\b|^I (?:am|'m) meat[- ]free\b/i,
    kind: 'health',
    slot: 'diet',
    confidence: 0.85,
  },
  {
    // "I'm doing keto now", "trying to eat plant-based", "I eat everything again": a diet too.
    re: /^(?:I|we) (?:am|are) (?:now )?(?:doing|on|following|trying out) (?:a |an |the )?(?:strict )?(?:keto|paleo|whole ?30|low[- ]carb|carnivore|mediterranean|vegan|vegetarian|plant[- ]based|intermittent fasting|16:8|omad)\b|^(?:I|we) (?:am|are) (?:\w+ )?trying to (?:eat|go|be|stay) (?:fully |mostly )?(?:vegan|vegetarian|plant[- ]based|pescatarian|keto|gluten[- ]free|dairy[- ]free)\b|^I (?:eat|will eat) (?:everything|anything|meat|fish|meat and fish) (?:again|now)\b/i,
    kind: 'health',
    slot: 'diet',
    confidence: 0.8,
  },
  {
    re: /^I (?:do not|don't|never|can't|cannot) (?:eat|drink|have) (?:\w+ )?(?:meat|pork|beef|fish|seafood|dairy|eggs|gluten|alcohol|sugar|caffeine|nuts|shellfish|chicken)\b|^I (?:avoid|am off|am cutting out|cut out|have cut out) (?:all )?(?:meat|pork|beef|fish|seafood|dairy|eggs|gluten|alcohol|booze|sugar|caffeine|coffee|carbs|nuts|shellfish)\b|^I (?:stopped|quit|gave up) (?:eating|drinking|smoking)\b|^I (?:do not|don't) drink\b/i,
    kind: 'health',
    confidence: 0.85,
  },
  {
    re: /^I (?:have|have had|had|was diagnosed with|have been diagnosed with|got diagnosed with|suffer from|am recovering from|struggle with|live with|am living with|am being treated for|caught|got) (?:a |an |type [12] |chronic |mild |severe |bad )?(?:[\w'-]+ ){0,2}(?:diabetes|asthma|adhd|add|autism|depression|anxiety|cancer|migraines?|arthritis|epilepsy|crohn's|ibs|hypertension|high blood pressure|covid|covid-19|flu|cold|injury|condition|disorder|disease|syndrome|insomnia|ptsd|ocd|bipolar|dyslexia|tinnitus|back pain|concussion|infection|fever|surgery|operation|fracture|broken \w+)\b/i,
    kind: 'health',
    confidence: 0.85,
  },
  {
    re: /^(?:I|we) am (?:\w+ ){0,3}?(?:pregnant|expecting (?:a baby|our first|my first|twins|a boy|a girl|baby))\b|^I am (?:about |around |nearly |almost |now )?\d+ weeks along\b/i,
    kind: 'health',
    slot: 'pregnancy',
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
    re: /^[Mm]y (?:wife|husband|partner|boyfriend|girlfriend|fianc[eé]e?|spouse)(?:'s name)? (?:is called|is named|is) [A-Z][\w-]+\s*$|^I am married to [A-Z]|^I am (?:dating|seeing) (?!(?:Dr|Mr|Mrs|Ms|Prof|Doctor)\b)[A-Z]/,
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
    re: /^(?:I|we) have (?:a |an |one |two |three |four |five |six |\d+ )?(?:\w+ )?(?:kids?|children|child|sons?|daughters?|boys|girls|twins|brothers?|sisters?|siblings?|grandchildren|grandkids|grandsons?|granddaughters?|stepsons?|stepdaughters?|baby|babies)\b|^I am (?:a |an )?(?:only child|mom|mother|dad|father|parent|grandmother|grandfather|grandparent|twin|stepmom|stepdad)\b/i,
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
    re: /^I (?:got|accepted|landed|started|start|am starting|began) (?:a |my |the )?(?:new )?(?:job|position|role|internship|gig)\b|^I (?:was hired by|got hired at|got hired by)\s+[A-Z]|^I joined [A-Z][\w&.-]*(?: [A-Z][\w&.-]*)* as\b|^I (?:quit|left|lost) my (?:job|position|role)\b|^I (?:got|was) (?:fired|laid off)\b|^I (?:am|have been|went|became|am now|have gone) (?:\w+ly )?(?:self-employed|freelance|freelancing|unemployed|retired|between jobs|job hunting|on (?:maternity|paternity|parental|sick) leave|looking for (?:a )?(?:new )?(?:job|work))\b|^I (?:retired|resigned)\b/i,
    kind: 'work',
    slot: 'employer',
    confidence: 0.85,
  },
  {
    re: new RegExp(
      `^I (?:\\w+ly )?(?:work as|am working as|am employed as|am an?|have been an?|became an?|was promoted to|got promoted to|am the|am now an?) (?:[\\w-]+ ){0,3}(?:[a-z]+-)?(?:${JOBS})s?\\b|^my (?:job|role|position|title|profession|occupation) is\\b|^I am (?:studying|a student|in (?:college|university|grad school|high school))\\b|^I (?:study|teach|major in|majored in)\\b|^I (?:graduated|am graduating) (?:from|in|with)\\b`,
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
    re: /^(?:I|we) (?:\w+ly )?(?:will|am going to|are going to|plan to|am planning|are planning|intend to|am about to|am scheduled to|(?:have|have got|got) (?:a|an|my|our) [\w ]{0,30}(?:appointment|interview|exam|meeting|flight|deadline|surgery|presentation|recital|trip|wedding|party|concert|game|match|race))\b|\b(?:deadline|due (?:on|by|date|next|this|tomorrow))\b/i,
    kind: 'plan',
    confidence: 0.75,
  },
  {
    re: /^(?:I|we) (?:\w+ly )?(?:hope to|want to|would love to|am hoping to|are hoping to|am thinking of|am thinking about|are thinking of|am considering|are considering|need to|have to|must|am trying to|are trying to|aim to|am aiming to|dream of|am saving (?:up )?for)\b/i,
    kind: 'plan',
    confidence: 0.55,
  },
];
