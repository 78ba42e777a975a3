import fs from 'fs/promises';
import path from 'path';
import yaml from 'yaml';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import quantumlayerFeatures from '@internal/backstage-plugin-quantumlayer-backend';
import { OFFLINE_TEMPLATE_WARNING } from '@internal/backstage-plugin-quantumlayer-common';
// Test-only: the same Temporal dev-server helper the backend plugin's tests use.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { createTemporalEnv } from '@internal/backstage-plugin-quantumlayer-backend/testUtils';
import { QuantumlayerApiClient } from '../client/QuantumlayerApiClient';
import { createGenerateAction } from './generate';
import { examples } from './generate.examples';
import quantumlayerRouterFeatures from '@internal/backstage-plugin-quantumlayer-router-backend';

jest.setTimeout(180_000);

let env: TestWorkflowEnvironment;
let backend: Awaited<ReturnType<typeof startTestBackend>>;

beforeAll(async () => {
  env = await createTemporalEnv();
  backend = await startTestBackend({
    features: [
      quantumlayerFeatures,
      quantumlayerRouterFeatures,
      mockServices.rootConfig.factory({
        data: {
          quantumlayer: {
            temporal: { address: env.address, taskQueue: 'examples-test' },
          },
        },
      }),
    ],
  });
});

afterAll(async () => {
  await backend?.stop();
  await env?.teardown();
});

describe('quantumlayer:generate examples, end to end on the real plugin and Temporal', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_name, example) => {
      const port = (backend.server.address() as { port: number }).port;
      const baseUrl = `http://localhost:${port}/api/quantumlayer`;
      const api = new QuantumlayerApiClient(
        {
          getBaseUrl: async () => baseUrl,
          getExternalBaseUrl: async () => baseUrl,
        },
        mockServices.auth(),
      );
      const action = createGenerateAction({
        api,
        limits: { maxFileBytes: 1024 * 1024, maxTotalBytes: 10 * 1024 * 1024 },
        pollIntervalMs: 50,
        timeoutMs: 120_000,
      });
      const stepInput = yaml.parse(example.example).steps[0].input;
      const ctx = createMockActionContext({
        input: stepInput,
        task: { id: `example-${Math.random().toString(36).slice(2)}` },
        logger: mockServices.logger.mock(),
      });
      await action.handler(ctx);

      const outputs = Object.fromEntries((ctx.output as jest.Mock).mock.calls);
      // The step's key, tagged with its initiator: keys are the caller's own.
      expect(outputs.workflowId).toMatch(
        new RegExp(`^ql-${ctx.task.id}-mock-step-id\\.[0-9a-f]{16}$`),
      );
      expect(outputs.artifactId).toMatch(/^art-/);
      expect(outputs.testsPassed).toBe(true);
      // No provider is configured here: the offline template answered, and
      // the action says so.
      expect(outputs.offlineTemplate).toBe(true);
      expect(ctx.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(OFFLINE_TEMPLATE_WARNING),
      );
      expect(outputs.temporalUiUrl).toContain(outputs.workflowId);
      const dir = path.join(ctx.workspacePath, stepInput.targetPath ?? '.');
      for (const file of outputs.files) {
        expect((await fs.stat(path.join(dir, file))).size).toBeGreaterThan(0);
      }
      expect(outputs.files).toContain('README.md');
      expect(await fs.readFile(path.join(dir, 'README.md'), 'utf8')).toContain(
        stepInput.requirements.project_name,
      );
    },
  );
});
