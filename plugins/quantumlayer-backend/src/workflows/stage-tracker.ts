// Workflow-side bookkeeping of stages: deterministic, no I/O.
import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  CODEGEN_STAGES,
  CodegenStage,
  StageRecord,
  WorkflowProgress,
} from '@internal/backstage-plugin-quantumlayer-common';
import { CODEGEN_STAGE_KEY } from './shared';

/** Keeps per-stage status and timing, the progress query's answer and the CodegenStage attribute. */
export class StageTracker {
  private readonly records = new Map<CodegenStage, StageRecord>(
    CODEGEN_STAGES.map(stage => [stage, { stage, status: 'pending' }]),
  );
  private current: CodegenStage | 'done' = 'validate';
  private published?: string;
  repairAttempts = 0;

  /** Runs one stage, recording its time; repeated stages accumulate time. */
  async run<T>(
    stage: CodegenStage,
    fn: () => Promise<T>,
    describe?: (result: T) => string,
  ): Promise<T> {
    this.enter(stage);
    const record = this.records.get(stage)!;
    const started = Date.now();
    record.status = 'running';
    record.startedAt ??= new Date(started).toISOString();
    try {
      const result = await fn();
      record.status = 'completed';
      record.detail = describe?.(result);
      return result;
    } catch (error) {
      record.status = 'failed';
      record.detail = (error as Error).message?.slice(0, 300);
      throw error;
    } finally {
      record.durationMs = (record.durationMs ?? 0) + (Date.now() - started);
    }
  }

  /** Marks a stage skipped (never ran), with the reason. */
  skip(stage: CodegenStage, reason: string): void {
    const record = this.records.get(stage)!;
    if (record.status === 'pending') {
      record.status = 'skipped';
      record.detail = reason;
      record.durationMs = 0;
    }
  }

  /** Marks a stage that ran but did nothing (the sandbox refused) as skipped. */
  skipAfterRun(stage: CodegenStage, reason: string): void {
    const record = this.records.get(stage)!;
    record.status = 'skipped';
    record.detail = reason.slice(0, 300);
  }

  /** Shows a state between stages (e.g. `awaiting_approval`) in the CodegenStage attribute. */
  publish(state: string): void {
    if (this.published === state) return;
    this.published = state;
    upsertSearchAttributes([{ key: CODEGEN_STAGE_KEY, value: state }]);
  }

  finish(): void {
    this.enter('done');
  }

  progress(): WorkflowProgress {
    return {
      currentStage: this.current,
      stages: this.stages(),
      repairAttempts: this.repairAttempts,
    };
  }

  stages(): StageRecord[] {
    return CODEGEN_STAGES.map(stage => ({ ...this.records.get(stage)! }));
  }

  private enter(stage: CodegenStage | 'done') {
    this.current = stage;
    this.publish(stage);
  }
}
