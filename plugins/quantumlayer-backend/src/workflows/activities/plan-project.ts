import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import {
  architectMessages,
  planSchema,
  ProjectPlan,
} from '../../agents/architect';
import { runJsonAgent } from '../../agents/run-agent';
import type { ContextMatch } from '../../artifacts/vector-index';
import type { EnhancedPrompt } from '../../prompts/prompt-registry';
import type { LlmBilling } from '../shared';
import type { ActivityDeps } from './types';

/** Stage 4: the architect agent plans the files and the approach. */
export const createPlanProject = (deps: ActivityDeps) =>
  async function planProject(input: {
    request: GenerateRequest;
    promptKey: string;
    context: ContextMatch[];
    billing?: LlmBilling;
  }): Promise<ProjectPlan> {
    const enhanced: EnhancedPrompt = JSON.parse(
      await deps.store.getText(input.promptKey),
    );
    const { request } = input;
    const { value } = await runJsonAgent({
      router: deps.router,
      billing: input.billing,
      agent: 'architect',
      schema: planSchema,
      request: {
        messages: architectMessages({
          request,
          enhanced,
          context: input.context,
        }),
        temperature: 0,
        task: {
          kind: 'plan',
          language: request.language,
          type: request.type,
          projectName: request.requirements.project_name,
          prompt: request.prompt,
        },
      },
    });
    return value;
  };
