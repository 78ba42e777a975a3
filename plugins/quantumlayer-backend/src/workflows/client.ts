import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type {
  ApprovalRecord,
  GenerateRequest,
  GenerateResult,
  ListableRunStatus,
  WorkflowProgress,
  WorkflowRunDetail,
  WorkflowRunStatus,
  WorkflowRunSummary,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  CallerClaims,
  RUN_CLAIM_TTL_MS,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import type { TemporalSettings } from '../temporal/temporal-settings';
import {
  ApprovalDecision,
  approvalUpdate,
  CODEGEN_STAGE_KEY,
  GENERATE_EXTENDED_WORKFLOW,
  GenerateExtendedInput,
  LlmBilling,
  progressQuery,
} from './shared';
import {
  listQuery,
  ownerOf,
  STATUS,
  summarizeDescription,
  summarizeExecution,
} from './run-summaries';
import { ownerMemo, ownerSearchAttributes } from './run-owner';

const QUERY_DEADLINE_MS = 3_000;

/** The run a start answered with, and what its memo says of who started it with what. */
export interface StartedRun {
  workflowId: string;
  runId: string;
  /** Only when the start was asked to check (`idempotent`): the run's memo. */
  startedWith?: { owner?: string; requestHash?: string };
}

/** The run's approval gate refused a decision (not waiting, already decided). */
export class ApprovalRefusedError extends Error {
  name = 'ApprovalRefusedError';
}

export class WorkflowRunNotFoundError extends Error {}

/**
 * Starts, inspects, lists and cancels generate-extended runs under business ids.
 * Connects lazily, so the backend starts even while Temporal is still coming up.
 */
export class GenerateWorkflowClient {
  private client?: Promise<Client>;

  constructor(
    private readonly settings: TemporalSettings,
    private readonly options: {
      /** Signs the run's billing, so a router role elsewhere can trust it. */
      claims?: CallerClaims;
    } = {},
  ) {}

  /** The Temporal client, connected on first use (health checks read the service directly). */
  temporalClient(): Promise<Client> {
    return this.connect();
  }

  private connect(): Promise<Client> {
    this.client ??= Connection.connect({
      address: this.settings.address,
      tls: this.settings.tls,
      apiKey: this.settings.apiKey,
    })
      .then(
        connection =>
          new Client({
            connection,
            namespace: this.settings.namespace,
            // Starts and signals carry the caller's trace into the workflow.
            interceptors: {
              workflow: [new OpenTelemetryWorkflowClientInterceptor()],
            },
          }),
      )
      .catch(error => {
        this.client = undefined;
        throw error;
      });
    return this.client;
  }

  temporalUiUrl(workflowId: string): string {
    return `${this.settings.uiUrl}/namespaces/${encodeURIComponent(
      this.settings.namespace,
    )}/workflows/${encodeURIComponent(workflowId)}`;
  }

  /**
   * Starts a run, or attaches to the running one with the same id
   * (USE_EXISTING), so retries and restarts never start a second run.
   * With `idempotent`, the request's hash goes into the memo and the answer
   * carries the memo of the run it names (`startedWith`), which may be an
   * earlier run under the same id: the caller decides whether it is theirs.
   */
  async start(
    workflowId: string,
    request: GenerateRequest,
    billing?: LlmBilling,
    idempotent?: { requestHash: string },
  ): Promise<StartedRun> {
    const client = await this.connect();
    const claims = this.options.claims;
    const input: GenerateExtendedInput = {
      request,
      options: {
        maxRepairAttempts: this.settings.maxRepairAttempts,
        budget: this.settings.budget,
        sandboxTaskQueue: this.settings.sandboxTaskQueue,
        billing:
          billing && claims
            ? {
                ...billing,
                claim: claims.sign(
                  { caller: billing.caller, group: billing.group, workflowId },
                  RUN_CLAIM_TTL_MS,
                ),
              }
            : billing,
      },
    };
    try {
      const handle = await client.workflow.start(GENERATE_EXTENDED_WORKFLOW, {
        workflowId,
        taskQueue: this.settings.taskQueue,
        args: [input],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        // A closed run keeps its id: the same key answers with that run.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        // Who started the run, in the memo (the permission rules read it)
        // and as search attributes (the run list filters on them).
        typedSearchAttributes: [
          { key: CODEGEN_STAGE_KEY, value: 'validate' },
          ...ownerSearchAttributes(billing),
        ],
        memo: ownerMemo(billing, idempotent?.requestHash),
      });
      if (!idempotent) {
        return { workflowId, runId: handle.firstExecutionRunId };
      }
      // USE_EXISTING does not say whether it started this run or found one.
      return this.startedRun(await handle.describe());
    } catch (error) {
      // A closed run with this id: the idempotent answer is that run.
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        const description = await client.workflow
          .getHandle(workflowId)
          .describe();
        return idempotent
          ? this.startedRun(description)
          : { workflowId, runId: description.runId };
      }
      throw error;
    }
  }

  private startedRun(description: {
    workflowId: string;
    runId: string;
    memo?: Record<string, unknown>;
  }): StartedRun {
    const { owner } = ownerOf(description.memo);
    const hash = description.memo?.requestHash;
    return {
      workflowId: description.workflowId,
      runId: description.runId,
      startedWith: {
        owner: owner ?? undefined,
        requestHash: typeof hash === 'string' ? hash : undefined,
      },
    };
  }

  /** The run's description; WorkflowRunNotFoundError unless it is a generate-extended run. */
  private async describeHandle(workflowId: string) {
    const client = await this.connect();
    const handle = client.workflow.getHandle(workflowId);
    try {
      const description = await handle.describe();
      if (description.type === GENERATE_EXTENDED_WORKFLOW) {
        return { client, handle, description };
      }
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    throw new WorkflowRunNotFoundError(`workflow ${workflowId} not found`);
  }

  /** Who a run belongs to; undefined when there is no such run. */
  async ownership(
    workflowId: string,
  ): Promise<
    { workflowId: string; owner?: string; group?: string } | undefined
  > {
    try {
      const { description } = await this.describeHandle(workflowId);
      const { owner, group } = ownerOf(description.memo);
      return {
        workflowId,
        owner: owner ?? undefined,
        group: group ?? undefined,
      };
    } catch (error) {
      if (error instanceof WorkflowRunNotFoundError) return undefined;
      throw error;
    }
  }

  async describe(workflowId: string): Promise<WorkflowRunDetail> {
    const { client, handle, description } = await this.describeHandle(
      workflowId,
    );
    const status = STATUS[description.status.name] ?? 'unknown';
    let progress: WorkflowProgress | null = null;
    let result: GenerateResult | null = null;
    let error: string | null = null;
    if (status === 'completed') {
      // A closed run's result carries its stages: no query (and no worker) needed.
      const completed: GenerateResult = await handle.result();
      result = completed;
      progress = {
        currentStage: 'done',
        stages: completed.stages,
        repairAttempts: completed.repairAttempts,
      };
    } else {
      // Queries need a worker; a short deadline keeps this answer fast when
      // none is polling (the CodegenStage attribute still tells the stage).
      progress = await client
        .withDeadline(Date.now() + QUERY_DEADLINE_MS, () =>
          handle.query(progressQuery),
        )
        .catch(() => null);
      if (
        status === 'failed' ||
        status === 'timed_out' ||
        status === 'terminated'
      ) {
        error = await handle.result().then(
          () => null,
          (e: Error) => (e.cause as Error | undefined)?.message ?? e.message,
        );
      }
    }
    return {
      ...summarizeDescription(description),
      progress,
      result,
      error,
      temporal_ui_url: this.temporalUiUrl(workflowId),
    };
  }

  /**
   * One page of runs, newest first. `where` is a list-filter clause that
   * Temporal applies before paging (see `renderRunFilter`), so a page holds
   * `pageSize` matching runs while more exist.
   */
  async list(options: {
    status?: ListableRunStatus;
    where?: string;
    pageSize: number;
    pageToken?: string;
  }): Promise<{ items: WorkflowRunSummary[]; next_page_token: string | null }> {
    const client = await this.connect();
    const query = listQuery(options.status, options.where);
    const response = await client.workflowService.listWorkflowExecutions({
      namespace: this.settings.namespace,
      pageSize: options.pageSize,
      nextPageToken: options.pageToken
        ? Buffer.from(options.pageToken, 'base64url')
        : undefined,
      query,
    });
    const items = (response.executions ?? []).map(summarizeExecution);
    const token = response.nextPageToken?.length
      ? Buffer.from(response.nextPageToken).toString('base64url')
      : null;
    return { items, next_page_token: token };
  }

  /**
   * Asks a running run to cancel (again, if asked before: Temporal keeps one
   * request). A closed run is left as it is: `requested` is false and
   * `status` says how it closed.
   */
  async cancel(
    workflowId: string,
  ): Promise<{ requested: boolean; status: WorkflowRunStatus }> {
    const { handle, description } = await this.describeHandle(workflowId);
    const status = STATUS[description.status.name] ?? 'unknown';
    if (status !== 'running') return { requested: false, status };
    await handle.cancel();
    return { requested: true, status };
  }

  /**
   * Waits up to `timeoutMs` for the run to close, with Temporal's long poll
   * on the run's history (no polling loop); true once it has closed.
   */
  async waitForClose(workflowId: string, timeoutMs: number): Promise<boolean> {
    const { client, handle, description } = await this.describeHandle(
      workflowId,
    );
    if (description.status.name !== 'RUNNING') return true;
    if (timeoutMs <= 0) return false;
    return client
      .withDeadline(Date.now() + timeoutMs, () => handle.result())
      .then(
        () => true,
        async () => (await handle.describe()).status.name !== 'RUNNING',
      );
  }

  /**
   * Sends an approve/reject decision to a run's approval gate and answers
   * the gate's new state; a run not waiting refuses with ApprovalRefusedError.
   */
  async decideApproval(
    workflowId: string,
    decision: ApprovalDecision,
  ): Promise<ApprovalRecord> {
    const { handle, description } = await this.describeHandle(workflowId);
    if (description.status.name !== 'RUNNING') {
      throw new ApprovalRefusedError(
        `workflow ${workflowId} is ${
          STATUS[description.status.name] ?? 'closed'
        }; there is nothing to approve`,
      );
    }
    try {
      return await handle.executeUpdate(approvalUpdate, { args: [decision] });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new ApprovalRefusedError(
          (error.cause as Error | undefined)?.message ?? error.message,
        );
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    const client = await this.client?.catch(() => undefined);
    await client?.connection.close();
  }
}
