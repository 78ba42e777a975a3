import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type { ActivityDeps } from './types';

/** Output of stage 2: the enhanced prompt lives in QuantumDrop under `promptKey`. */
export interface EnhancedPromptRef {
  promptKey: string;
  templateId: string;
  templateVersion: number;
}

/** Stage 2: apply the versioned meta-prompt template for the language and type. */
export const createEnhancePrompt = (deps: ActivityDeps) =>
  async function enhancePrompt(input: {
    request: GenerateRequest;
  }): Promise<EnhancedPromptRef> {
    const { request } = input;
    const enhanced = deps.prompts.render({
      language: request.language,
      type: request.type,
      values: {
        project_name: request.requirements.project_name,
        prompt: request.prompt,
      },
    });
    const blob = await deps.store.putBlob(JSON.stringify(enhanced));
    return {
      promptKey: blob.sha256,
      templateId: enhanced.templateId,
      templateVersion: enhanced.templateVersion,
    };
  };
