import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { formatTime } from '../shared/format';
import { healthTone, StatusLabel } from '../shared/StatusLabel';
import { useAutoRefresh } from '../shared/useAutoRefresh';
import { HealthChecksTable } from './HealthChecksTable';
import { PosturePanel } from './PosturePanel';

/**
 * Platform health: every check (status, latency, last change), refreshed
 * every `refreshIntervalMs` (10 s), and the Kubernetes / mesh posture,
 * refreshed every `postureIntervalMs` (60 s; it reads the cluster).
 */
export function PlatformHealthPage(props: {
  refreshIntervalMs?: number;
  postureIntervalMs?: number;
}) {
  const api = useApi(quantumlayerApiRef);
  const health = useAsyncRetry(() => api.getHealthDetails(), [api]);
  const posture = useAsyncRetry(() => api.getPosture(), [api]);
  useAutoRefresh(health.retry, props.refreshIntervalMs ?? 10_000);
  useAutoRefresh(posture.retry, props.postureIntervalMs ?? 60_000);
  const now = Date.now();
  const report = health.value;

  return (
    <Content>
      <ContentHeader title="Platform health">
        <Button
          variant="outlined"
          onClick={() => {
            health.retry();
            posture.retry();
          }}
        >
          Refresh
        </Button>
      </ContentHeader>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {health.loading && !report && <Progress />}
          {health.error && (
            <ResponseErrorPanel
              error={health.error}
              title={health.error.message}
            />
          )}
          {report && (
            <>
              <Box mb={1} display="flex" alignItems="center" style={{ gap: 8 }}>
                <Typography variant="h6" component="span">
                  Overall
                </Typography>
                <StatusLabel
                  tone={healthTone(report.status)}
                  label={report.status}
                  testId="health-overall"
                />
                <Typography variant="caption" color="textSecondary">
                  refreshes every {(props.refreshIntervalMs ?? 10_000) / 1000}{' '}
                  s; measured {formatTime(report.checkedAt)}
                </Typography>
              </Box>
              <HealthChecksTable report={report} now={now} />
            </>
          )}
        </Grid>
        <Grid item xs={12}>
          <Typography variant="h5" component="h2" gutterBottom>
            Kubernetes and mesh posture
          </Typography>
          {posture.loading && !posture.value && <Progress />}
          {posture.error && (
            <ResponseErrorPanel
              error={posture.error}
              title={`Platform posture: ${posture.error.message}`}
            />
          )}
          {posture.value && <PosturePanel posture={posture.value} />}
        </Grid>
      </Grid>
    </Content>
  );
}
