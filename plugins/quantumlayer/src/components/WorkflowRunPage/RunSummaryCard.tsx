import { useState } from 'react';
import {
  InfoCard,
  Link,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { toastApiRef, useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  quantumlayerWorkflowCancelPermission,
  RunUsageRecord,
  WorkflowRunDetail,
} from '@internal/backstage-plugin-quantumlayer-common';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import {
  elapsedMs,
  formatCount,
  formatDuration,
  formatTime,
  formatUsd,
} from '../shared/format';
import { runTone, StatusLabel } from '../shared/StatusLabel';
import { stageTitle } from '../shared/stages';

export function describeUsage(usage: RunUsageRecord | undefined): string {
  if (!usage) return '—';
  const tokens = usage.promptTokens + usage.completionTokens;
  const budget = [
    usage.budget.maxTokens !== undefined
      ? `${formatCount(usage.budget.maxTokens)} tokens`
      : undefined,
    usage.budget.maxCostUsd !== undefined
      ? formatUsd(usage.budget.maxCostUsd)
      : undefined,
  ].filter(Boolean);
  return `${usage.calls} calls, ${formatCount(tokens)} tokens (${formatCount(
    usage.promptTokens,
  )} prompt + ${formatCount(usage.completionTokens)} completion), ${formatUsd(
    usage.costUsd,
  )}${budget.length ? ` of a budget of ${budget.join(' / ')}` : ''}`;
}

/** Status, timing, spend and (for those who may cancel it) the cancel button of a run. */
export function RunSummaryCard(props: {
  run: WorkflowRunDetail;
  now: number;
  onChanged: () => void;
}) {
  const { run } = props;
  const api = useApi(quantumlayerApiRef);
  const toastApi = useApi(toastApiRef);
  const [cancelling, setCancelling] = useState(false);
  const { allowed: mayCancel } = usePermission({
    permission: quantumlayerWorkflowCancelPermission,
    resourceRef: run.workflow_id,
  });
  const [problem, setProblem] = useState<string>();
  const approval = run.progress?.approval ?? run.result?.approval ?? null;
  const usage = run.progress?.usage ?? run.result?.usage;

  const cancel = async () => {
    setCancelling(true);
    setProblem(undefined);
    try {
      await api.cancelRun(run.workflow_id);
      toastApi.post({
        title: `Cancellation of ${run.workflow_id} requested`,
        status: 'info',
        timeout: 5000,
      });
      props.onChanged();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setCancelling(false);
    }
  };

  const metadata: Record<string, unknown> = {
    Status: (
      <StatusLabel
        tone={runTone(run.status)}
        label={run.status}
        testId="run-status"
      />
    ),
    Stage: stageTitle(run.current_stage ?? run.progress?.currentStage),
    Started: formatTime(run.start_time),
    Closed: formatTime(run.close_time),
    Duration: formatDuration(
      elapsedMs(run.start_time, run.close_time, props.now),
    ),
    'Repair attempts':
      run.progress?.repairAttempts ?? run.result?.repairAttempts ?? 0,
    Usage: describeUsage(usage),
  };
  if (run.result) {
    metadata.Model = `${run.result.provider} / ${run.result.model}`;
    metadata.Tests =
      run.result.testsPassed === null
        ? 'not run'
        : `${run.result.testsPassed ? 'passed' : 'failed'}: ${
            run.result.testSummary
          }`;
  }
  if (approval && approval.status !== 'awaiting') {
    metadata.Approval = `${approval.status}${
      approval.by ? ` by ${approval.by}` : ''
    }${approval.decidedAt ? ` at ${formatTime(approval.decidedAt)}` : ''}${
      approval.reason ? `: ${approval.reason}` : ''
    }`;
  }

  return (
    <InfoCard
      title={run.workflow_id}
      subheader={`run ${run.run_id}`}
      action={
        run.status === 'running' && mayCancel ? (
          <Button
            variant="outlined"
            color="secondary"
            onClick={cancel}
            disabled={cancelling}
            data-testid="cancel-button"
          >
            Cancel run
          </Button>
        ) : undefined
      }
    >
      <StructuredMetadataTable metadata={metadata} dense />
      {run.error && (
        <Typography
          color="error"
          variant="body2"
          data-testid="run-error"
          style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}
        >
          {run.error}
        </Typography>
      )}
      {problem && (
        <Typography
          role="alert"
          color="error"
          variant="body2"
          data-testid="cancel-error"
          style={{ marginTop: 8 }}
        >
          {problem}
        </Typography>
      )}
      {run.temporal_ui_url && (
        <Typography variant="body2" style={{ marginTop: 8 }}>
          <Link to={run.temporal_ui_url}>Open in Temporal UI</Link>
        </Typography>
      )}
    </InfoCard>
  );
}
