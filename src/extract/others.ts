/**
 * Other people's words: what a user pastes, quotes or forwards is not a statement about the
 * user.
 */
import { FIRST_PERSON } from './text';

/** Fenced code, inline code, blockquote lines and lines that look like source code. */
export function dropCodeAndQuotes(text: string): string {
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
