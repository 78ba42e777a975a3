import type { RoutedCompletion } from '@internal/backstage-plugin-quantumlayer-router-node';

/** Tokens and money an agent spent, over all its calls (re-asks included). */
export interface AgentUsage {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

export const NO_USAGE: AgentUsage = {
  calls: 0,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
};

export function addUsage(a: AgentUsage, b: AgentUsage): AgentUsage {
  return {
    calls: a.calls + b.calls,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

export function usageOf(completion: RoutedCompletion): AgentUsage {
  return {
    calls: 1,
    promptTokens: completion.usage.promptTokens,
    completionTokens: completion.usage.completionTokens,
    costUsd: completion.route?.costUsd ?? 0,
  };
}
