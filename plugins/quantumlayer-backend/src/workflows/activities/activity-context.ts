import { Context } from '@temporalio/activity';

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

/** Who the router bills for an activity's LLM calls: the workflow run. */
export function llmCallContext(): { caller: string; workflowId?: string } {
  return {
    caller: 'workflow:quantumlayer/generate-extended',
    workflowId: currentActivity()?.info.workflowExecution?.workflowId,
  };
}
