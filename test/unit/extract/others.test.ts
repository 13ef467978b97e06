import { describe, expect, it } from 'vitest';
import { ownWords } from '../../../src/extract/others';
import { RuleExtractor } from '../../../src/extract/rules';
import type { Candidate } from '../../../src/memory/types';

/**
 * Other people's words never become the user's facts: a corpus of turns that carry someone
 * else's text (pasted, quoted, forwarded, asked to be rewritten, role-played). Each names the
 * words that belong to the other person's text only; no candidate may contain them. Where the
 * user's own framing states a fact, `keep` names a word that must still come out.
 */
type Case = { turn: string; not: string[]; keep?: string };

const CORPUS: Case[] = [
  // e-mails and messages to answer
  {
    turn: "Can you help me answer this email? Hi, I'm Tunde. I live in Lagos and I'm the new CFO at Brightwave. Let's set up a call next week.",
    not: ['Lagos', 'CFO', 'Brightwave'],
  },
  {
    turn: 'Help me reply to this message from my landlord:\nHello, I am selling the building in March and I have two dogs that will be in the yard.',
    not: ['selling the building', 'two dogs'],
  },
  {
    turn: 'Write a response to: "I just moved to Denver and I am looking for a roommate who likes hiking."',
    not: ['Denver', 'roommate', 'hiking'],
  },
  {
    turn: "Here's an email I got, how should I respond?\n\nDear Sam,\nI am writing to let you know I have been promoted to regional manager and I will be relocating to Leeds.\nBest,\nKaren",
    not: ['regional manager', 'Leeds', 'promoted'],
  },
  {
    turn: 'From: hr@example.com\nSubject: Offer\nI am pleased to tell you I work at Initech and I am vegan.',
    not: ['Initech', 'vegan'],
  },
  {
    turn: 'My boss sent me this: "I\'m allergic to shellfish so please don\'t order seafood for the offsite." What should I order instead?',
    not: ['shellfish', 'seafood'],
  },
  {
    turn: 'Reply to this text for me: hey its Jordan, I got a new job at Pixar and I moved to Emeryville!!',
    not: ['Pixar', 'Emeryville'],
  },
  {
    turn: "I got this email from my kid's school: I am the new principal and I have taught in Ohio for 20 years. Is it normal for them to send this?",
    not: ['principal', 'Ohio'],
  },
  {
    turn: 'Please draft a polite answer to this message. "Hi! I live next door, I own the red Tesla, and I will be renovating my kitchen all of May."',
    not: ['Tesla', 'renovating', 'next door'],
  },
  {
    turn: 'How do I answer this DM?\n    I am a recruiter at Globex and I graduated from Stanford.',
    not: ['Globex', 'Stanford', 'recruiter'],
  },
  // rewrite, translate, proofread
  {
    turn: 'Make this more formal: I live in Lagos and I am the new CFO, I started last Monday.',
    not: ['Lagos', 'CFO'],
  },
  {
    turn: "Translate into Spanish: I'm a nurse and I have three kids.",
    not: ['nurse', 'three kids'],
  },
  {
    turn: 'Proofread my cover letter: I am a detail-oriented accountant with 10 years at Deloitte, and I live in Toronto.',
    not: ['Deloitte', 'Toronto', 'accountant'],
  },
  {
    turn: 'Rewrite this paragraph so it sounds friendlier:\nI am vegetarian and I hate it when people bring meat to potlucks.',
    not: ['vegetarian', 'potlucks'],
  },
  {
    turn: 'Can you shorten this bio? I am a marine biologist based in Hobart and I have two cats named Salt and Pepper.',
    not: ['marine biologist', 'Hobart', 'Salt'],
  },
  {
    turn: 'Fix the grammar: me and my husband moved to Cork last year and we was very happy.',
    not: ['Cork', 'husband'],
  },
  {
    turn: 'Paraphrase this for a kid: I am a firefighter and I work nights at Station 12.',
    not: ['firefighter', 'Station 12'],
  },
  {
    turn: 'Please summarize the following: I was born in Quito, I studied law at Harvard, and I now run a bakery in Boston.',
    not: ['Quito', 'Harvard', 'bakery', 'Boston'],
  },
  {
    turn: 'Can you make this sound more professional? "Yo, I quit my job at Wayne Enterprises and I\'m moving to Gotham."',
    not: ['Wayne', 'Gotham'],
  },
  {
    turn: 'Improve the flow of this sentence: I have been a pescatarian since 2019 and I run marathons.',
    not: ['pescatarian', 'marathons'],
  },
  // explain / interpret what someone said
  {
    turn: 'Explain this tweet: "I just got diagnosed with diabetes and I am switching to keto."',
    not: ['diabetes', 'keto'],
  },
  {
    turn: 'What does this mean? "I am a Scorpio and I live with my grandmother in Lima."',
    not: ['Scorpio', 'Lima', 'grandmother'],
  },
  {
    turn: 'Explain this post to me: I sold my Corolla and bought a Kia EV6, best decision ever.',
    not: ['Corolla', 'EV6', 'Kia'],
  },
  {
    turn: 'Is this correct English? I am living in Berlin since three years.',
    not: ['Berlin'],
  },
  {
    turn: "Interpret this comment from my manager: 'I am not happy with the launch and I am moving the team to Austin.'",
    not: ['Austin', 'launch'],
  },
  // reported speech
  {
    turn: 'My friend told me: I am pregnant and we are moving to Oslo.',
    not: ['pregnant', 'Oslo'],
  },
  {
    turn: 'My sister texted: I broke up with Raj and I am adopting a greyhound.',
    not: ['Raj', 'greyhound'],
  },
  {
    turn: 'My coworker said - I am allergic to peanuts and I work remotely from Porto.',
    not: ['peanuts', 'Porto'],
  },
  {
    turn: 'So my dad wrote: I retired from the railway and I live in Galway now. How do I reply nicely?',
    not: ['railway', 'Galway'],
  },
  {
    turn: 'He messaged me: I am 45 and I drive a truck for FedEx.',
    not: ['45', 'FedEx', 'truck'],
  },
  {
    turn: 'She replied: "I have a son named Leo and I teach yoga."',
    not: ['Leo', 'yoga'],
  },
  {
    turn: "My mom said, 'I'm diabetic and I can't eat the cake.' What dessert works?",
    not: ['diabetic', 'cake'],
  },
  {
    turn: 'Someone posted: I work at Netflix and I make $400k. Is that believable?',
    not: ['Netflix', '400k'],
  },
  // stories and role-play
  {
    turn: 'Continue this story: I woke up in Paris with no memory. I am a spy and I work for MI6.',
    not: ['Paris', 'spy', 'MI6'],
  },
  {
    turn: "Let's role-play. You're a barista and I'm a customer who just moved to Tokyo and hates coffee.",
    not: ['Tokyo', 'coffee', 'barista'],
  },
  {
    turn: 'Pretend you are my therapist and I am a retired astronaut living in Houston.',
    not: ['astronaut', 'Houston'],
  },
  {
    turn: 'Write a story where I am a dragon who lives in Norway and hoards gold.',
    not: ['dragon', 'Norway', 'gold'],
  },
  {
    turn: "Act as a recruiter. I'll be a candidate: I am a Java developer from Krakow with 8 years of experience.",
    not: ['Java', 'Krakow'],
  },
  {
    turn: 'From the perspective of a pirate: I sail the Caribbean and I own a parrot named Polly.',
    not: ['Caribbean', 'Polly', 'parrot'],
  },
  {
    turn: 'Imagine you are a travel agent. I am a vegan from Lisbon looking to visit Japan.',
    not: ['vegan', 'Lisbon', 'Japan'],
  },
  {
    turn: 'Stay in character as my grandma. I am 8 years old and I love dinosaurs.',
    not: ['8 years', 'dinosaurs'],
  },
  // quoted and indented material
  {
    turn: '> I live in Rome and I love pasta\nWhat does this quote mean?',
    not: ['Rome', 'pasta'],
  },
  {
    turn: 'What is wrong with this line?\n    I am a teacher in Nairobi and I have a cat.',
    not: ['Nairobi', 'teacher'],
  },
  {
    turn: "The song goes 'I am a rock, I am an island, I live alone' — who wrote it?",
    not: ['rock', 'island', 'alone'],
  },
  {
    turn: 'Is "I moved to Madrid for my PhD at Complutense" a good opening line for my essay?',
    not: ['Madrid', 'Complutense'],
  },
  {
    turn: "```\n# I am vegetarian\nuser = 'I live in Rome'\n```\nWhy does this fail?",
    not: ['vegetarian', 'Rome'],
  },
  {
    turn: '\tI work at Acme as a welder and I am divorced.\nCan you turn that into a haiku?',
    not: ['Acme', 'welder', 'divorced'],
  },
  {
    turn: 'My character\'s line is "I grew up in Kyoto and I speak four languages". Does it sound natural?',
    not: ['Kyoto', 'four languages'],
  },
  // framing that states a fact of the user's own
  {
    turn: "I'm applying for a job in Berlin. Make this more formal: I am a hard worker and I live in Munich.",
    not: ['Munich', 'hard worker'],
    keep: 'Berlin',
  },
  {
    turn: "I'm a teacher. Translate this for my students: I have a dog named Bruno and I love football.",
    not: ['Bruno', 'football'],
    keep: 'teacher',
  },
  {
    turn: 'I live in Ottawa. My friend told me: I am moving to Calgary and I got a job at Shopify.',
    not: ['Calgary', 'Shopify'],
    keep: 'Ottawa',
  },
  {
    turn: "I'm vegetarian, by the way. Can you help me answer this email? Hi, I'm Greta, I'm allergic to gluten and I live in Malmo.",
    not: ['gluten', 'Malmo', 'Greta'],
    keep: 'vegetarian',
  },
  // more messages and forwards
  {
    turn: "Fwd: I will be out of office until June 3, I am attending my sister's wedding in Goa.",
    not: ['Goa', 'wedding'],
  },
  {
    turn: 'Check this review before I post it for my client: I am a loyal customer and I have been eating here since 2010.',
    not: ['loyal customer', '2010'],
  },
  {
    turn: 'Can you critique this dating profile my friend wrote? I am 31, I love climbing and I work in fintech.',
    not: ['31', 'climbing', 'fintech'],
  },
  {
    turn: 'My brother wrote this speech for his wedding, can you polish it? I met Ana in Lisbon and I knew she was the one.',
    not: ['Ana', 'Lisbon'],
  },
  {
    turn: 'Respond to this customer complaint: I have been waiting three weeks for my order and I live in Perth.',
    not: ['three weeks', 'Perth'],
  },
  {
    turn: 'Answer this LinkedIn message: Hi, I am the CTO of Hooli and I studied at MIT.',
    not: ['Hooli', 'MIT', 'CTO'],
  },
  {
    turn: "Edit this caption for my friend's post: I just adopted a kitten named Mochi!",
    not: ['Mochi', 'kitten'],
  },
  {
    turn: 'Turn this into a tweet: I quit smoking 100 days ago and I feel amazing.',
    not: ['smoking', '100 days'],
  },
  {
    turn: 'Score this essay intro: I am the first in my family to go to university and I grew up in Soweto.',
    not: ['Soweto', 'first in my family'],
  },
  {
    turn: 'What do you think of this toast? "I have known Mark since kindergarten and I am his best man."',
    not: ['Mark', 'best man', 'kindergarten'],
  },
];

const ex = new RuleExtractor();
const SUN = Date.UTC(2026, 4, 3, 12);
function extract(text: string): Candidate[] {
  return ex.extractSync({
    turn: {
      site: 'chatgpt',
      conversationId: 'c',
      turnId: 't',
      role: 'user',
      text,
      url: '',
      observedAt: SUN,
    },
    context: [],
    similar: [],
  });
}

describe("other people's words", () => {
  it('has at least 60 turns', () => expect(CORPUS.length).toBeGreaterThanOrEqual(60));

  it.each(CORPUS)('$turn', ({ turn, not, keep }) => {
    const got = extract(turn);
    const texts = got.map((c) => c.text.toLowerCase());
    for (const w of not)
      for (const t of texts) expect(t, `"${w}" in "${t}"`).not.toContain(w.toLowerCase());
    if (keep) expect(texts.some((t) => t.includes(keep.toLowerCase()))).toBe(true);
  });
});

describe('ownWords', () => {
  it('keeps the framing and drops the material after a task frame', () => {
    expect(ownWords('Make this more formal: I live in Lagos.')).toBe('Make this more formal.');
  });
  it('leaves a plain statement alone, greeting included', () => {
    expect(ownWords('Hi, I live in Oslo and I work at Acme.')).toBe(
      'Hi, I live in Oslo and I work at Acme.',
    );
  });
  it('drops a whole role-play', () => {
    expect(ownWords("Let's role-play: I'm a pirate from Tortuga.")).toBe('');
  });
});
