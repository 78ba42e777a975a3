import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';
import type {
  LlmCompletion,
  LlmCompletionRequest,
} from '@internal/backstage-plugin-quantumlayer-node';
import type { LlmRouter } from '../llm/llm-router';
import { extractJson } from '../parser/extract-code-blocks';
import { llmCallContext } from '../workflows/activities/activity-context';
import type { LlmBilling } from '../workflows/shared';

/**
 * Asks the router for a JSON answer and validates it with `schema`. A bad
 * answer is re-asked (at most `attempts` calls in all) with the error shown to
 * the model; then the activity fails for good with `AgentOutputInvalid`.
 */
export async function runJsonAgent<T>(options: {
  router: LlmRouter;
  request: LlmCompletionRequest;
  schema: z.ZodType<T>;
  agent: string;
  attempts?: number;
  billing?: LlmBilling;
}): Promise<{ value: T; completion: LlmCompletion }> {
  const attempts = options.attempts ?? 2;
  let messages = options.request.messages;
  let problem = '';
  for (let i = 0; i < attempts; i++) {
    const completion = await options.router.complete(
      { ...options.request, messages },
      llmCallContext(options.billing),
    );
    let candidate: unknown;
    try {
      candidate = extractJson(completion.text);
    } catch (error) {
      problem = `the answer was not JSON (${(error as Error).message})`;
    }
    if (candidate !== undefined) {
      const parsed = options.schema.safeParse(candidate);
      if (parsed.success) return { value: parsed.data, completion };
      problem = parsed.error.issues
        .map(x => `${x.path.join('.')}: ${x.message}`)
        .join('; ');
    }
    messages = [
      ...options.request.messages,
      { role: 'assistant', content: completion.text },
      {
        role: 'user',
        content: `That answer was invalid: ${problem}. Answer again with valid JSON only.`,
      },
    ];
  }
  throw ApplicationFailure.nonRetryable(
    `${options.agent} agent gave no valid answer in ${attempts} attempts: ${problem}`,
    'AgentOutputInvalid',
  );
}
