import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { MAX_PROMPT_BYTES } from '@internal/backstage-plugin-quantumlayer-common';
import { RemoteRouterError } from '@internal/backstage-plugin-quantumlayer-router-node';
import { completeAudited } from '../gateway/chat-operations';
import { classifyError, GatewayFailure } from '../gateway/gateway-errors';
import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { describingIssues } from '@internal/backstage-plugin-quantumlayer-node';
import type { LlmRouterClient } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { GatewayCallers } from '../gateway/gateway-callers';

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** The limiter's text names the limit and ends in `retry after Ns`; added where it is missing. */
function rateLimitText({ message, retryAfterMs }: GatewayFailure) {
  if (retryAfterMs === undefined || /retry after \d+s/.test(message)) {
    return message;
  }
  return `${message}; retry after ${Math.ceil(retryAfterMs / 1000)}s`;
}

/**
 * The router's failure as an error the MCP server reports to the model: a
 * spent budget is NotAllowedError (it will not pass until the budget
 * resets), and so is a reached rate limit, whose message names the limit
 * and the seconds until a retry fits; a bad request is InputError, an
 * unknown model NotFoundError, and upstream trouble ServiceUnavailableError.
 * Anything else is rethrown. (The MCP server shows the model only
 * Backstage's own error names, so a rate limit cannot have one of its own.)
 */
function toActionError(error: unknown): unknown {
  const failure: GatewayFailure =
    error instanceof RemoteRouterError
      ? { status: error.status, type: error.type, message: error.message }
      : classifyError(error);
  if (failure.type === 'budget_exceeded') {
    return new NotAllowedError(`LLM budget spent: ${failure.message}`);
  }
  if (failure.type === 'rate_limit_exceeded') {
    return new NotAllowedError(`LLM rate limit: ${rateLimitText(failure)}`);
  }
  if (failure.status === 400) return new InputError(failure.message);
  if (failure.status === 403) return new NotAllowedError(failure.message);
  if (failure.status === 404) return new NotFoundError(failure.message);
  if (failure.status === 429 || failure.status >= 502) {
    return new ServiceUnavailableError(failure.message);
  }
  return error;
}

/** `chat-completion`: one call through the LLM router, charged to the caller's budget. */
export function registerChatCompletionAction(
  registry: ActionsRegistryService,
  ctx: {
    /** Checks `quantumlayer.router.use` and finds the caller's group. */
    callers: Pick<GatewayCallers, 'callerOf'>;
    router: Pick<LlmRouterClient, 'complete'>;
    auditor?: AuditorService;
    logger?: LoggerService;
  },
) {
  registry.register({
    name: 'chat-completion',
    title: 'Chat completion through the QuantumLayer LLM router',
    description: `Sends one chat conversation through QuantumLayer's LLM router and returns the model's answer text with token usage and cost. The router picks the provider for the model alias (with fallback and caching), and the call is charged to your LLM budget and your team's; when a budget is spent the call is refused (NotAllowedError naming the budget and when it resets), and so it is when your rate limit (requests or tokens per minute) is reached (NotAllowedError "LLM rate limit: …; retry after Ns": wait that long before calling again).
Use it for a quick model answer through your organisation's router (e.g. to explain or summarise), not for generating projects: use generate-code for that. Each call spends budget, so do not repeat it needlessly. Needs quantumlayer.router.use; audited without any text.`,
    attributes: { readOnly: false, destructive: false, idempotent: false },
    schema: {
      input: z =>
        describingIssues(
          'chat-completion',
          z
            .object({
              messages: z
                .array(
                  z
                    .object({
                      role: z.enum(['system', 'user', 'assistant']),
                      content: z.string().max(MAX_PROMPT_BYTES),
                    })
                    .strict(),
                )
                .min(1)
                .max(100)
                .refine(
                  list =>
                    list.reduce((sum, m) => sum + byteLength(m.content), 0) <=
                    MAX_PROMPT_BYTES,
                  `messages must hold at most ${MAX_PROMPT_BYTES} bytes of text together`,
                )
                .describe(
                  'The conversation, oldest first; the last is usually the user message',
                ),
              model: z
                .string()
                .min(1)
                .max(200)
                .optional()
                .describe('A router model alias (default "default")'),
              maxTokens: z
                .number()
                .int()
                .min(1)
                .max(32_768)
                .optional()
                .describe('Most tokens to generate'),
              temperature: z.number().min(0).max(2).optional(),
            })
            .strict(),
        ),
      output: z =>
        z.object({
          text: z.string().describe("The model's answer"),
          finishReason: z.string(),
          alias: z.string(),
          provider: z.string(),
          model: z.string(),
          cached: z.boolean(),
          usage: z.object({
            promptTokens: z.number(),
            completionTokens: z.number(),
          }),
          costUsd: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = await ctx.callers.callerOf(credentials);
      const alias = input.model ?? 'default';
      try {
        const completion = await completeAudited(
          ctx,
          caller,
          {
            model: alias,
            messages: input.messages,
            maxTokens: input.maxTokens,
            temperature: input.temperature,
          },
          // A router role elsewhere bills only whom it can verify: the
          // caller's own credentials travel with the call.
          { caller: caller.ref, group: caller.group, onBehalfOf: credentials },
          { endpoint: 'action.chat-completion', alias },
        );
        return {
          output: {
            text: completion.text,
            finishReason: completion.finishReason,
            alias: completion.route.alias,
            provider: completion.route.provider,
            model: completion.model,
            cached: completion.route.cached,
            usage: {
              promptTokens: completion.usage.promptTokens,
              completionTokens: completion.usage.completionTokens,
            },
            costUsd: completion.route.costUsd,
          },
        };
      } catch (error) {
        throw toActionError(error);
      }
    },
  });
}
