/**
 * Whether a user's turn agrees to the assistant's answer just before it ("Perfect, let's go
 * with that.", "This plan looks solid.", "Option 2 it is."): what the user accepted from an
 * answer is the user's decision, part of the work's state (issue 17, item 5). Read from the
 * turn's opening only, where people say yes or no to what they were just given; a turn that
 * opens by rejecting or correcting the answer agrees to nothing.
 *
 * @example
 * agreesWith('Yes, this draft feels acceptable. Let us move forward.'); // true
 * agreesWith('No, you missed the voice notes.'); // false
 */
/** How much of the turn's start is read. */
const OPENING_CHARS = 240;

/** Words that open a yes. */
const YES =
  /^(?:\W*(?:oh|ah|well|right|okay|ok|so|alright|all right)\b[\s,!.]*)?(?:yes|yeah|yep|yup|sure|perfect|great|excellent|brilliant|awesome|fantastic|wonderful|lovely|nice|cool|good|agreed|deal|done|sounds good|sounds great|sounds perfect|works for me|that works|love it|spot on|exactly|absolutely|definitely|confirmed|approved)\b/i;

/** A judgement of what was just given: "this plan looks solid", "that's exactly what I need". */
const JUDGED =
  /\b(?:this|that|these|those|the|your|it)(?: [\w'-]+){0,3}? (?:is|are|was|looks?|sounds?|seems?|feels?|reads?)(?: (?:really|very|so|absolutely|totally|perfectly|pretty|quite|just|all|exactly))? (?:good|great|solid|perfect|right|proper|sharp|excellent|fine|clear|clean|spot on|helpful|useful|acceptable|workable|doable|brilliant|fantastic|ideal|(?:exactly |precisely |just )?what i(?:'m| am| was)? (?:need|needed|want|wanted|after|looking for|was after|was looking for|asked for|talking about))\b|\b(?:makes (?:perfect |total |a lot of )?sense|got it|solid (?:output|plan|work|start)|good work|well done|nice work)\b/i;

/** Taking an option or a plan: "let's go with option 2", "I'll take the second one". */
const CHOSEN =
  /\b(?:let'?s|let us|i'?ll|i will|we'?ll|we will|i'?d like to|i want to|i choose|i pick|go ahead(?: and)?)\s+(?:go with|take|do|use|try|stick with|book|pick|choose|proceed|move forward|start|lock|finalize|go for|run with)\b|\b(?:option|choice|plan|number)\s+(?:\d|[a-c]\b|one|two|three)[^.!?]{0,20}\b(?:it is|sounds|works|please|for me)\b|\bexactly what i (?:need|needed|want|wanted|was after)\b|\bthat'?s what i'?m talking about\b|\b(?:locked|locked in|it'?s a plan|that settles it)\b/i;

/** An opening that turns the answer down or corrects it. */
const NO =
  /^\W*(?:no|nope|nah|not|wait|hold on|hmm|actually|wrong|stop)\b|\b(?:you missed|you forgot|that'?s (?:not|wrong)|this (?:is not|isn'?t)|doesn'?t work|won'?t work|not what i|not quite|not right|too (?:much|expensive|complicated|long))\b/i;

export function agreesWith(userText: string): boolean {
  // (./text.ts's normalizeApostrophes would bring compromise into the service worker.)
  const opening = userText
    .trim()
    .slice(0, OPENING_CHARS)
    .replace(/[‘’´`]/g, "'");
  const sentences = opening.split(/(?<=[.!?])\s+|\n+/);
  const first = sentences[0] ?? '';
  if (NO.test(first)) return false;
  const start = sentences.slice(0, 2).join(' ');
  return YES.test(opening) || JUDGED.test(start) || CHOSEN.test(opening);
}
