/** Names in a clause: people, places, organisations, products (via compromise). */
import nlp from 'compromise';

const NOT_ENTITIES = new Set(['I', 'OK', 'AM', 'PM', 'TV', 'LOL', 'OMG', 'BTW', 'FYI', 'ASAP']);

export function entitiesOf(
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
