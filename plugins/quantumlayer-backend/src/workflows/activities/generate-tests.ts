import { planText, ProjectPlan } from '../../agents/architect';
import { runAgent } from '../../agents/run-agent';
import { parseTests } from '../../agents/tester';
import type { PromptRef } from '../../prompts/prompt-template';
import {
  agentCall,
  AgentStepInput,
  AgentStepUsage,
  stepUsage,
  storeFiles,
} from './agent-call';
import { parseModelOutput } from '../../parser/parse-output';
import { ParsedFiles, validateFiles } from './parse-and-validate';
import type { ActivityDeps } from './types';

/**
 * Stage 7: the tester agent writes tests from the specification (request and
 * plan). It sees the source paths, so it cannot overwrite one, never their code.
 */
export const createGenerateTests = (deps: ActivityDeps) =>
  async function generateTests(
    input: AgentStepInput & {
      prompt: PromptRef;
      plan: ProjectPlan;
      sourcePaths: string[];
    },
  ): Promise<AgentStepUsage & ParsedFiles> {
    const { request } = input;
    const prompt = await deps.prompts.render(input.prompt, {
      project_name: request.requirements.project_name,
      type: request.type,
      prompt: request.prompt,
      plan: planText(input.plan),
    });
    const sources = new Set(input.sourcePaths);
    const result = await runAgent({
      ...agentCall(deps, input, 'tests'),
      agent: 'tester',
      prompt,
      // Tests that do not parse are re-asked here: the repair loop fixes
      // sources against the tests, never the tests themselves.
      parse: async text => {
        const answer = parseTests(text, sources);
        if ('problem' in answer) return answer;
        const checked = await parseModelOutput(
          { language: request.language, files: answer.value },
          { checkers: deps.checkers },
        );
        return checked.ok ? answer : { problem: checked.problems.join('; ') };
      },
    });
    const files = await storeFiles(deps, result.value);
    return {
      ...stepUsage(result),
      ...(await validateFiles(deps, request, files)),
    };
  };
