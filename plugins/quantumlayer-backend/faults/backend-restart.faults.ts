import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomBytes } from 'crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort } from '@internal/quantumlayer-test-utils';
import {
  agentOf,
  scriptedPythonProject,
} from '../src/__testUtils__/scripted-python-project';
import {
  describeOnSharedPg,
  parsePgUrl,
  pgKnex,
  SHARED_PG,
} from './support/databases';
import { recordNumbers } from './support/fault-table';
import {
  FaultOpenAiServer,
  startFaultOpenAiServer,
} from './support/fault-openai-server';
import { completionsPerRun, temporalWithBundle } from './support/generate-runs';
import { ms, waitFor } from './support/load';
import { Child, tsChild } from './support/processes';

jest.setTimeout(240_000);

const TEMPLATE = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'ql-faults', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/faults',
    // Restart the task from its first step after a crash; checkpoints survive.
    EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
    parameters: [],
    steps: [
      {
        id: 'generate',
        name: 'Generate',
        action: 'quantumlayer:generate',
        input: {
          prompt: 'A function add(a, b) that returns the sum of two integers',
          language: 'python',
          type: 'function',
          requirements: { project_name: 'Restarted' },
        },
      },
    ],
    output: {},
  },
};

interface TaskEvent {
  type: string;
  body: { message?: string; status?: string; stepId?: string };
}

describeOnSharedPg('backend restarted during a scaffolder task', () => {
  let env: TestWorkflowEnvironment;
  let model: FaultOpenAiServer;
  let bundle: string;
  let configFile: string;
  let baseUrl: string;
  const token = randomBytes(24).toString('hex');
  const prefix = `ql_faults_backend_${randomBytes(3).toString('hex')}_`;
  const backends: Child[] = [];
  let releaseDocumenter: () => void = () => undefined;
  const documenterHeld = new Promise<void>(r => {
    releaseDocumenter = r;
  });

  beforeAll(async () => {
    // A scripted model over OpenAI's wire (a Python add with one repair);
    // the first documenter call is held, freezing the run in stage 11.
    const script = scriptedPythonProject();
    let held = 0;
    model = await startFaultOpenAiServer(async req => {
      if (agentOf(req.messages) === 'documenter' && held++ === 0)
        await documenterHeld;
      return { kind: 'ok', content: script(req.messages) };
    });
    ({ env, bundle } = await temporalWithBundle());
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    configFile = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'ql-faults-backend-')),
      'app-config.json',
    );
    fs.writeFileSync(
      configFile,
      JSON.stringify({
        backend: {
          baseUrl,
          listen: { host: '127.0.0.1', port },
          database: {
            client: 'pg',
            connection: parsePgUrl(SHARED_PG!),
            prefix,
          },
          auth: {
            externalAccess: [
              { type: 'static', options: { token, subject: 'faults-suite' } },
            ],
          },
        },
        scaffolder: {
          taskRecovery: { enabled: true, staleTimeout: { seconds: 3 } },
        },
        quantumlayer: {
          temporal: {
            address: env.address,
            taskQueue: `faults-backend-${prefix}`,
            workflowBundlePath: bundle,
          },
          workflow: { maxRepairAttempts: 1 },
          vectorStore: { type: 'embedded', directory: ':memory:' },
          scaffolder: { pollIntervalMs: 100 },
          llm: {
            providers: [
              {
                type: 'openai-compatible',
                id: 'faults-model',
                baseUrl: model.baseUrl,
                models: ['template'],
                timeoutMs: 120_000,
              },
            ],
          },
        },
      }),
    );
  });

  afterAll(async () => {
    releaseDocumenter();
    for (const b of backends) await b.kill();
    await model?.close();
    await env?.teardown();
    const admin = pgKnex(
      { ...parsePgUrl(SHARED_PG!), database: 'postgres' },
      { min: 0, max: 1 },
    );
    try {
      const dbs = await admin('pg_database')
        .where('datname', 'like', `${prefix}%`)
        .pluck('datname');
      for (const name of dbs)
        await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    } finally {
      await admin.destroy();
    }
  });

  const startBackend = async () => {
    const child = tsChild(
      'backend-entry.ts',
      {
        NODE_ENV: 'development',
        QL_FAULTS_TEMPLATE: JSON.stringify(TEMPLATE),
      },
      ['--config', configFile],
    );
    backends.push(child);
    await child.waitForOutput(/BACKEND READY/, 'the backend to start', 120_000);
    return child;
  };

  const api = async (p: string, init: RequestInit = {}) => {
    const response = await fetch(`${baseUrl}${p}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...(init.headers as Record<string, string>),
      },
    });
    if (!response.ok)
      throw new Error(
        `${init.method ?? 'GET'} ${p}: ${
          response.status
        } ${await response.text()}`,
      );
    return response.json();
  };
  const events = async (taskId: string): Promise<TaskEvent[]> =>
    api(`/api/scaffolder/v2/tasks/${taskId}/events`);

  it('SIGKILL mid-task: the task is recovered, re-attaches to the same workflow, and the run completes once with one artifact', async () => {
    const first = await startBackend();
    const { id: taskId } = await api('/api/scaffolder/v2/tasks', {
      method: 'POST',
      body: JSON.stringify({
        templateRef: 'template:default/ql-faults',
        values: {},
      }),
    });
    await waitFor(
      async () =>
        (
          await events(taskId)
        ).some(e => /Started workflow/.test(e.body.message ?? '')),
      'the action to start its workflow',
      90_000,
    );
    // `ql-<task id>-<step id>.<principal tag>`: read it from the task log.
    const workflowId = (await events(taskId))
      .map(e => e.body.message?.match(/Started workflow (\S+)/)?.[1])
      .find(Boolean)!;
    expect(workflowId).toMatch(new RegExp(`^ql-${taskId}-generate\\.`));
    await waitFor(
      () => model.requests.some(r => agentOf(r.messages) === 'documenter'),
      'the run to reach the document stage',
      90_000,
    );
    const killedAt = Date.now();
    await first.kill('SIGKILL');
    releaseDocumenter();

    await startBackend();
    await waitFor(
      async () => {
        const task = await api(`/api/scaffolder/v2/tasks/${taskId}`);
        if (task.status === 'failed')
          throw new Error(
            `task failed: ${JSON.stringify(await events(taskId))}`,
          );
        return task.status === 'completed';
      },
      'the recovered task to complete',
      150_000,
    );
    const recoveredMs = Date.now() - killedAt;
    const log = await events(taskId);
    const recovered = log.filter(e => e.type === 'recovered').length;
    const starts = log.filter(e =>
      /Started workflow/.test(e.body.message ?? ''),
    );
    const wrote = log.find(e =>
      /Wrote \d+ file\(s\) from artifact/.test(e.body.message ?? ''),
    );
    const run = await api(`/api/quantumlayer/v1/workflows/${workflowId}`);
    const client = env.client.workflow;
    let runs = 0;
    for await (const _ of client.list({
      query: `WorkflowId = '${workflowId}'`,
    }))
      runs++;
    const [completions] = await completionsPerRun([
      client.getHandle(workflowId),
    ]);
    const qlDb = pgKnex(
      { ...parsePgUrl(SHARED_PG!), database: `${prefix}quantumlayer` },
      { min: 0, max: 1 },
    );
    let artifacts: number;
    try {
      artifacts = (
        await qlDb('ql_artifacts').where({ workflow_id: workflowId })
      ).length;
    } finally {
      await qlDb.destroy();
    }
    recordNumbers({
      'recovered events': recovered,
      'start logs since recovery (same workflow)': starts.length,
      'documenter calls (held one retried)': model.requests.filter(
        r => agentOf(r.messages) === 'documenter',
      ).length,
      'workflow runs': runs,
      completions,
      artifacts,
      'recovered in': ms(recoveredMs),
    });

    expect(recovered).toBeGreaterThanOrEqual(1);
    // Both attempts logged the same workflow: the checkpoint/idempotency key held.
    expect(
      new Set(
        starts.map(e => e.body.message!.match(/Started workflow (\S+)/)![1]),
      ),
    ).toEqual(new Set([workflowId]));
    expect(runs).toBe(1);
    expect(completions).toBe(1);
    expect(run.status).toBe('completed');
    expect(artifacts).toBe(1);
    expect(wrote?.body.message).toContain(run.result.artifactId);
  });
});
