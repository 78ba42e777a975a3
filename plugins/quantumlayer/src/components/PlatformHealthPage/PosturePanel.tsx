import {
  InfoCard,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type {
  PostureCnpgCluster,
  PostureCnpgPooler,
  PostureReport,
  PostureRuleResult,
  PostureWorkload,
} from '@internal/backstage-plugin-quantumlayer-common';
import { formatTime } from '../shared/format';
import { StatusLabel, StatusTone } from '../shared/StatusLabel';

type IstioReport = PostureReport['istio'];
type PeerAuthentication = IstioReport['peerAuthentications'][number];
type DestinationRule = IstioReport['destinationRules'][number];
type VirtualService = IstioReport['virtualServices'][number];

const RULE_TONE: Record<PostureRuleResult['status'], StatusTone> = {
  pass: 'ok',
  fail: 'error',
  unknown: 'pending',
};

const options = { paging: false, search: false, padding: 'dense' } as const;
const yesNo = (value: boolean | null) => {
  if (value === null) return 'mixed / no pods';
  return value ? 'yes' : 'no';
};
const orDash = (value: string | number | null | undefined) =>
  value === null || value === undefined || value === '' ? '—' : String(value);
const ref = (o: { namespace: string; name: string }) =>
  `${o.namespace}/${o.name}`;

function RulesTable(props: { rules: PostureRuleResult[] }) {
  const count = (status: PostureRuleResult['status']) =>
    props.rules.filter(r => r.status === status).length;
  const columns: TableColumn<PostureRuleResult>[] = [
    {
      title: 'Status',
      field: 'status',
      render: r => (
        <StatusLabel
          tone={RULE_TONE[r.status] ?? 'pending'}
          label={r.status}
          testId={`posture-rule-${r.id}:${r.object}`}
        />
      ),
    },
    { title: 'Rule', field: 'title', render: r => `${r.title} (${r.id})` },
    { title: 'Object', field: 'object' },
    { title: 'Message', field: 'message' },
  ];
  return (
    <div data-testid="posture-rules">
      <Table<PostureRuleResult>
        title="Posture rules"
        subtitle={`${count('pass')} pass, ${count('fail')} fail, ${count(
          'unknown',
        )} unknown`}
        options={options}
        columns={columns}
        data={props.rules.map(r => ({ ...r }))}
        emptyContent={<Box p={2}>No rules were evaluated.</Box>}
      />
    </div>
  );
}

function WorkloadsTable(props: { workloads: PostureWorkload[] }) {
  const columns: TableColumn<PostureWorkload>[] = [
    {
      title: 'Workload',
      render: w => (
        <span data-testid={`posture-workload-${ref(w)}`}>
          {w.kind} {ref(w)}
        </span>
      ),
    },
    {
      title: 'Ready',
      render: w => (
        <StatusLabel
          tone={
            w.readyReplicas >= w.replicas && w.replicas > 0 ? 'ok' : 'warning'
          }
          label={`${w.readyReplicas}/${w.replicas}`}
        />
      ),
    },
    { title: 'Sidecar', render: w => yesNo(w.sidecar) },
    { title: 'Edge', render: w => (w.edge ? 'yes' : 'no') },
    { title: 'HPA', render: w => orDash(w.hpa) },
    { title: 'PDB', render: w => orDash(w.pdb) },
  ];
  return (
    <Table<PostureWorkload>
      title="Workloads"
      options={options}
      columns={columns}
      data={props.workloads.map(w => ({ ...w }))}
      emptyContent={<Box p={2}>No platform workloads found.</Box>}
    />
  );
}

function NotInstalled(props: {
  what: string;
  part: { status?: string; message?: string };
}) {
  return (
    <Typography variant="body2" color="textSecondary">
      {props.what}: {props.part.status ?? 'not installed'}
      {props.part.message ? ` (${props.part.message})` : ''}
    </Typography>
  );
}

function CnpgTables(props: { cnpg: PostureReport['cnpg'] }) {
  const { cnpg } = props;
  if (!cnpg.installed || (cnpg.status && cnpg.status !== 'ok')) {
    return <NotInstalled what="CloudNativePG" part={cnpg} />;
  }
  const clusterColumns: TableColumn<PostureCnpgCluster>[] = [
    { title: 'Cluster', render: c => ref(c) },
    {
      title: 'Ready',
      render: c => (
        <StatusLabel
          tone={c.readyInstances >= c.instances ? 'ok' : 'warning'}
          label={`${c.readyInstances}/${c.instances}`}
        />
      ),
    },
    { title: 'Primary', render: c => orDash(c.primary) },
    { title: 'Phase', render: c => orDash(c.phase) },
    { title: 'Failover', render: c => orDash(c.failover) },
  ];
  const poolerColumns: TableColumn<PostureCnpgPooler>[] = [
    { title: 'Pooler', render: p => ref(p) },
    { title: 'Cluster', field: 'cluster' },
    { title: 'Type', field: 'type' },
    { title: 'Instances', field: 'instances' },
  ];
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={7}>
        <Table<PostureCnpgCluster>
          title="CloudNativePG clusters"
          options={options}
          columns={clusterColumns}
          data={cnpg.clusters.map(c => ({ ...c }))}
        />
      </Grid>
      <Grid item xs={12} md={5}>
        <Table<PostureCnpgPooler>
          title="Poolers"
          options={options}
          columns={poolerColumns}
          data={cnpg.poolers.map(p => ({ ...p }))}
        />
      </Grid>
    </Grid>
  );
}

function IstioTables(props: { istio: IstioReport }) {
  const { istio } = props;
  if (!istio.installed || (istio.status && istio.status !== 'ok')) {
    return <NotInstalled what="Istio" part={istio} />;
  }
  const paColumns: TableColumn<PeerAuthentication>[] = [
    { title: 'PeerAuthentication', render: p => ref(p) },
    { title: 'mTLS mode', render: p => orDash(p.mode) },
  ];
  const drColumns: TableColumn<DestinationRule>[] = [
    { title: 'DestinationRule', render: d => ref(d) },
    { title: 'Host', field: 'host' },
    { title: 'Outlier detection', render: d => yesNo(d.outlierDetection) },
    { title: 'Connection pool', render: d => yesNo(d.connectionPool) },
  ];
  const vsColumns: TableColumn<VirtualService>[] = [
    { title: 'VirtualService', render: v => ref(v) },
    { title: 'Hosts', render: v => v.hosts.join(', ') },
    {
      title: 'Retries',
      render: v => (v.retries === null ? 'mesh default' : String(v.retries)),
    },
  ];
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={4}>
        <Table<PeerAuthentication>
          title="PeerAuthentications"
          options={options}
          columns={paColumns}
          data={istio.peerAuthentications.map(p => ({ ...p }))}
        />
      </Grid>
      <Grid item xs={12} md={8}>
        <Table<DestinationRule>
          title="DestinationRules"
          options={options}
          columns={drColumns}
          data={istio.destinationRules.map(d => ({ ...d }))}
        />
      </Grid>
      <Grid item xs={12}>
        <Table<VirtualService>
          title="VirtualServices"
          options={options}
          columns={vsColumns}
          data={istio.virtualServices.map(v => ({ ...v }))}
        />
      </Grid>
    </Grid>
  );
}

/**
 * Kubernetes and mesh posture. Without a configured cluster the page says
 * so in an info panel: that is a deployment choice, not an error.
 */
export function PosturePanel(props: { posture: PostureReport }) {
  const { posture } = props;
  const { kubernetes } = posture;
  if (kubernetes.status === 'not-configured') {
    return (
      <Box data-testid="posture-not-configured">
        <WarningPanel
          severity="info"
          title="Kubernetes posture is not available: no cluster is configured"
          message={
            kubernetes.message ??
            'Configure quantumlayer.kubernetes in app-config to see workloads, CloudNativePG and Istio posture.'
          }
        />
      </Box>
    );
  }
  if (kubernetes.status !== 'ok') {
    return (
      <Box data-testid={`posture-${kubernetes.status}`}>
        <WarningPanel
          severity={kubernetes.status === 'forbidden' ? 'warning' : 'error'}
          title={
            kubernetes.status === 'forbidden'
              ? 'The backend may not read the cluster'
              : 'Reading the cluster failed'
          }
          message={kubernetes.message}
        />
      </Box>
    );
  }
  return (
    <Grid container spacing={3} data-testid="posture">
      <Grid item xs={12}>
        <Typography variant="body2" color="textSecondary">
          {kubernetes.server ? `Cluster ${kubernetes.server}, ` : ''}read{' '}
          {formatTime(posture.generatedAt)}
        </Typography>
      </Grid>
      <Grid item xs={12}>
        <RulesTable rules={posture.rules} />
      </Grid>
      <Grid item xs={12}>
        <WorkloadsTable workloads={posture.workloads} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="CloudNativePG">
          <CnpgTables cnpg={posture.cnpg} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Istio">
          <IstioTables istio={posture.istio} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
