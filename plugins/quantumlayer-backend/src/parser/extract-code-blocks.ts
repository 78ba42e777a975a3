/** One file recovered from model output. */
export interface ExtractedFile {
  path: string;
  lang: string;
  content: string;
}

const FENCE_OPEN = /^(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;
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

/**
 * Extracts fenced code blocks. A block names its file with an info-string
 * attribute (```python file=app.py) or a first-line comment (# file: app.py);
 * an unnamed block gets the language's default name when it is the only one
 * (its fence's language, else `defaultLanguage`). Blocks whose language is
 * `json` without a file name (plans) are skipped.
 */
export function extractCodeBlocks(
  text: string,
  options: { defaultLanguage?: string } = {},
): ExtractedFile[] {
  const lines = text.split(/\r?\n/);
  const files: ExtractedFile[] = [];
  const unnamed: ExtractedFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const lang = open[2].toLowerCase();
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
    let path = FILE_ATTR.exec(open[3])?.[1];
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
 * Reads the first JSON block (or the whole text) as JSON. Callers validate the
 * value with a schema; this only finds it.
 */
export function extractJson(text: string): unknown {
  const match = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text);
  return JSON.parse(match ? match[1] : text);
}
