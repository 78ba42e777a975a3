import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CODEGEN_STAGE_TITLES,
  CodegenStage,
  MAX_WORKFLOW_WAIT_MS,
  WorkflowRunDetail,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { QuantumlayerApiClient } from '../client/QuantumlayerApiClient';

/** What following a run needs of the action's options. */
export interface FollowOptions {
  api: Pick<QuantumlayerApiClient, 'get' | 'cancel'>;
  longPollMs?: number;
  pollIntervalMs: number;
  timeoutMs: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>(resolve => {
    if (ms <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

/**
 * Follows the run by long-poll, logging each stage as it starts, until it
 * closes; cancels it on abort or after the timeout.
 */
export async function followRun(
  ctx: { logger: { info(m: string): void }; signal?: AbortSignal },
  options: FollowOptions,
  credentials: BackstageCredentials,
  workflowId: string,
): Promise<WorkflowRunDetail> {
  const deadline = Date.now() + options.timeoutMs;
  const logged = new Set<string>();
  for (;;) {
    if (ctx.signal?.aborted || Date.now() > deadline) {
      await options.api.cancel(credentials, workflowId);
      throw new Error(
        ctx.signal?.aborted
          ? `the task was cancelled; cancelled workflow ${workflowId}`
          : `workflow ${workflowId} did not finish within ${options.timeoutMs} ms; cancelled it`,
      );
    }
    const asked = Date.now();
    const waitMs = Math.max(
      0,
      Math.min(
        options.longPollMs ?? 2000,
        MAX_WORKFLOW_WAIT_MS,
        deadline - asked,
      ),
    );
    let detail: WorkflowRunDetail;
    try {
      detail = await options.api.get(credentials, workflowId, {
        waitMs,
        signal: ctx.signal,
      });
    } catch (error) {
      if (ctx.signal?.aborted) continue; // cancelled above
      throw error;
    }
    if (
      detail.progress?.approval?.status === 'awaiting' &&
      !logged.has('approval')
    ) {
      logged.add('approval');
      ctx.logger.info(
        `Waiting for approval until ${detail.progress.approval.deadline}: POST /api/quantumlayer/v1/workflows/${workflowId}/approval with {"decision":"approve"} or {"decision":"reject","reason":"…"}`,
      );
    }
    for (const stage of detail.progress?.stages ?? []) {
      if (stage.status !== 'pending' && !logged.has(stage.stage)) {
        logged.add(stage.stage);
        ctx.logger.info(
          `Stage ${
            CODEGEN_STAGE_TITLES[stage.stage as CodegenStage] ?? stage.stage
          }: ${stage.status}`,
        );
      }
    }
    if (detail.status === 'completed' && detail.result) {
      for (const stage of detail.result.stages) {
        ctx.logger.info(
          `${CODEGEN_STAGE_TITLES[stage.stage]}: ${stage.status} in ${
            stage.durationMs ?? 0
          } ms${stage.detail ? ` (${stage.detail})` : ''}`,
        );
      }
      return detail;
    }
    if (detail.status !== 'running') {
      throw new Error(
        `workflow ${workflowId} ended ${detail.status}: ${
          detail.error ?? 'no error recorded'
        }`,
      );
    }
    await sleep(options.pollIntervalMs - (Date.now() - asked), ctx.signal);
  }
}
