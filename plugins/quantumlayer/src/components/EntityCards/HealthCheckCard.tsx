import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StructuredMetadataTable,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { healthRouteRef } from '../../routes';
import { describeDetails } from '../shared/CheckDetails';
import { formatAge, formatTime } from '../shared/format';
import { healthTone, StatusLabel } from '../shared/StatusLabel';
import { useAutoRefresh } from '../shared/useAutoRefresh';

/**
 * One platform health check (status, latency, last change), for the
 * Resource entity that stands for it.
 *
 * @public
 */
export function QuantumlayerHealthCheckCard(props: {
  checkName: string;
  refreshIntervalMs?: number;
}) {
  const api = useApi(quantumlayerApiRef);
  const healthRoute = useRouteRef(healthRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getHealthDetails(),
    [api],
  );
  useAutoRefresh(retry, props.refreshIntervalMs ?? 10_000);
  const check = value?.checks.find(c => c.name === props.checkName);

  let body;
  if (loading && !value) body = <Progress />;
  else if (error) body = <ResponseErrorPanel error={error} />;
  else if (!check) {
    body = (
      <WarningPanel
        title={`No health check named "${props.checkName}"`}
        message={`The backend reports ${
          value?.checks.map(c => c.name).join(', ') || 'no checks'
        }; fix the quantumlayer.io/health-check annotation.`}
      />
    );
  } else {
    body = (
      <StructuredMetadataTable
        dense
        metadata={{
          Status: (
            <StatusLabel
              tone={healthTone(check.status)}
              label={check.status}
              testId="entity-health-status"
            />
          ),
          Latency: `${check.latencyMs} ms`,
          'Last change': `${formatAge(
            check.lastChange,
            Date.now(),
          )} (${formatTime(check.lastChange)})`,
          ...(check.message ? { Message: check.message } : {}),
          ...(check.details ? { Details: describeDetails(check.details) } : {}),
          Critical: check.critical ? 'yes (readiness depends on it)' : 'no',
        }}
      />
    );
  }

  return (
    <InfoCard
      title="QuantumLayer health"
      subheader={props.checkName}
      deepLink={
        healthRoute
          ? { title: 'Platform health', link: healthRoute() }
          : undefined
      }
    >
      <div data-testid="entity-health-card">{body}</div>
    </InfoCard>
  );
}
