/** A line of a text file with its 1-based number. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/** Splits a file's text into lines: strips a UTF-8 BOM, accepts CRLF, ignores one final newline. */
export function numberedLines(text: string): NumberedLine[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parts = body.split(/\r?\n/);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((t, i) => ({ line: i + 1, text: t }));
}

/** The cells of a CSV line. Market-data files quote nothing; a quote character is refused by the caller's checks. */
export function cells(text: string): string[] {
  return text.split(',');
}
