import { parseFilesAnswer, AgentFile } from './parse-answers';
import type { AgentParse } from './run-agent';

/**
 * The tester's answer: test files only. It wrote them from the request and
 * the plan, so a file that would replace a planned source is refused.
 */
export function parseTests(
  text: string,
  sourcePaths: ReadonlySet<string>,
): AgentParse<AgentFile[]> {
  return parseFilesAnswer(text, path =>
    sourcePaths.has(path)
      ? 'is a source file of the plan; write test files only'
      : undefined,
  );
}
