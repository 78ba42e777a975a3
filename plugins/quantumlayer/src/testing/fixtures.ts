import type {
  HealthDetailsReport,
  PipelineRecord,
  PostureReport,
  StageRecord,
  WorkflowRunDetail,
  WorkflowRunSummary,
} from '@internal/backstage-plugin-quantumlayer-common';
import { CODEGEN_STAGES } from '@internal/backstage-plugin-quantumlayer-common';
import type { Artifact, UsageReport } from '../api/types';

export const RUN_START = '2026-11-23T10:00:00.000Z';

export const summaries: WorkflowRunSummary[] = [
  {
    workflow_id: 'ql-waiting',
    run_id: 'r-1',
    status: 'running',
    current_stage: 'awaiting_approval',
    start_time: RUN_START,
    close_time: null,
  },
  {
    workflow_id: 'ql-done',
    run_id: 'r-2',
    status: 'completed',
    current_stage: 'done',
    start_time: RUN_START,
    close_time: '2026-11-23T10:01:30.000Z',
  },
];

/** Stages 1..n completed, one second each, starting at RUN_START. */
export function completedStages(n: number): StageRecord[] {
  return CODEGEN_STAGES.slice(0, n).map((stage, i) => ({
    stage,
    status: 'completed',
    startedAt: new Date(Date.parse(RUN_START) + i * 1000).toISOString(),
    durationMs: 1000 + i,
    detail: `${stage} ok`,
  }));
}

export const waitingRun: WorkflowRunDetail = {
  ...summaries[0],
  progress: {
    currentStage: 'review',
    stages: [
      ...completedStages(8),
      {
        stage: 'repair',
        status: 'skipped',
        detail: 'tests passed; nothing to repair',
      },
      {
        stage: 'review',
        status: 'completed',
        startedAt: '2026-11-23T10:00:09.000Z',
        durationMs: 2500,
        detail: '1 finding',
      },
    ],
    repairAttempts: 0,
    usage: {
      calls: 5,
      promptTokens: 1200,
      completionTokens: 800,
      costUsd: 0.0123,
      budget: { maxTokens: 50000 },
    },
    approval: { status: 'awaiting', deadline: '2026-11-24T10:00:00.000Z' },
  },
  result: null,
  error: null,
  temporal_ui_url:
    'http://temporal.example/namespaces/default/workflows/ql-waiting',
};

export const pipeline: PipelineRecord = {
  plan: {
    approach: 'One module with a word counter and a CLI entry point.',
    files: [{ path: 'wc/count.py', purpose: 'the counter' }],
    interfaces: [
      {
        name: 'count',
        signature: 'def count(text: str) -> dict',
        description: 'words, lines, characters',
      },
    ],
  },
  prompts: {
    architect: { id: 'architect.plan', version: 3 },
    coder: { id: 'coder.python', version: 7 },
  },
  parse: {
    sources: [{ path: 'wc/count.py', verdict: 'valid' }],
    tests: [
      {
        path: 'tests/test_count.py',
        verdict: 'invalid',
        message: 'line 3: unexpected indent',
      },
    ],
  },
  tests: {
    passed: true,
    isolated: true,
    timedOut: false,
    exitCode: 0,
    summary: '2 passed in 0.03s',
    cases: [
      { name: 'test_counts_words', status: 'passed' },
      { name: 'test_empty_text', status: 'skipped' },
    ],
    logKey: 'log-sha',
    durationMs: 1500,
  },
  repairs: [
    {
      iteration: 1,
      feedbackKey: 'fb-sha',
      diff: {
        diffKey: 'diffsha0123456789',
        filesChanged: 1,
        additions: 4,
        deletions: 2,
      },
      parse: { ok: true, problems: [], verdicts: [] },
      tests: null,
      tokens: 900,
    },
  ],
  review: [
    {
      severity: 'major',
      file: 'wc/count.py',
      line: 12,
      message: 'splits on spaces only; tabs are words too',
      source: 'agent',
    },
  ],
  usage: {
    calls: 6,
    promptTokens: 1500,
    completionTokens: 900,
    costUsd: 0.02,
    budget: {},
  },
  approval: null,
};

export const doneRun: WorkflowRunDetail = {
  ...summaries[1],
  progress: null,
  result: {
    artifactId: 'art-1',
    provider: 'embedded',
    model: 'template',
    testsPassed: true,
    testSummary: '2 passed',
    repairAttempts: 1,
    reviewFindings: ['[major] wc/count.py:12 splits on spaces only'],
    files: [
      { path: 'wc/count.py', size: 120, sha256: 'a'.repeat(64) },
      { path: 'README.md', size: 2048, sha256: 'b'.repeat(64) },
    ],
    stages: completedStages(12),
    totalDurationMs: 90000,
    approval: {
      status: 'approved',
      deadline: '2026-11-24T10:00:00.000Z',
      by: 'user:default/ada',
      reason: 'looks right',
      decidedAt: '2026-11-23T10:01:00.000Z',
    },
  },
  error: null,
  temporal_ui_url:
    'http://temporal.example/namespaces/default/workflows/ql-done',
};

export const artifact: Artifact = {
  id: 'art-1',
  workflow_id: 'ql-done',
  total_size: 2168,
  manifest: {
    workflowId: 'ql-done',
    provider: 'embedded',
    model: 'template',
    testsPassed: true,
    stages: [],
    files: doneRun.result!.files,
    createdAt: '2026-11-23T10:01:30.000Z',
    pipeline,
  },
};

export const health: HealthDetailsReport = {
  status: 'degraded',
  checkedAt: '2026-11-23T10:00:00.000Z',
  checks: [
    {
      name: 'database',
      status: 'ok',
      latencyMs: 3,
      details: { role: 'primary', replicas: 2 },
      lastChange: '2026-11-23T09:00:00.000Z',
      critical: true,
    },
    {
      name: 'redis',
      status: 'degraded',
      latencyMs: 250,
      message: 'used memory at 91% of maxmemory',
      lastChange: '2026-11-23T09:58:00.000Z',
      critical: false,
    },
    {
      name: 'sandbox',
      status: 'degraded',
      latencyMs: 4,
      message:
        'bubblewrap is unavailable (bwrap is not on PATH; install bubblewrap (Debian: apt-get install bubblewrap) or set quantumlayer.sandbox.bwrapPath); generated tests run WITHOUT isolation (rlimits only) because quantumlayer.sandbox.requireIsolation is false',
      details: { isolated: false, requireIsolation: false, bwrap: 'bwrap' },
      lastChange: '2026-11-23T09:59:00.000Z',
      critical: false,
    },
    {
      name: 'temporal',
      status: 'ok',
      latencyMs: 12,
      details: {
        namespace: 'default',
        pollers: [
          { queue: 'quantumlayer-codegen', type: 'workflow', pollers: 2 },
          { queue: 'quantumlayer-codegen', type: 'activity', pollers: 2 },
        ],
        running: 1,
      },
      lastChange: '2026-11-23T09:00:00.000Z',
      critical: true,
    },
  ],
};

export const posture: PostureReport = {
  generatedAt: '2026-11-23T10:00:00.000Z',
  kubernetes: { status: 'ok', server: 'https://k8s.example:6443' },
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'quantumlayer',
      name: 'backstage',
      replicas: 2,
      readyReplicas: 2,
      sidecar: true,
      edge: false,
      hpa: 'backstage',
      pdb: 'backstage',
    },
  ],
  cnpg: {
    installed: true,
    status: 'ok',
    clusters: [
      {
        namespace: 'data',
        name: 'pg',
        instances: 3,
        readyInstances: 3,
        primary: 'pg-1',
        phase: 'Cluster in healthy state',
        failover: null,
      },
    ],
    poolers: [
      {
        namespace: 'data',
        name: 'pg-rw',
        cluster: 'pg',
        instances: 2,
        type: 'rw',
      },
    ],
  },
  istio: {
    installed: true,
    status: 'ok',
    peerAuthentications: [
      { namespace: 'quantumlayer', name: 'default', mode: 'STRICT' },
    ],
    destinationRules: [
      {
        namespace: 'quantumlayer',
        name: 'backstage',
        host: 'backstage',
        outlierDetection: true,
        connectionPool: false,
      },
    ],
    virtualServices: [
      {
        namespace: 'quantumlayer',
        name: 'backstage',
        hosts: ['portal.example'],
        retries: 3,
      },
    ],
  },
  rules: [
    {
      id: 'istio-mtls-strict',
      title: 'mTLS is STRICT in every namespace',
      status: 'pass',
      object: 'Namespace quantumlayer',
      message: 'PeerAuthentication quantumlayer/default sets mTLS STRICT',
    },
    {
      id: 'workload-pdb',
      title: 'Every service has a PodDisruptionBudget with minAvailable ≥ 1',
      status: 'fail',
      object: 'Deployment quantumlayer/worker',
      message: 'no PodDisruptionBudget selects its pods',
    },
    {
      id: 'cnpg-last-backup',
      title: 'PostgreSQL clusters have a recent successful backup',
      status: 'pass',
      object: 'Cluster quantumlayer/quantumlayer-db',
      message:
        'last successful backup 2026-11-23T02:04:51Z, 8.0 h ago; recoverable to any point since 2026-10-24T02:05:10Z',
    },
    {
      id: 'edge-ingress-tls',
      title:
        'The platform is exposed only through an ingress Gateway over TLS, with a ready certificate',
      status: 'unknown',
      object: 'Gateway istio-system/quantumlayer',
      message:
        'no cert-manager Certificate in istio-system writes Secret portal-tls, so its validity cannot be checked',
    },
  ],
};

export const postureNotConfigured: PostureReport = {
  generatedAt: '2026-11-23T10:00:00.000Z',
  kubernetes: { status: 'not-configured' },
  workloads: [],
  cnpg: { installed: false, clusters: [], poolers: [] },
  istio: {
    installed: false,
    peerAuthentications: [],
    destinationRules: [],
    virtualServices: [],
  },
  rules: [],
};

export const usageByModel: UsageReport = {
  groupBy: 'model',
  rows: [
    {
      key: 'gpt-4o-mini',
      requests: 10,
      promptTokens: 1000,
      completionTokens: 500,
      costUsd: 0.5,
    },
    {
      key: 'claude-haiku',
      requests: 4,
      promptTokens: 4000,
      completionTokens: 1000,
      costUsd: 0.25,
    },
    {
      key: null,
      requests: 1,
      promptTokens: 10,
      completionTokens: 0,
      costUsd: 0,
    },
  ],
};
