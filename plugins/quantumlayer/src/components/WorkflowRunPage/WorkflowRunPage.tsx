import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  ContentHeader,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { quantumlayerArtifactReadPermission } from '@internal/backstage-plugin-quantumlayer-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { runsRouteRef } from '../../routes';
import { useAutoRefresh } from '../shared/useAutoRefresh';
import { ApprovalPanel } from './ApprovalPanel';
import { ArtifactFiles } from './ArtifactFiles';
import { OfflineTemplateWarning } from './OfflineTemplateWarning';
import { PipelineRecordView } from './PipelineRecordView';
import { RunSummaryCard } from './RunSummaryCard';
import { StageTimeline } from './StageTimeline';

/** The artifact's manifest with each file's download URL. */
function ArtifactDownloads(props: { artifactId: string }) {
  const api = useApi(quantumlayerApiRef);
  const { value, loading, error } = useAsync(async () => {
    const artifact = await api.getArtifact(props.artifactId);
    const files = await Promise.all(
      artifact.manifest.files.map(async f => ({
        ...f,
        url: await api.getArtifactFileUrl(props.artifactId, f.path),
      })),
    );
    return { artifact, files };
  }, [api, props.artifactId]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} title="Artifact" />;
  if (!value) return null;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <ArtifactFiles artifactId={props.artifactId} files={value.files} />
      </Grid>
      {value.artifact.manifest.pipeline && (
        <Grid item xs={12}>
          <PipelineRecordView
            artifactId={props.artifactId}
            pipeline={value.artifact.manifest.pipeline}
          />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * The run's artifact, for those whom `quantumlayer.artifact.read` allows on
 * the run; others see why the files and downloads are not there.
 */
function ArtifactSection(props: { workflowId: string; artifactId: string }) {
  const { allowed, loading } = usePermission({
    permission: quantumlayerArtifactReadPermission,
    resourceRef: props.workflowId,
  });
  if (loading) return <Progress />;
  if (!allowed) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="artifact-not-allowed"
      >
        You may not read this run's artifact (
        {quantumlayerArtifactReadPermission.name}).
      </Typography>
    );
  }
  return <ArtifactDownloads artifactId={props.artifactId} />;
}

/**
 * One run: the offline-template warning when the template provider answered
 * it, summary with cancel, the approval gate when it waits, the
 * twelve-stage timeline, and (once stored) the artifact's files and
 * pipeline record. Refreshes every `refreshIntervalMs` while running.
 */
export function WorkflowRunPage(props: {
  workflowId?: string;
  refreshIntervalMs?: number;
}) {
  const params = useParams<{ id: string }>();
  const workflowId = props.workflowId ?? params.id ?? '';
  const api = useApi(quantumlayerApiRef);
  const runsRoute = useRouteRef(runsRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getRun(workflowId),
    [api, workflowId],
  );
  useAutoRefresh(
    retry,
    props.refreshIntervalMs ?? 5000,
    value?.status === 'running',
  );

  const now = Date.now();
  const approval = value?.progress?.approval;
  const stages = value?.progress?.stages ?? value?.result?.stages ?? [];
  const artifactId = value?.result?.artifactId;
  const awaiting =
    value?.status === 'running' &&
    (approval?.status === 'awaiting' ||
      value.current_stage === 'awaiting_approval');

  return (
    <Content>
      <ContentHeader title={`Run ${workflowId}`}>
        <Button variant="outlined" onClick={retry} disabled={loading}>
          Refresh
        </Button>
        {runsRoute && (
          <Link to={runsRoute()} style={{ marginLeft: 16 }}>
            All runs
          </Link>
        )}
      </ContentHeader>
      {loading && !value && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Grid container spacing={3}>
          {value.result && (
            <Grid item xs={12}>
              <OfflineTemplateWarning result={value.result} />
            </Grid>
          )}
          <Grid item xs={12} md={awaiting ? 6 : 12}>
            <RunSummaryCard run={value} now={now} onChanged={retry} />
          </Grid>
          {awaiting && (
            <Grid item xs={12} md={6}>
              <ApprovalPanel
                workflowId={value.workflow_id}
                approval={approval}
                onDecided={retry}
              />
            </Grid>
          )}
          <Grid item xs={12}>
            <StageTimeline
              stages={stages}
              runStart={value.start_time}
              now={now}
            />
          </Grid>
          {artifactId && (
            <Grid item xs={12}>
              <ArtifactSection
                workflowId={value.workflow_id}
                artifactId={artifactId}
              />
            </Grid>
          )}
        </Grid>
      )}
    </Content>
  );
}
