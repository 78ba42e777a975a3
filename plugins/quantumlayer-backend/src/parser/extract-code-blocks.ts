/** One file recovered from model output. */
export interface ExtractedFile {
  path: string;
  lang: string;
  content: string;
}

// Both patterns are linear: anchored or started by a fixed word, and no two
// neighbouring quantifiers can match the same character (see
// adversarial.test.ts). Fence lines are read by `readFenceOpen`, a scanner:
// the regex it replaces backtracked cubically on "```" + spaces + "`\r".
const FILE_ATTR = /(?:^|\s)(?:file|path|filename)\s*[=:]\s*"?([^\s"]+)"?/i;
const FILE_COMMENT = /^\s*(?:\/\/|#|--)\s*(?:file|path)\s*:\s*(\S+)\s*$/i;
const DEFAULT_NAMES: Record<string, string> = {
  python: 'main.py',
  py: 'main.py',
  typescript: 'src/index.ts',
  ts: 'src/index.ts',
  javascript: 'src/index.js',
  js: 'src/index.js',
  go: 'main.go',
};

/** Whitespace as the regex class `\s` has it (the common ones compared first). */
const WHITESPACE = /\s/;
const isSpace = (c: string) =>
  c === ' ' || c === '\n' || c === '\t' || c === '\r' || WHITESPACE.test(c);

/** Index of the first non-whitespace character of `s` at or after `i`. */
function skipSpaces(s: string, i: number): number {
  let at = i;
  while (at < s.length && isSpace(s[at])) at++;
  return at;
}

/**
 * A fence opening line: three or more backticks or tildes at the start, then
 * the info string: its first word (up to whitespace or a backtick) is the
 * language, the rest, trimmed, holds attributes such as `file=app.py`.
 */
function readFenceOpen(
  line: string,
): { fence: string; lang: string; info: string } | undefined {
  const mark = line[0];
  if (mark !== '`' && mark !== '~') return undefined;
  let end = 1;
  while (line[end] === mark) end++;
  if (end < 3) return undefined;
  const langStart = skipSpaces(line, end);
  let langEnd = langStart;
  while (
    langEnd < line.length &&
    line[langEnd] !== '`' &&
    !isSpace(line[langEnd])
  ) {
    langEnd++;
  }
  return {
    fence: line.slice(0, end),
    lang: line.slice(langStart, langEnd),
    info: line.slice(skipSpaces(line, langEnd)).trim(),
  };
}

/**
 * Extracts fenced code blocks. A block names its file with an info-string
 * attribute (```python file=app.py) or a first-line comment (# file: app.py);
 * an unnamed block gets the language's default name when it is the only one
 * (its fence's language, else `defaultLanguage`). Blocks whose language is
 * `json` without a file name (plans) are skipped. Linear in the text's size.
 */
export function extractCodeBlocks(
  text: string,
  options: { defaultLanguage?: string } = {},
): ExtractedFile[] {
  const lines = text.split(/\r?\n/);
  const files: ExtractedFile[] = [];
  const unnamed: ExtractedFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = readFenceOpen(lines[i]);
    if (!open) continue;
    const { fence } = open;
    const lang = open.lang.toLowerCase();
    const body: string[] = [];
    let j = i + 1;
    while (
      j < lines.length &&
      !(lines[j].startsWith(fence) && lines[j].trim() === fence)
    ) {
      body.push(lines[j]);
      j++;
    }
    i = j;
    let path = FILE_ATTR.exec(open.info)?.[1];
    if (!path && body.length > 0) {
      const comment = FILE_COMMENT.exec(body[0]);
      if (comment) {
        path = comment[1];
        body.shift();
      }
    }
    const content = `${body.join('\n')}\n`;
    if (path) files.push({ path, lang, content });
    else unnamed.push({ path: '', lang, content });
  }
  if (files.length === 0 && unnamed.length === 1) {
    const lang =
      unnamed[0].lang || (options.defaultLanguage ?? '').toLowerCase();
    if (DEFAULT_NAMES[lang])
      files.push({ ...unnamed[0], lang, path: DEFAULT_NAMES[lang] });
  }
  return files;
}

/**
 * The body of the first block opened by ```` ``` ```` or ```` ```json ````
 * (anywhere on a line, followed by whitespace up to a line break) and closed
 * by a line starting with ```` ``` ````; undefined when there is none. One
 * pass: each opening's whitespace is read once, and the first search for a
 * closing that fails ends the search, since no later opening could close.
 */
function firstJsonBlock(text: string): string | undefined {
  for (
    let at = text.indexOf('```');
    at >= 0;
    at = text.indexOf('```', at + 1)
  ) {
    let i = text.startsWith('json', at + 3) ? at + 7 : at + 3;
    let newline = -1;
    for (; i < text.length && isSpace(text[i]); i++) {
      if (text[i] === '\n') newline = i;
    }
    if (newline < 0) continue;
    const close = text.indexOf('\n```', newline + 1);
    if (close < 0) return undefined;
    return text.slice(newline + 1, close);
  }
  return undefined;
}

/**
 * Reads the first JSON block (or the whole text) as JSON. Callers validate the
 * value with a schema; this only finds it. Linear in the text's size.
 */
export function extractJson(text: string): unknown {
  return JSON.parse(firstJsonBlock(text) ?? text);
}
