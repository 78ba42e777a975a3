// Shared by the workflow and its clients: no Node built-ins, no Backstage server code.
import { defineQuery, defineUpdate, type Sinks } from '@temporalio/workflow';
import {
  defineSearchAttributeKey,
  SearchAttributeType,
} from '@temporalio/common';
import type {
  ApprovalRecord,
  GenerateRequestInput,
  WorkflowProgress,
} from '@internal/backstage-plugin-quantumlayer-common';

/** The workflow type name clients start. */
export const GENERATE_EXTENDED_WORKFLOW = 'generateExtended';

/** Keyword search attribute holding the stage a run is in (or `done`). */
export const CODEGEN_STAGE_KEY = defineSearchAttributeKey(
  'CodegenStage',
  SearchAttributeType.KEYWORD,
);

/**
 * Keyword search attribute holding who started the run (a user entity ref
 * or service subject): the run list filters on it in Temporal's query.
 */
export const QUANTUMLAYER_OWNER_KEY = defineSearchAttributeKey(
  'QuantumlayerOwner',
  SearchAttributeType.KEYWORD,
);

/** Keyword search attribute holding the catalog group the run is charged to. */
export const QUANTUMLAYER_GROUP_KEY = defineSearchAttributeKey(
  'QuantumlayerGroup',
  SearchAttributeType.KEYWORD,
);

/** The search attributes runs carry; the Temporal namespace must register each. */
export const WORKFLOW_SEARCH_ATTRIBUTE_KEYS = [
  CODEGEN_STAGE_KEY,
  QUANTUMLAYER_OWNER_KEY,
  QUANTUMLAYER_GROUP_KEY,
];

/** Answers the run's progress; never mutates state. */
export const progressQuery = defineQuery<WorkflowProgress>('progress');

/** What the workflow interceptor reports to the worker's metrics, once per run. */
export interface WorkflowMetricsSinks extends Sinks {
  workflowMetrics: {
    started(): void;
    closed(
      outcome: 'completed' | 'failed' | 'cancelled',
      stages: { stage: string; status: string; durationMs?: number }[],
    ): void;
  };
}

/** The child workflow type of the repair loop. */
export const REPAIR_LOOP_WORKFLOW = 'repairLoop';

/** A decision at the approval gate; `by` is the authenticated principal, never client input. */
export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  by: string;
  reason?: string;
}

/**
 * Approves or rejects a run waiting at its approval gate; answers the gate's
 * state. Refused (validator) when the run is not waiting.
 */
export const approvalUpdate = defineUpdate<ApprovalRecord, [ApprovalDecision]>(
  'approval',
);

/** A run's LLM spending limit; unset fields are unlimited. */
export interface RunBudgetLimits {
  maxTokens?: number;
  maxCostUsd?: number;
}

/** Knobs the client passes in, since workflow code cannot read config. */
export interface GenerateExtendedOptions {
  maxRepairAttempts: number;
  /** Tokens/cost the whole run may spend; the run stops cleanly when spent. */
  budget?: RunBudgetLimits;
  /** Task queue of the sandbox worker that runs tests (default: the workflow's queue). */
  sandboxTaskQueue?: string;
  /** Who started the run: the LLM router bills its calls (ledger, budgets) to them. */
  billing?: LlmBilling;
}

/** The principal and catalog group a run's LLM calls are charged to. */
export interface LlmBilling {
  /** `user:default/jane`, or a service subject. */
  caller: string;
  group?: string;
  /**
   * The same, signed by the role that started the run (`CallerClaims`,
   * when `quantumlayer.router.claimSecret` is set): a router in another
   * deployment bills only what it can verify. Opaque here.
   */
  claim?: string;
}

/** Input of the generate-extended workflow. */
export interface GenerateExtendedInput {
  /** The request as received; stage 1 validates it again inside the workflow. */
  request: GenerateRequestInput;
  options: GenerateExtendedOptions;
}

/** Error types that retrying cannot fix. */
export const NON_RETRYABLE_ERRORS = [
  'InvalidRequest',
  'ArtifactLimitError',
  'ReviewRejected',
  'GenerationFailed',
  'AgentOutputInvalid',
  'WorkflowBudgetExhausted',
  'ApprovalRejected',
  'ApprovalTimedOut',
];
