import {
  InfoCard,
  StructuredMetadataTable,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type {
  FileVerdictRecord,
  PipelineRecord,
  RepairIterationRecord,
  ReviewFindingRecord,
  TestCaseRecord,
  TestRunRecord,
} from '@internal/backstage-plugin-quantumlayer-common';
import { formatCount, formatDuration } from '../shared/format';
import { StatusLabel, StatusTone } from '../shared/StatusLabel';
import { BlobDownloadLink } from './BlobDownloadLink';

const SEVERITY_TONE: Record<ReviewFindingRecord['severity'], StatusTone> = {
  critical: 'error',
  major: 'error',
  minor: 'warning',
  info: 'pending',
};

const VERDICT_TONE: Record<FileVerdictRecord['verdict'], StatusTone> = {
  valid: 'ok',
  invalid: 'error',
  unvalidated: 'pending',
};

const CASE_TONE: Record<TestCaseRecord['status'], StatusTone> = {
  passed: 'ok',
  failed: 'error',
  skipped: 'aborted',
};

/** The names the backend gives these blobs' downloads. */
const TEST_LOG_FILE = 'test-log.txt';
const repairFile = (
  iteration: number,
  kind: 'diff' | 'feedback' | 'test-log',
) =>
  kind === 'diff'
    ? `repair-${iteration}.diff`
    : `repair-${iteration}-${kind}.txt`;

const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense',
  toolbar: true,
} as const;

function Verdicts(props: {
  title: string;
  verdicts: FileVerdictRecord[];
  testId: string;
}) {
  const columns: TableColumn<FileVerdictRecord>[] = [
    { title: 'File', field: 'path' },
    {
      title: 'Verdict',
      field: 'verdict',
      render: v => (
        <StatusLabel
          tone={VERDICT_TONE[v.verdict] ?? 'pending'}
          label={v.verdict}
        />
      ),
    },
    { title: 'Message', field: 'message', render: v => v.message ?? '' },
  ];
  return (
    <div data-testid={props.testId}>
      <Table<FileVerdictRecord>
        title={props.title}
        options={tableOptions}
        columns={columns}
        data={props.verdicts.map(v => ({ ...v }))}
        emptyContent={<Box p={2}>No files.</Box>}
      />
    </div>
  );
}

export function describeTests(tests: TestRunRecord | null): string {
  if (!tests) return 'not run';
  // The sandbox refused to run them (e.g. isolation required, no bubblewrap).
  if (tests.skipped) return `not run: ${tests.skipped}`;
  return [
    tests.passed ? 'passed' : 'failed',
    tests.timedOut ? 'timed out' : undefined,
    tests.isolated ? 'in the sandbox' : 'without the sandbox (rlimits only)',
    `exit ${tests.exitCode ?? '—'}`,
    formatDuration(tests.durationMs),
  ]
    .filter(Boolean)
    .join(', ');
}

function TestsCard(props: { artifactId: string; tests: TestRunRecord | null }) {
  const { tests } = props;
  const columns: TableColumn<TestCaseRecord>[] = [
    { title: 'Test case', field: 'name' },
    {
      title: 'Status',
      field: 'status',
      render: c => (
        <StatusLabel tone={CASE_TONE[c.status] ?? 'pending'} label={c.status} />
      ),
    },
  ];
  return (
    <InfoCard title="Tests">
      <Box data-testid="pipeline-tests">
        <Typography variant="body2" gutterBottom>
          {describeTests(tests)}
          {tests?.logKey && (
            <>
              {' · '}
              <BlobDownloadLink
                artifactId={props.artifactId}
                sha256={tests.logKey}
                fileName={TEST_LOG_FILE}
              >
                full log
              </BlobDownloadLink>
            </>
          )}
        </Typography>
        {tests?.summary && !tests.skipped && (
          <Typography
            variant="body2"
            color="textSecondary"
            style={{ whiteSpace: 'pre-wrap' }}
            gutterBottom
          >
            {tests.summary}
          </Typography>
        )}
        {tests && (
          <Table<TestCaseRecord>
            title={`Test cases (${tests.cases.length})`}
            options={tableOptions}
            columns={columns}
            data={tests.cases.map(c => ({ ...c }))}
            emptyContent={<Box p={2}>The run reported no test cases.</Box>}
          />
        )}
      </Box>
    </InfoCard>
  );
}

function RepairsTable(props: {
  artifactId: string;
  repairs: RepairIterationRecord[];
}) {
  const columns: TableColumn<RepairIterationRecord>[] = [
    { title: 'Iteration', field: 'iteration' },
    {
      title: 'Diff',
      render: r =>
        `${r.diff.filesChanged} file(s), +${r.diff.additions} −${r.diff.deletions}`,
    },
    {
      title: 'Diff key',
      render: r => (
        <BlobDownloadLink
          artifactId={props.artifactId}
          sha256={r.diff.diffKey}
          fileName={repairFile(r.iteration, 'diff')}
        >
          <span style={{ fontFamily: 'monospace' }}>
            {r.diff.diffKey.slice(0, 12)}
          </span>
        </BlobDownloadLink>
      ),
    },
    {
      title: 'Feedback',
      render: r => (
        <BlobDownloadLink
          artifactId={props.artifactId}
          sha256={r.feedbackKey}
          fileName={repairFile(r.iteration, 'feedback')}
        >
          feedback
        </BlobDownloadLink>
      ),
    },
    {
      title: 'Parse',
      render: r => (
        <StatusLabel
          tone={r.parse.ok ? 'ok' : 'error'}
          label={r.parse.ok ? 'ok' : r.parse.problems.join('; ') || 'failed'}
        />
      ),
    },
    {
      title: 'Tests',
      render: r => {
        if (!r.tests) return 'not run';
        return (
          <>
            <StatusLabel
              tone={r.tests.passed ? 'ok' : 'error'}
              label={r.tests.passed ? 'passed' : 'failed'}
            />{' '}
            <BlobDownloadLink
              artifactId={props.artifactId}
              sha256={r.tests.logKey}
              fileName={repairFile(r.iteration, 'test-log')}
            >
              log
            </BlobDownloadLink>
          </>
        );
      },
    },
    { title: 'Tokens', field: 'tokens', render: r => formatCount(r.tokens) },
  ];
  return (
    <div data-testid="pipeline-repairs">
      <Table<RepairIterationRecord>
        title={`Repair iterations (${props.repairs.length})`}
        options={tableOptions}
        columns={columns}
        data={props.repairs.map(r => ({ ...r }))}
        emptyContent={<Box p={2}>No repairs were needed.</Box>}
      />
    </div>
  );
}

function FindingsTable(props: { findings: ReviewFindingRecord[] }) {
  const columns: TableColumn<ReviewFindingRecord>[] = [
    {
      title: 'Severity',
      field: 'severity',
      render: f => (
        <StatusLabel
          tone={SEVERITY_TONE[f.severity] ?? 'pending'}
          label={f.severity}
        />
      ),
    },
    {
      title: 'Where',
      render: f => `${f.file}${f.line ? `:${f.line}` : ''}`,
    },
    { title: 'Finding', field: 'message' },
    {
      title: 'Source',
      render: f => [f.source, f.rule].filter(Boolean).join(' · '),
    },
  ];
  return (
    <div data-testid="pipeline-findings">
      <Table<ReviewFindingRecord>
        title={`Review findings (${props.findings.length})`}
        options={tableOptions}
        columns={columns}
        data={props.findings.map(f => ({ ...f }))}
        emptyContent={<Box p={2}>The review found nothing.</Box>}
      />
    </div>
  );
}

/**
 * What the pipeline decided, from the artifact manifest; its test logs,
 * repair diffs and feedback download from the artifact's blobs.
 */
export function PipelineRecordView(props: {
  artifactId: string;
  pipeline: PipelineRecord;
}) {
  const { pipeline } = props;
  const prompts = Object.fromEntries(
    Object.entries(pipeline.prompts).map(([agent, p]) => [
      agent,
      `${p.id} v${p.version}`,
    ]),
  );
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={8}>
        <InfoCard title="Plan">
          <Box data-testid="pipeline-plan">
            <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
              {pipeline.plan.approach}
            </Typography>
            <ul>
              {pipeline.plan.files.map(f => (
                <li key={f.path}>
                  <code>{f.path}</code>: {f.purpose}
                </li>
              ))}
            </ul>
            {pipeline.plan.interfaces.length > 0 && (
              <ul>
                {pipeline.plan.interfaces.map(i => (
                  <li key={i.name}>
                    <code>{i.signature}</code>
                    {i.description ? `: ${i.description}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Prompt versions">
          <Box data-testid="pipeline-prompts">
            <StructuredMetadataTable metadata={prompts} dense />
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <Verdicts
          title="Parse verdicts: sources"
          verdicts={pipeline.parse.sources}
          testId="pipeline-parse-sources"
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <Verdicts
          title="Parse verdicts: tests"
          verdicts={pipeline.parse.tests}
          testId="pipeline-parse-tests"
        />
      </Grid>
      <Grid item xs={12}>
        <TestsCard artifactId={props.artifactId} tests={pipeline.tests} />
      </Grid>
      <Grid item xs={12}>
        <RepairsTable
          artifactId={props.artifactId}
          repairs={pipeline.repairs}
        />
      </Grid>
      <Grid item xs={12}>
        <FindingsTable findings={pipeline.review} />
      </Grid>
    </Grid>
  );
}
