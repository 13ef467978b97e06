export interface RedactionHit {
  type: string;
  /** Offsets in the input text. */
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  found: RedactionHit[];
}

/** What a detector's validator sees besides the secret. */
export interface MatchContext {
  match: RegExpExecArray;
  /** True when the secret was written in quotes (`"…"`, `'…'`, `` `…` ``). */
  quoted: boolean;
  text: string;
  /** Offset just past the secret in `text`. */
  end: number;
}

/** A regular-expression detector (`re` must have the `g` flag). */
export interface PatternDetector {
  type: string;
  re: RegExp;
  /**
   * The capture groups that may hold the secret, first defined wins (none: the whole
   * match). The groups before `bare` are quoted forms; `bare` is the unquoted one, whose
   * trailing punctuation is not part of the secret.
   */
  groups?: number[];
  bare?: number;
  validate?: (secret: string, ctx: MatchContext) => boolean;
}

/** A detector written as code, for what one pattern cannot say (a list after a keyword). */
export interface ScanDetector {
  type: string;
  scan: (text: string) => { start: number; end: number }[];
}

export type Detector = PatternDetector | ScanDetector;
