/**
 * The single-valued attributes of a person's profile: each has one current value and a dated
 * history of the values before it. The extractors name them in `Candidate.slot`; the engine
 * supersedes within a slot; injection reads `needs.ts` to know which a prompt depends on.
 *
 * A slot about someone close to the user is the relation and the attribute joined by a dot
 * ("daughter.allergies", "partner.name"): the same attribute, someone else's value.
 *
 * @example
 * isSingleValued('home') // true
 * isSingleValued('daughter.allergies') // true (the attribute part decides)
 */
export interface AttributeSpec {
  /** The slot key. */
  id: string;
  /** How the injected block names it ("home", "employer"). */
  label: string;
}

/** Every slot the rule extractor and the LLM tier may set. Extend as the data shows. */
export const ATTRIBUTES: readonly AttributeSpec[] = [
  { id: 'name', label: 'name' },
  { id: 'age', label: 'age' },
  { id: 'birthday', label: 'birthday' },
  { id: 'pronouns', label: 'pronouns' },
  { id: 'home', label: 'home' },
  { id: 'hometown', label: 'hometown' },
  { id: 'birthplace', label: 'birthplace' },
  { id: 'origin', label: 'origin' },
  { id: 'nationality', label: 'nationality' },
  { id: 'religion', label: 'religion' },
  { id: 'employer', label: 'employer' },
  { id: 'job', label: 'job' },
  { id: 'school', label: 'school' },
  { id: 'study', label: 'field of study' },
  { id: 'diet', label: 'diet' },
  { id: 'allergies', label: 'allergies' },
  { id: 'relationship_status', label: 'relationship' },
  { id: 'partner', label: 'partner' },
  { id: 'children', label: 'children' },
  { id: 'pet', label: 'pet' },
  { id: 'vehicle', label: 'vehicle' },
  { id: 'phone', label: 'phone' },
  { id: 'device', label: 'device' },
  { id: 'os', label: 'operating system' },
  { id: 'editor', label: 'editor' },
  { id: 'stack', label: 'stack' },
  { id: 'primary_language', label: 'language' },
  { id: 'commute', label: 'commute' },
  { id: 'exercise', label: 'exercise' },
  { id: 'coffee_order', label: 'usual coffee' },
  { id: 'pregnancy', label: 'pregnancy' },
  { id: 'health_condition', label: 'health' },
  { id: 'medication', label: 'medication' },
  { id: 'salary', label: 'salary' },
  { id: 'timezone', label: 'time zone' },
];

const BY_ID = new Map(ATTRIBUTES.map((a) => [a.id, a]));

/** The attribute part of a slot ("daughter.allergies" → "allergies"). */
export function attributeOf(slot: string): string {
  const dot = slot.lastIndexOf('.');
  return dot < 0 ? slot : slot.slice(dot + 1);
}

/**
 * Whether a slot names a known single-valued attribute. `favorite_*` slots are too, and so
 * are `opinion_*` slots (the user's current opinion of one thing: "hates running" replaces
 * "loves running").
 */
export function isSingleValued(slot: string): boolean {
  const a = attributeOf(slot);
  return BY_ID.has(a) || a.startsWith('favorite_') || a.startsWith('opinion_');
}

export function attributeLabel(slot: string): string {
  const a = attributeOf(slot);
  return BY_ID.get(a)?.label ?? a.replace(/_/g, ' ');
}
