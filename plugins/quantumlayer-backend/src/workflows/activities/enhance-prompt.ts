import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type { PromptSet } from '../../prompts/prompt-template';
import type { ActivityDeps } from './types';

/**
 * Stage 2: fix the prompt template version of every agent for this run, so a
 * later edit of a template never changes what a run did (it is in the manifest).
 */
export const createEnhancePrompt = (deps: ActivityDeps) =>
  async function enhancePrompt(input: {
    request: GenerateRequest;
  }): Promise<{ prompts: PromptSet }> {
    const { language, type } = input.request;
    return { prompts: await deps.prompts.resolveSet(language, type) };
  };
