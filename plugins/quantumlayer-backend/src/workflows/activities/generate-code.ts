import { cancellationSignal } from '@temporalio/activity';
import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type { LlmMessage } from '@internal/backstage-plugin-quantumlayer-node';
import type { ProjectPlan } from '../../agents/architect';
import type { EnhancedPrompt } from '../../prompts/prompt-registry';
import { beat, currentActivity, llmCallContext } from './activity-context';
import type { LlmBilling } from '../shared';
import type { ActivityDeps } from './types';

/** Output of stage 5: the raw model answer is stored, never passed inline. */
export interface GeneratedCodeRef {
  outputKey: string;
  provider: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
}

function planText(plan: ProjectPlan): string {
  return `Plan: ${plan.approach}\nFiles:\n${plan.files
    .map(f => `- ${f.path}: ${f.purpose}`)
    .join('\n')}`;
}

/**
 * Shared by the coder (stage 5) and tester (stage 7) calls: builds messages from
 * the enhanced prompt and plan, calls the router and stores the answer.
 */
export async function generateWithRouter(
  deps: ActivityDeps,
  input: {
    request: GenerateRequest;
    promptKey: string;
    plan: ProjectPlan;
    kind: 'code' | 'tests' | 'repair';
    instruction?: string;
    feedback?: string;
    billing?: LlmBilling;
  },
): Promise<GeneratedCodeRef> {
  const enhanced: EnhancedPrompt = JSON.parse(
    await deps.store.getText(input.promptKey),
  );
  const { request } = input;
  const messages: LlmMessage[] = [
    { role: 'system', content: enhanced.system },
    { role: 'user', content: `${enhanced.user}\n\n${planText(input.plan)}` },
  ];
  if (input.instruction)
    messages.push({ role: 'user', content: input.instruction });
  if (input.feedback) {
    messages.push({
      role: 'user',
      content: `The previous attempt failed. Fix these problems and answer with every file again:\n${input.feedback}`,
    });
  }
  beat({ stage: input.kind });
  const completion = await deps.router.complete(
    {
      messages,
      temperature: 0.2,
      abortSignal: currentActivity() ? cancellationSignal() : undefined,
      task: {
        kind: input.kind,
        language: request.language,
        type: request.type,
        projectName: request.requirements.project_name,
        prompt: request.prompt,
        feedback: input.feedback,
      },
    },
    llmCallContext(input.billing),
  );
  const blob = await deps.store.putBlob(completion.text);
  return {
    outputKey: blob.sha256,
    provider: completion.provider,
    model: completion.model,
    promptTokens: completion.usage.promptTokens,
    completionTokens: completion.usage.completionTokens,
  };
}

/** Stage 5: the coder agent writes the sources (again, with feedback, on repair). */
export const createGenerateCode = (deps: ActivityDeps) =>
  async function generateCode(input: {
    request: GenerateRequest;
    promptKey: string;
    plan: ProjectPlan;
    feedbackKey?: string;
    billing?: LlmBilling;
  }): Promise<GeneratedCodeRef> {
    const feedback = input.feedbackKey
      ? await deps.store.getText(input.feedbackKey)
      : undefined;
    return generateWithRouter(deps, {
      ...input,
      kind: feedback ? 'repair' : 'code',
      feedback,
    });
  };
