import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type {
  LlmCompletionRequest,
  LlmRouterClient,
  CallContext,
  RoutedCompletion,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { auditLlmCall, LlmCallStart } from './gateway-audit';
import type { GatewayCaller } from './gateway-callers';
import { classifyError } from './gateway-errors';

/**
 * One completion through the LLM router, billed to `caller` (their budget,
 * their group's) and audited as `llm-call` without any text: the gateway's
 * JSON answers and the chat-completion action both go through here.
 * Errors are rethrown as the router threw them (BudgetExceededError, …).
 */
export async function completeAudited(
  ctx: {
    router: Pick<LlmRouterClient, 'complete'>;
    auditor?: AuditorService;
    logger?: LoggerService;
  },
  caller: GatewayCaller,
  request: LlmCompletionRequest,
  call: CallContext,
  start: Omit<LlmCallStart, 'stream'>,
): Promise<RoutedCompletion> {
  const audit = auditLlmCall(
    ctx.auditor,
    caller,
    { ...start, stream: false },
    ctx.logger,
  );
  try {
    const completion = await ctx.router.complete(request, call);
    // Not waited for: the event is logged after the answer goes out.
    void audit.succeeded(completion.route, completion.usage);
    return completion;
  } catch (error) {
    void audit.failed(classifyError(error));
    throw error;
  }
}
