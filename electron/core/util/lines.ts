/**
 * A text file as its lines, each kept with its own ending, so a file edited line by line and joined again
 * keeps every byte it had (jts.ini and IBC's config.ini belong to the Gateway and IBC: we change only our keys).
 */
export interface TextLine {
  /** The line's text without its ending. */
  text: string;
  /** '\r\n', '\n', '\r' or '' for a last line without one. */
  eol: string;
}

export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === '') break;
    lines.push({ text: m[1]!, eol: m[2]! });
  }
  return lines;
}
