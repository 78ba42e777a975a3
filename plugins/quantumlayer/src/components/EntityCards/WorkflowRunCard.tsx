import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import { CODEGEN_STAGE_TITLES } from '@internal/backstage-plugin-quantumlayer-common';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { elapsedMs, formatDuration, formatTime } from '../shared/format';
import { runTone, stageTone, StatusLabel } from '../shared/StatusLabel';
import { stageTitle } from '../shared/stages';
import { useAutoRefresh } from '../shared/useAutoRefresh';
import { useRunLink } from '../shared/useRunLink';
import { timelineStages } from '../WorkflowRunPage/StageTimeline';

const testsVerdict = (passed: boolean | null) => {
  if (passed === null) return 'not run';
  return passed ? 'passed' : 'failed';
};

/**
 * The QuantumLayer run that generated a Component: status, stage, tests,
 * artifact and the twelve stages at a glance, linking to the run's page.
 *
 * @public
 */
export function QuantumlayerWorkflowRunCard(props: {
  workflowId: string;
  refreshIntervalMs?: number;
}) {
  const api = useApi(quantumlayerApiRef);
  const runLink = useRunLink();
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getRun(props.workflowId),
    [api, props.workflowId],
  );
  useAutoRefresh(
    retry,
    props.refreshIntervalMs ?? 5000,
    value?.status === 'running',
  );

  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (value) {
    const stages = timelineStages(
      value.progress?.stages ?? value.result?.stages ?? [],
    );
    const result = value.result;
    body = (
      <>
        <StructuredMetadataTable
          dense
          metadata={{
            Status: (
              <StatusLabel
                tone={runTone(value.status)}
                label={value.status}
                testId="entity-run-status"
              />
            ),
            Stage: stageTitle(value.current_stage),
            Started: formatTime(value.start_time),
            Duration: formatDuration(
              elapsedMs(value.start_time, value.close_time, Date.now()),
            ),
            ...(result
              ? {
                  Tests: testsVerdict(result.testsPassed),
                  Artifact: `${result.artifactId} (${result.files.length} files)`,
                }
              : {}),
            ...(value.error ? { Error: value.error } : {}),
          }}
        />
        <Box
          mt={1}
          display="flex"
          flexWrap="wrap"
          style={{ gap: 4 }}
          aria-label="Stages"
        >
          {stages.map(s => (
            <Tooltip
              key={s.stage}
              title={`${CODEGEN_STAGE_TITLES[s.stage]}: ${s.status}`}
            >
              <span data-testid={`entity-run-stage-${s.stage}`}>
                <StatusLabel tone={stageTone(s.status)} label="" />
              </span>
            </Tooltip>
          ))}
        </Box>
      </>
    );
  }

  return (
    <InfoCard
      title="QuantumLayer run"
      subheader={props.workflowId}
      deepLink={{ title: 'Open run', link: runLink(props.workflowId) }}
    >
      <div data-testid="entity-run-card">{body}</div>
    </InfoCard>
  );
}
