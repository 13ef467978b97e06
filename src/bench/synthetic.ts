/**
 * Realistic, varied chat texts for the engine benchmark: templates × vocabulary, drawn with
 * a seeded generator so every run sees the same corpus. Each generated turn comes with the
 * self-contained fact an extractor would make of it, so a store can be seeded quickly
 * without the rule extractor's cost, while timed ingestion uses the real extractor.
 */

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const V = {
  name: 'Anna Ben Chloe Diego Elif Farah Gustav Hana Ivan Jonas Keiko Liam Mara Nadia Omar Priya Quentin Rosa Sven Tariq Uma Viktor Wen Ximena Yusuf Zoe'.split(
    ' ',
  ),
  relation:
    'sister brother mother father wife husband partner daughter son cousin neighbour boss roommate best friend colleague aunt uncle'.split(
      ' ',
    ),
  city: 'Berlin Munich Lisbon Porto Madrid Seville Toronto Vancouver Austin Denver Osaka Kyoto Seoul Nairobi Cape Town Melbourne Dublin Oslo Prague Krakow Milan Lyon Boston Chicago'.split(
    ' ',
  ),
  hobby:
    'pottery rock climbing sourdough baking trail running watercolor painting chess birdwatching salsa dancing woodworking knitting cycling sailing photography gardening bouldering surfing calligraphy archery'.split(
      ' ',
    ),
  food: 'ramen tacos falafel sushi pho lasagna curry dumplings paella risotto shakshuka bibimbap pad thai pierogi ceviche'.split(
    ' ',
  ),
  tool: 'TypeScript Rust Go Python Kotlin Svelte React Postgres SQLite Redis Kubernetes Terraform Neovim VS Code Emacs Docker Deno Bun'.split(
    ' ',
  ),
  project:
    'a budgeting app|a recipe website|a chess engine|a home automation system|a podcast about history|a novel set in Lisbon|a birdwatching log|a CLI for backups|a game about trains|a newsletter on climate'.split(
      '|',
    ),
  pet: 'dog cat rabbit parrot hamster tortoise kitten puppy'.split(' '),
  petName: 'Biscuit Miso Pepper Luna Rex Mochi Olive Tofu Ziggy Nugget'.split(' '),
  job: 'nurse data analyst teacher architect barista product manager electrician translator pharmacist graphic designer'.split(
    ' ',
  ),
  employer: [
    'Siemens',
    'a small bakery',
    'the city hospital',
    'a law firm',
    'Spotify',
    'a local school',
    'a bike shop',
    'the university library',
  ],
  month:
    'January February March April May June July August September October November December'.split(
      ' ',
    ),
  weekday: 'Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' '),
  event:
    "a marathon|a job interview|a dentist appointment|my cousin's wedding|a pottery class|a flight to Osaka|a piano recital|a hiking trip|a team offsite|a chess tournament".split(
      '|',
    ),
  allergy: 'peanuts shellfish gluten lactose pollen cats penicillin sesame'.split(' '),
};

type Pick = <T>(xs: readonly T[]) => T;

interface Template {
  turn: (p: Pick) => { turn: string; fact: string; query: string };
}

const TEMPLATES: Template[] = [
  {
    turn: (p) => {
      const c = p(V.city),
        d = p(V.city);
      return {
        turn: `I moved to ${c} from ${d} last ${p(V.month)}.`,
        fact: `User moved from ${d} to ${c}.`,
        query: `where do I live now, ${c}?`,
      };
    },
  },
  {
    turn: (p) => {
      const h = p(V.hobby);
      return {
        turn: `I've been getting really into ${h} on weekends.`,
        fact: `User is getting into ${h} on weekends.`,
        query: `weekend ideas around ${h}`,
      };
    },
  },
  {
    turn: (p) => {
      const r = p(V.relation),
        n = p(V.name);
      return {
        turn: `My ${r} ${n} is visiting next ${p(V.weekday)}.`,
        fact: `User's ${r} ${n} is visiting.`,
        query: `what should I cook when ${n} visits`,
      };
    },
  },
  {
    turn: (p) => {
      const f = p(V.food);
      return {
        turn: `I absolutely love ${f}, I could eat it every day.`,
        fact: `User loves ${f}.`,
        query: `dinner recipe with ${f}`,
      };
    },
  },
  {
    turn: (p) => {
      const t = p(V.tool);
      return {
        turn: `We use ${t} for most of our backend at work.`,
        fact: `User uses ${t} at work.`,
        query: `how do I structure a ${t} project`,
      };
    },
  },
  {
    turn: (p) => {
      const pr = p(V.project);
      return {
        turn: `I'm building ${pr} in my spare time.`,
        fact: `User is building ${pr}.`,
        query: `help me plan features for ${pr}`,
      };
    },
  },
  {
    turn: (p) => {
      const a = p(V.pet),
        n = p(V.petName);
      return {
        turn: `We adopted a ${a} named ${n} in ${p(V.month)}.`,
        fact: `User adopted a ${a} named ${n}.`,
        query: `tips for my ${a} ${n}`,
      };
    },
  },
  {
    turn: (p) => {
      const j = p(V.job),
        e = p(V.employer);
      return {
        turn: `I work as a ${j} at ${e}.`,
        fact: `User works as a ${j} at ${e}.`,
        query: `career advice for a ${j}`,
      };
    },
  },
  {
    turn: (p) => {
      const e = p(V.event);
      return {
        turn: `I have ${e} on ${p(V.weekday)} the ${1 + Math.floor(p([...Array(28).keys()]))}th.`,
        fact: `User has ${e.replace(/^my /, 'their ')}.`,
        query: `how should I prepare for ${e.replace(/^my /, '')}`,
      };
    },
  },
  {
    turn: (p) => {
      const a = p(V.allergy);
      return {
        turn: `I'm allergic to ${a}, so I have to be careful.`,
        fact: `User is allergic to ${a}.`,
        query: `snack ideas without ${a}`,
      };
    },
  },
  {
    turn: (p) => {
      const c = p(V.city),
        h = p(V.hobby);
      return {
        turn: `My ${p(V.relation)} and I tried ${h} in ${c} over the summer.`,
        fact: `User tried ${h} in ${c} over the summer.`,
        query: `${h} spots in ${c}`,
      };
    },
  },
  {
    turn: (p) => {
      const f = p(V.food),
        n = p(V.name);
      return {
        turn: `${n} taught me how to make ${f} and now I make it every Sunday.`,
        fact: `User makes ${f} every Sunday, learned from ${n}.`,
        query: `${f} variations`,
      };
    },
  },
];

export interface SyntheticTurn {
  turn: string;
  fact: string;
  query: string;
}

/** `n` varied turns with their facts and a query each, deterministic for a seed. */
export function syntheticTurns(n: number, seed = 7): SyntheticTurn[] {
  const r = rng(seed);
  const pick: Pick = (xs) => xs[Math.floor(r() * xs.length)]!;
  const out: SyntheticTurn[] = [];
  // A trailing detail (who, where, since when) keeps the texts, and so their vectors,
  // apart: real stores hold few exact repeats.
  const details: ((p: Pick) => string)[] = [
    (p) => `with ${p(V.name)}`,
    (p) => `near ${p(V.city)}`,
    (p) => `since ${p(V.month)} ${2012 + Math.floor(r() * 14)}`,
    (p) => `according to my ${p(V.relation)} ${p(V.name)}`,
  ];
  for (let i = 0; i < n; i++) {
    const t = pick(TEMPLATES).turn(pick);
    const d = `${pick(details)(pick)}, ${pick(details)(pick)}`;
    out.push({
      turn: `${t.turn.replace(/[.!]$/, '')}, ${d}.`,
      fact: `${t.fact.replace(/[.!]$/, '')}, ${d.replace(/\bmy\b/g, 'their')}.`,
      query: t.query,
    });
  }
  return out;
}
