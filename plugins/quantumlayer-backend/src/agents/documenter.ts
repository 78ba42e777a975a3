import { extractCodeBlocks } from '../parser/extract-code-blocks';
import type { AgentParse } from './run-agent';

/** The documenter's answer: one README.md block (or a bare Markdown answer) starting with a title. */
export function parseReadme(text: string): AgentParse<string> {
  const blocks = extractCodeBlocks(text);
  const readme =
    blocks.find(b => b.path.toLowerCase() === 'readme.md')?.content ??
    (blocks.length === 0 ? text : undefined);
  if (readme === undefined) {
    return { problem: 'the answer had no ```markdown file=README.md block' };
  }
  const trimmed = readme.trim();
  if (!trimmed.startsWith('# ')) {
    return { problem: 'README.md must start with a "# " title line' };
  }
  if (trimmed.length > 50_000) {
    return { problem: 'README.md is longer than 50000 characters' };
  }
  return { value: `${trimmed}\n` };
}
