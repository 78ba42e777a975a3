import { parsePlan, ProjectPlan } from '../../agents/architect';
import { runAgent } from '../../agents/run-agent';
import type { ContextMatch } from '../../artifacts/vector-index';
import type { PromptRef } from '../../prompts/prompt-template';
import {
  agentCall,
  AgentStepInput,
  AgentStepUsage,
  stepUsage,
} from './agent-call';
import type { ActivityDeps } from './types';

const contextText = (context: ContextMatch[]) =>
  context
    .map(
      c =>
        `- ${c.projectName} (similarity ${c.score.toFixed(
          2,
        )}): ${c.summary.slice(0, 200)}`,
    )
    .join('\n');

/** Stage 4: the architect agent plans files, interfaces and the approach. */
export const createPlanProject = (deps: ActivityDeps) =>
  async function planProject(
    input: AgentStepInput & { prompt: PromptRef; context: ContextMatch[] },
  ): Promise<AgentStepUsage & { plan: ProjectPlan }> {
    const { request } = input;
    const prompt = await deps.prompts.render(input.prompt, {
      project_name: request.requirements.project_name,
      type: request.type,
      prompt: request.prompt,
      context: contextText(input.context),
    });
    const result = await runAgent({
      ...agentCall(deps, input, 'plan'),
      temperature: 0,
      agent: 'architect',
      prompt,
      parse: parsePlan,
    });
    return { ...stepUsage(result), plan: result.value };
  };
