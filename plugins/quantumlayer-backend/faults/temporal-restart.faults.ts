import fs from 'fs';
import os from 'os';
import path from 'path';
import { randomUUID } from 'crypto';
import { EXAMPLE_GENERATE_REQUEST as seedRequest } from '@internal/backstage-plugin-quantumlayer-common';
import type { generateExtended } from '../src/workflows/workflows';
import { freePort } from '@internal/quantumlayer-test-utils';
import { temporalCliPath } from '../src/__testUtils__/temporal';
import {
  artifactsByWorkflow,
  caseDatabase,
  describeOnSharedPg,
} from './support/databases';
import { recordNumbers } from './support/fault-table';
import { completionsPerRun, runIds } from './support/generate-runs';
import { ms, waitFor } from './support/load';
import { TemporalDevServer } from './support/processes';
import {
  collectingLogger,
  GatedTemplateProvider,
  startServices,
} from './support/services';

jest.setTimeout(150_000);

const WORKFLOWS = 3;

describeOnSharedPg('Temporal dev server restarted mid-workflow', () => {
  let db: Awaited<ReturnType<typeof caseDatabase>>;
  let server: TemporalDevServer;
  let services: Awaited<ReturnType<typeof startServices>> | undefined;

  beforeAll(async () => {
    db = await caseDatabase('temporal_restart');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ql-faults-temporal-'));
    server = new TemporalDevServer(
      temporalCliPath(),
      await freePort(),
      path.join(dir, 'temporal.db'),
    );
    await server.start();
  });
  afterAll(async () => {
    await services?.stop();
    await server?.kill();
    await db?.drop();
  });

  it('runs frozen in the document stage survive a SIGKILL of the server and complete once after it comes back on the same port', async () => {
    // Hold every documenter call: each run waits inside stage 11.
    const gated = new GatedTemplateProvider(s =>
      s.startsWith('You are a technical writer'),
    );
    const { logger, lines } = collectingLogger();
    services = await startServices({
      knex: db.knex,
      temporalAddress: server.address,
      taskQueue: `faults-temporal-${randomUUID()}`,
      logger,
      providers: [gated],
    });
    const ids = runIds('wf-temporal', WORKFLOWS);
    await Promise.all(
      ids.map((id, i) =>
        services!.workflows.start(id, {
          ...seedRequest,
          requirements: { project_name: `Restarted${i}` },
        }),
      ),
    );
    await waitFor(
      () => gated.waiting.length === WORKFLOWS,
      'every run to reach the document stage',
      90_000,
    );

    const downAt = Date.now();
    await server.kill();
    // A caller starting a run while Temporal is down, with a key it will retry.
    const lateId = `wf-temporal-late-${randomUUID()}`;
    const lateRequest = {
      ...seedRequest,
      requirements: { project_name: 'Late' },
    };
    const duringOutage = services.workflows.start(lateId, lateRequest).then(
      () => 'accepted (client retried through the outage)',
      (e: Error) => `rejected: ${e.message}`,
    );
    await new Promise(r => setTimeout(r, 1500));
    await server.start();
    const downMs = Date.now() - downAt;
    gated.release();
    const outageAnswer = await duringOutage;
    // The caller's retry with the same idempotency key: the same run, never a second.
    const retried = await services.workflows.start(lateId, lateRequest);
    const all = [...ids, lateId];
    const client = await services.workflows.temporalClient();
    const results = await Promise.all(
      all.map(id =>
        client.workflow.getHandle<typeof generateExtended>(id).result(),
      ),
    );
    const recoveredMs = Date.now() - downAt;

    const completions = await completionsPerRun(
      all.map(id => client.workflow.getHandle(id)),
    );
    const runs = await client.workflow.list({
      query: `WorkflowId = '${lateId}'`,
    });
    let lateRuns = 0;
    for await (const _ of runs) lateRuns++;
    const artifacts = await artifactsByWorkflow(db.knex, all);
    recordNumbers({
      'runs frozen at kill': WORKFLOWS,
      'server down': ms(downMs),
      'start during outage': outageAnswer.split(':')[0],
      'completed once': `${completions.filter(c => c === 1).length}/${
        all.length
      }`,
      'artifacts per run': all.map(id => artifacts.get(id) ?? 0).join('/'),
      'runs for the retried key': lateRuns,
      'worker reconnect warnings': lines.filter(l => /Temporal worker/.test(l))
        .length,
      'recovered in': ms(recoveredMs),
    });

    expect(completions).toEqual(all.map(() => 1));
    expect(all.map(id => artifacts.get(id))).toEqual(all.map(() => 1));
    expect(
      results.every(
        r => r.stages.find(s => s.stage === 'document')?.status === 'completed',
      ),
    ).toBe(true);
    expect(lateRuns).toBe(1);
    expect(retried.workflowId).toBe(lateId);
    // Either the client's own retries carried the start through, or the caller got a clear error.
    expect(outageAnswer).toMatch(/^accepted|^rejected: .+/);
  });
});
