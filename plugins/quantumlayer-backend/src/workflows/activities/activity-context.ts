import { Context } from '@temporalio/activity';
import type { CallContext } from '@internal/backstage-plugin-quantumlayer-router-node';
import type { LlmBilling } from '../shared';

/** The current activity context, or undefined when called outside a worker (unit tests). */
export function currentActivity(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

/** Heartbeats when running inside an activity; a no-op elsewhere. */
export function beat(details?: unknown): void {
  currentActivity()?.heartbeat(details);
}

/**
 * Who the router bills for an activity's LLM calls: the principal that
 * started the run (and their catalog group), else the workflow itself. A
 * router role elsewhere believes only the signed claim the run carries.
 */
export function llmCallContext(billing?: LlmBilling): CallContext {
  return {
    caller: billing?.caller ?? 'workflow:quantumlayer/generate-extended',
    group: billing?.group,
    workflowId: currentActivity()?.info.workflowExecution?.workflowId,
    ...(billing?.claim ? { claim: billing.claim } : {}),
  };
}
