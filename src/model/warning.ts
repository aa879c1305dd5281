/** Kinds of problems found in input; each is counted in the run report. */
export type WarningKind =
  | 'empty-input'
  | 'not-wikitext'
  | 'invalid-utf8'
  | 'control-character'
  | 'unreadable-input'
  | 'no-date'
  | 'date-mismatch'
  | 'truncated-page'
  | 'unclosed-template'
  | 'unclosed-link'
  | 'unclosed-tag'
  | 'unknown-template'
  | 'unrecognised-line'
  | 'empty-event'
  | 'bad-source-url'
  | 'fetch-failed'
  | 'duplicate-day'
  | 'parser-failure'
  | 'too-large';

/** A problem with one piece of input, recorded in the run report; never a crash, never a silent drop. */
export interface Warning {
  kind: WarningKind;
  message: string;
  /** The file or page the problem is in. */
  origin?: string;
  /** The portal day (YYYY-MM-DD) when known. */
  day?: string;
  /** 1-based line in the input when it applies. */
  line?: number;
}

/** Formats a warning as one log line: `origin:line (day): message [kind]`. */
export function formatWarning(w: Warning): string {
  const where = [w.origin ?? '', w.line !== undefined ? `:${w.line}` : ''].join('');
  const day = w.day ? ` (${w.day})` : '';
  return `${where}${day}: ${w.message} [${w.kind}]`;
}
