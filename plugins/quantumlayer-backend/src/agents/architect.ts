import { z } from 'zod';
import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type { LlmMessage } from '@internal/backstage-plugin-quantumlayer-node';
import type { ContextMatch } from '../artifacts/vector-index';

/** The architect's plan: which files to write and how. */
export const planSchema = z.object({
  approach: z.string().min(1).max(2000),
  files: z
    .array(
      z.object({
        path: z.string().min(1).max(200),
        purpose: z.string().max(300),
      }),
    )
    .min(1)
    .max(50),
});

export type ProjectPlan = z.infer<typeof planSchema>;

export const ARCHITECT_PROMPT_ID = 'agent.architect.v1';

/** The architect agent's messages: the enhanced prompt plus retrieved context. */
export function architectMessages(options: {
  request: GenerateRequest;
  enhanced: { system: string; user: string };
  context: ContextMatch[];
}): LlmMessage[] {
  const context = options.context.length
    ? `\n\nSimilar earlier projects:\n${options.context
        .map(
          c =>
            `- ${c.projectName} (score ${c.score.toFixed(
              2,
            )}): ${c.summary.slice(0, 200)}`,
        )
        .join('\n')}`
    : '';
  return [
    {
      role: 'system',
      content:
        'You are a software architect. Plan the files of the project below. Answer with one ```json block: {"approach": string, "files": [{"path": string, "purpose": string}]}.',
    },
    { role: 'user', content: `${options.enhanced.user}${context}` },
  ];
}
