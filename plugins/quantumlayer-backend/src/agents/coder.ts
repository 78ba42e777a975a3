import { parseFilesAnswer, AgentFile } from './parse-answers';
import type { AgentParse } from './run-agent';

/** The coder's answer: every source file, as fenced blocks with paths. */
export const parseSources = (text: string): AgentParse<AgentFile[]> =>
  parseFilesAnswer(text);

/** Renders files as the `previous_code` the coder sees on a repair. */
export function filesText(files: AgentFile[], maxChars: number): string {
  let out = '';
  for (const file of files) {
    const block = `--- ${file.path}\n${file.content}\n`;
    if (out.length + block.length > maxChars) {
      out += `--- (${files.length} files in all; the rest left out for length)\n`;
      break;
    }
    out += block;
  }
  return out;
}
