import { planText, ProjectPlan } from '../../agents/architect';
import { filesText, parseSources } from '../../agents/coder';
import { runAgent } from '../../agents/run-agent';
import type { PromptRef } from '../../prompts/prompt-template';
import {
  agentCall,
  AgentStepInput,
  AgentStepUsage,
  loadFiles,
  stepUsage,
  storeFiles,
} from './agent-call';
import type { ActivityDeps, FileRef } from './types';

const MAX_PREVIOUS_CHARS = 50_000;

/**
 * Stage 5: the coder agent writes the sources. On a repair it also sees the
 * previous attempt's files and the feedback (parse problems, test output).
 */
export const createGenerateCode = (deps: ActivityDeps) =>
  async function generateCode(
    input: AgentStepInput & {
      prompt: PromptRef;
      plan: ProjectPlan;
      feedbackKey?: string;
      previous?: FileRef[];
    },
  ): Promise<AgentStepUsage & { files: FileRef[] }> {
    const { request } = input;
    const feedback = input.feedbackKey
      ? await deps.store.getText(input.feedbackKey)
      : undefined;
    const previous = input.previous
      ? filesText(await loadFiles(deps, input.previous), MAX_PREVIOUS_CHARS)
      : undefined;
    const prompt = await deps.prompts.render(input.prompt, {
      project_name: request.requirements.project_name,
      prompt: request.prompt,
      plan: planText(input.plan),
      previous_code: previous,
      feedback,
    });
    const result = await runAgent({
      ...agentCall(deps, input, feedback ? 'repair' : 'code', feedback),
      agent: 'coder',
      prompt,
      parse: parseSources,
    });
    return {
      ...stepUsage(result),
      files: await storeFiles(deps, result.value),
    };
  };
