import { Table, TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type {
  HealthCheckReport,
  HealthDetailsReport,
} from '@internal/backstage-plugin-quantumlayer-common';
import { CheckDetails } from '../shared/CheckDetails';
import { formatAge, formatTime } from '../shared/format';
import { healthTone, StatusLabel } from '../shared/StatusLabel';

/** Every check of `GET /health/details` with status, latency and last change. */
export function HealthChecksTable(props: {
  report: HealthDetailsReport;
  now: number;
}) {
  const { now } = props;
  const columns: TableColumn<HealthCheckReport>[] = [
    {
      title: 'Check',
      field: 'name',
      width: '14%',
      render: c => (
        <span data-testid={`health-check-${c.name}`}>
          <strong>{c.name}</strong>
          {c.critical ? ' (critical)' : ''}
        </span>
      ),
    },
    {
      title: 'Status',
      field: 'status',
      width: '9%',
      render: c => (
        <StatusLabel
          tone={healthTone(c.status)}
          label={c.status}
          testId={`health-status-${c.name}`}
        />
      ),
    },
    {
      title: 'Latency',
      field: 'latencyMs',
      width: '8%',
      render: c => (
        <span data-testid={`health-latency-${c.name}`}>{c.latencyMs} ms</span>
      ),
    },
    {
      title: 'Last change',
      field: 'lastChange',
      width: '10%',
      render: c => (
        <span
          title={formatTime(c.lastChange)}
          data-testid={`health-last-change-${c.name}`}
        >
          {formatAge(c.lastChange, now)}
        </span>
      ),
    },
    {
      title: 'Message',
      width: '59%',
      render: c => (
        <>
          {c.message && <Typography variant="body2">{c.message}</Typography>}
          {c.details && <CheckDetails details={c.details} />}
        </>
      ),
    },
  ];
  return (
    <div data-testid="health-checks">
      <Table<HealthCheckReport>
        title="Checks"
        subtitle={`measured ${formatTime(props.report.checkedAt)}`}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={props.report.checks.map(c => ({ ...c }))}
      />
    </div>
  );
}
