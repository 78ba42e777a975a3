import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import { planText, ProjectPlan } from '../../agents/architect';
import { parseReadme } from '../../agents/documenter';
import { runAgent } from '../../agents/run-agent';
import type { PromptRef } from '../../prompts/prompt-template';
import {
  agentCall,
  AgentStepInput,
  AgentStepUsage,
  stepUsage,
} from './agent-call';
import type { ActivityDeps, FileRef } from './types';

const RUN_TESTS: Record<string, string> = {
  python: 'python3 -m unittest discover -v',
  javascript: 'node --test test/',
  typescript: 'npm install && npm test',
  go: 'go test ./...',
};

/** The facts the documenter may not invent: files, sizes and how to test. */
function factsSection(
  request: GenerateRequest,
  plan: ProjectPlan,
  files: FileRef[],
  testSummary: string,
): string {
  const rows = files
    .map(
      f =>
        `| \`${f.path}\` | ${
          plan.files.find(p => p.path === f.path)?.purpose ?? ''
        } | ${f.size} |`,
    )
    .join('\n');
  return `
## Files

| path | purpose | bytes |
|---|---|---|
${rows}

## Run the tests

\`\`\`sh
${RUN_TESTS[request.language]}
\`\`\`

Last run: ${testSummary || 'no tests were generated'}
`;
}

/** Stage 11: the documenter agent writes README.md; the stage appends the file table and test command. */
export const createDocumentProject = (deps: ActivityDeps) =>
  async function documentProject(
    input: AgentStepInput & {
      prompt: PromptRef;
      plan: ProjectPlan;
      files: FileRef[];
      testSummary: string;
    },
  ): Promise<AgentStepUsage & { readme: FileRef }> {
    const { request } = input;
    const prompt = await deps.prompts.render(input.prompt, {
      project_name: request.requirements.project_name,
      language: request.language,
      type: request.type,
      prompt: request.prompt,
      plan: planText(input.plan),
      test_summary: input.testSummary,
    });
    const result = await runAgent({
      ...agentCall(deps, input, 'document'),
      agent: 'documenter',
      prompt,
      parse: parseReadme,
    });
    const readme = `${result.value}${factsSection(
      request,
      input.plan,
      input.files,
      input.testSummary,
    )}`;
    const blob = await deps.store.putBlob(readme);
    return {
      ...stepUsage(result),
      readme: { path: 'README.md', sha256: blob.sha256, size: blob.size },
    };
  };
