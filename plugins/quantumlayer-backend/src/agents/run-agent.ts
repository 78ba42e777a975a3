import { ApplicationFailure } from '@temporalio/activity';
import { OFFLINE_TEMPLATE_PROVIDER } from '@internal/backstage-plugin-quantumlayer-common';
import type {
  LlmCompletionRequest,
  LlmRouterClient,
  CallContext,
  RoutedCompletion,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { RenderedPrompt } from '../prompts/prompt-template';
import { addUsage, AgentUsage, NO_USAGE, usageOf } from './agent-usage';

/** What an agent's parser makes of an answer: a value, or why it is invalid. */
export type AgentParse<T> = { value: T } | { problem: string };

/** Everything an agent call needs besides its prompt and parser. */
export interface AgentCall {
  router: LlmRouterClient;
  /** Router alias to ask; the router's default alias when unset. */
  model?: string;
  /** Who the router bills and how it routes (caller, group, run); none: the router's defaults. */
  call?: CallContext;
  /** The request's labels (the offline template provider reads `codegen.*`). */
  metadata?: Record<string, string>;
  temperature?: number;
  maxTokens?: number;
  abortSignal?: AbortSignal;
}

/** What an agent returns: the parsed value plus what the calls cost. */
export interface AgentResult<T> {
  value: T;
  usage: AgentUsage;
  provider: string;
  model: string;
  attempts: number;
  /** True when the offline template provider answered any of the calls. */
  offlineTemplate: boolean;
}

/**
 * Calls the router with a rendered template and parses the answer strictly. A
 * malformed answer is re-asked (at most `attempts` calls in all) with the
 * problem shown to the model; then the activity fails for good with
 * `AgentOutputInvalid` naming the agent and the problem.
 */
export async function runAgent<T>(
  options: AgentCall & {
    agent: string;
    prompt: RenderedPrompt;
    parse: (text: string) => AgentParse<T> | Promise<AgentParse<T>>;
    responseFormat?: 'text' | 'json';
    attempts?: number;
  },
): Promise<AgentResult<T>> {
  const attempts = options.attempts ?? 2;
  const base: LlmCompletionRequest['messages'] = [
    { role: 'system', content: options.prompt.system },
    { role: 'user', content: options.prompt.user },
  ];
  let messages = base;
  let usage = NO_USAGE;
  let problem = '';
  let offlineTemplate = false;
  let last: RoutedCompletion | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await options.router.complete(
      {
        messages,
        model: options.model,
        temperature: options.temperature ?? 0.2,
        maxTokens: options.maxTokens,
        responseFormat: options.responseFormat,
        abortSignal: options.abortSignal,
        metadata: options.metadata,
      },
      options.call,
    );
    usage = addUsage(usage, usageOf(last));
    offlineTemplate ||= last.provider === OFFLINE_TEMPLATE_PROVIDER;
    const parsed = await safely(options.parse, last.text);
    if ('value' in parsed) {
      return {
        value: parsed.value,
        usage,
        provider: last.provider,
        model: last.model,
        attempts: i + 1,
        offlineTemplate,
      };
    }
    problem = parsed.problem;
    messages = [
      ...base,
      { role: 'assistant', content: last.text },
      {
        role: 'user',
        content: `That answer was invalid: ${problem}. Answer again in exactly the format asked for.`,
      },
    ];
  }
  throw ApplicationFailure.create({
    message: `${options.agent} agent gave no valid answer in ${attempts} attempt(s): ${problem}`,
    type: 'AgentOutputInvalid',
    nonRetryable: true,
    details: [{ agent: options.agent, usage }],
  });
}

async function safely<T>(
  parse: (text: string) => AgentParse<T> | Promise<AgentParse<T>>,
  text: string,
): Promise<AgentParse<T>> {
  try {
    return await parse(text);
  } catch (error) {
    return { problem: (error as Error).message };
  }
}
