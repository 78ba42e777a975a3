import type { z } from 'zod';
import { extractCodeBlocks, extractJson } from '../parser/extract-code-blocks';
import { unsafePathReason } from '../parser/safe-path';
import type { AgentParse } from './run-agent';

/** A file an agent wrote, before it is stored. */
export interface AgentFile {
  path: string;
  content: string;
}

/** Parses a JSON answer (a ```json block or the whole text) with `schema`. */
export function parseJsonAnswer<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  text: string,
): AgentParse<T> {
  let candidate: unknown;
  try {
    candidate = extractJson(text);
  } catch (error) {
    return { problem: `the answer was not JSON (${(error as Error).message})` };
  }
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { value: parsed.data };
  return {
    problem: parsed.error.issues
      .map(x => `${x.path.join('.') || '(root)'}: ${x.message}`)
      .join('; '),
  };
}

/**
 * Parses a fenced-files answer: at least one file, every path safe and
 * unique, every file accepted by `accept` (which says why not).
 */
export function parseFilesAnswer(
  text: string,
  accept: (path: string) => string | undefined = () => undefined,
): AgentParse<AgentFile[]> {
  const extracted = extractCodeBlocks(text);
  if (extracted.length === 0) {
    return {
      problem:
        'the answer contained no fenced code blocks opened as ```<language> file=<path>',
    };
  }
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const file of extracted) {
    const reason = unsafePathReason(file.path) ?? accept(file.path);
    if (reason) problems.push(`${file.path}: ${reason}`);
    if (seen.has(file.path)) problems.push(`${file.path}: appears twice`);
    seen.add(file.path);
  }
  if (problems.length > 0) return { problem: problems.join('; ') };
  return { value: extracted.map(f => ({ path: f.path, content: f.content })) };
}
