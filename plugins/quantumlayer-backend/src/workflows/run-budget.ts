// Workflow-side accounting of a run's LLM spending: deterministic, no I/O.
import { ApplicationFailure } from '@temporalio/workflow';
import type { RunUsageRecord } from '@internal/backstage-plugin-quantumlayer-common';
import type { AgentUsage } from '../agents/agent-usage';
import type { RunBudgetLimits } from './shared';

/** Sums what a run's agents spent and stops the run once its budget is gone. */
export class RunBudget {
  private spent: AgentUsage = {
    calls: 0,
    promptTokens: 0,
    completionTokens: 0,
    costUsd: 0,
  };

  constructor(readonly limits: RunBudgetLimits = {}) {}

  charge(usage: AgentUsage): void {
    this.spent = {
      calls: this.spent.calls + usage.calls,
      promptTokens: this.spent.promptTokens + usage.promptTokens,
      completionTokens: this.spent.completionTokens + usage.completionTokens,
      costUsd: this.spent.costUsd + usage.costUsd,
    };
  }

  get tokens(): number {
    return this.spent.promptTokens + this.spent.completionTokens;
  }

  get usage(): AgentUsage {
    return { ...this.spent };
  }

  /** Tokens left, to cap the next call's answer; undefined when unlimited. */
  remainingTokens(): number | undefined {
    const max = this.limits.maxTokens;
    return max === undefined ? undefined : Math.max(0, max - this.tokens);
  }

  /** What is left, as the limits of a child workflow. */
  remaining(): RunBudgetLimits {
    const { maxCostUsd } = this.limits;
    return {
      maxTokens: this.remainingTokens(),
      maxCostUsd:
        maxCostUsd === undefined
          ? undefined
          : Math.max(0, maxCostUsd - this.spent.costUsd),
    };
  }

  /** Why the budget is spent, or undefined while some is left. */
  exhausted(): string | undefined {
    const { maxTokens, maxCostUsd } = this.limits;
    if (maxTokens !== undefined && this.tokens >= maxTokens) {
      return `${this.tokens} of ${maxTokens} tokens spent`;
    }
    if (maxCostUsd !== undefined && this.spent.costUsd >= maxCostUsd) {
      return `$${this.spent.costUsd.toFixed(4)} of $${maxCostUsd} spent`;
    }
    return undefined;
  }

  /** Stops the run, non-retryably, when nothing is left for `next`. */
  check(next: string): void {
    const reason = this.exhausted();
    if (reason) {
      throw ApplicationFailure.nonRetryable(
        `the run's LLM budget is spent (${reason}) before ${next}; raise quantumlayer.workflow.budget or simplify the request`,
        'WorkflowBudgetExhausted',
      );
    }
  }

  record(): RunUsageRecord {
    return { ...this.spent, budget: { ...this.limits } };
  }
}
