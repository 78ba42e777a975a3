import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CODEGEN_STAGES,
  OFFLINE_TEMPLATE_WARNING,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  QuantumlayerApiError,
  quantumlayerApiRef,
} from '../../api/QuantumlayerApi';
import { rootRouteRef } from '../../routes';
import {
  FakeQuantumlayerApi,
  serverError,
} from '../../testing/FakeQuantumlayerApi';
import * as fixtures from '../../testing/fixtures';
import { WorkflowRunPage } from './WorkflowRunPage';

const render = (api: FakeQuantumlayerApi, workflowId: string) =>
  renderInTestApp(<WorkflowRunPage workflowId={workflowId} />, {
    apis: [[quantumlayerApiRef, api]],
    mountedRoutes: { '/quantumlayer': rootRouteRef },
  });

// Rendering the whole run page takes seconds on a loaded CI machine.
jest.setTimeout(30_000);

describe('WorkflowRunPage', () => {
  describe('a run waiting for approval', () => {
    it('shows the twelve stages with status and duration', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-waiting');

      const timeline = await screen.findByRole('list', {
        name: 'Stage timeline',
      });
      const items = within(timeline).getAllByRole('listitem');
      expect(items.map(i => i.getAttribute('data-testid'))).toEqual(
        CODEGEN_STAGES.map(s => `stage-${s}`),
      );
      expect(screen.getByTestId('stage-plan')).toHaveAttribute(
        'data-status',
        'completed',
      );
      expect(screen.getByTestId('stage-repair')).toHaveAttribute(
        'data-status',
        'skipped',
      );
      expect(screen.getByTestId('stage-package_store')).toHaveAttribute(
        'data-status',
        'pending',
      );
      expect(screen.getByTestId('stage-duration-review')).toHaveTextContent(
        '2.5 s',
      );
      expect(screen.getByTestId('stage-duration-validate')).toHaveTextContent(
        '1.0 s',
      );
      expect(
        screen.getByText('tests passed; nothing to repair'),
      ).toBeInTheDocument();
      expect(screen.getByTestId('run-status')).toHaveTextContent('running');
      expect(
        screen.getByText(
          /5 calls, 2,000 tokens .* \$0\.0123 of a budget of 50,000 tokens/,
        ),
      ).toBeInTheDocument();
    });

    it('approves with the reason and refreshes the run', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-waiting');
      const panel = await screen.findByTestId('approval-panel');
      expect(panel).toHaveTextContent('2026-11-24 10:00:00 UTC');

      fireEvent.change(screen.getByLabelText('Reason'), {
        target: { value: 'reviewed the diff' },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Approve' }));

      await waitFor(() =>
        expect(api.callsOf('decideApproval')).toEqual([
          ['ql-waiting', { decision: 'approve', reason: 'reviewed the diff' }],
        ]),
      );
      await waitFor(() => expect(api.callsOf('getRun')).toHaveLength(2));
    });

    it('rejects', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-waiting');
      fireEvent.click(await screen.findByRole('button', { name: 'Reject' }));
      await waitFor(() =>
        expect(api.callsOf('decideApproval')).toEqual([
          ['ql-waiting', { decision: 'reject', reason: '' }],
        ]),
      );
    });

    it('says so and disables the buttons when the user may not approve', async () => {
      const api = new FakeQuantumlayerApi();
      api.failures.decideApproval = new QuantumlayerApiError(
        'not allowed: quantumlayer.workflow.approve',
        { status: 403, name: 'NotAllowedError' },
      );
      render(api, 'ql-waiting');
      fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));

      expect(await screen.findByTestId('approval-error')).toHaveTextContent(
        'You may not decide this approval: not allowed: quantumlayer.workflow.approve',
      );
      expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
      expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
      expect(api.callsOf('getRun')).toHaveLength(1);
    });

    it('shows a conflict (the run stopped waiting) and refreshes', async () => {
      const api = new FakeQuantumlayerApi();
      api.failures.decideApproval = new QuantumlayerApiError(
        'the approval gate of ql-waiting is closed (approved)',
        { status: 409, name: 'ConflictError' },
      );
      render(api, 'ql-waiting');
      fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
      expect(await screen.findByTestId('approval-error')).toHaveTextContent(
        'the approval gate of ql-waiting is closed (approved)',
      );
      await waitFor(() => expect(api.callsOf('getRun')).toHaveLength(2));
    });

    it('cancels the running run', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-waiting');
      fireEvent.click(
        await screen.findByRole('button', { name: 'Cancel run' }),
      );
      await waitFor(() =>
        expect(api.callsOf('cancelRun')).toEqual([['ql-waiting']]),
      );
      await waitFor(() => expect(api.callsOf('getRun')).toHaveLength(2));
    });

    it("shows the server's reason when cancelling fails", async () => {
      const api = new FakeQuantumlayerApi();
      api.failures.cancelRun = new QuantumlayerApiError(
        'not allowed: quantumlayer.workflow.cancel',
        { status: 403, name: 'NotAllowedError' },
      );
      render(api, 'ql-waiting');
      fireEvent.click(
        await screen.findByRole('button', { name: 'Cancel run' }),
      );
      expect(await screen.findByTestId('cancel-error')).toHaveTextContent(
        'not allowed: quantumlayer.workflow.cancel',
      );
    });

    it('polls while the run is running', async () => {
      const api = new FakeQuantumlayerApi();
      renderInTestApp(
        <WorkflowRunPage workflowId="ql-waiting" refreshIntervalMs={20} />,
        { apis: [[quantumlayerApiRef, api]] },
      );
      await waitFor(() =>
        expect(api.callsOf('getRun').length).toBeGreaterThanOrEqual(3),
      );
    });
  });

  describe('a completed run', () => {
    let clicked: { href: string; download: string }[];
    beforeEach(() => {
      clicked = [];
      URL.createObjectURL = jest.fn(() => 'blob:quantumlayer-test');
      URL.revokeObjectURL = jest.fn();
      jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(function record(this: HTMLAnchorElement) {
          clicked.push({ href: this.href, download: this.download });
        });
    });
    afterEach(() => jest.restoreAllMocks());

    it('warns, first on the page, when the offline template answered the run', async () => {
      const api = new FakeQuantumlayerApi();
      api.runDetails['ql-offline'] = {
        ...fixtures.doneRun,
        workflow_id: 'ql-offline',
        result: {
          ...fixtures.doneRun.result!,
          provider: 'template',
          offlineTemplate: true,
        },
      };
      render(api, 'ql-offline');

      const warning = await screen.findByTestId('offline-template-warning');
      expect(within(warning).getByRole('alert')).toHaveTextContent(
        `Warning: ${OFFLINE_TEMPLATE_WARNING}`,
      );
      expect(warning).toHaveTextContent('quantumlayer.llm.providers');
      expect(
        warning.compareDocumentPosition(screen.getByTestId('run-status')) &
          Node.DOCUMENT_POSITION_FOLLOWING,
      ).toBeTruthy();
    });

    it('does not warn when a model answered the run', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-done');
      expect(await screen.findByTestId('run-status')).toHaveTextContent(
        'completed',
      );
      expect(
        screen.queryByTestId('offline-template-warning'),
      ).not.toBeInTheDocument();
    });

    it('has no cancel button or approval panel, and shows the decision', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-done');
      expect(await screen.findByTestId('run-status')).toHaveTextContent(
        'completed',
      );
      expect(
        screen.getByText(
          'approved by user:default/ada at 2026-11-23 10:01:00 UTC: looks right',
        ),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Cancel run' }),
      ).not.toBeInTheDocument();
      expect(screen.queryByTestId('approval-panel')).not.toBeInTheDocument();
      expect(screen.getByText('Open in Temporal UI')).toHaveAttribute(
        'href',
        'http://temporal.example/namespaces/default/workflows/ql-done',
      );
    });

    it('lists the files with links that download with the user token', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-done');
      const link = await screen.findByTestId('download-wc/count.py');
      expect(link).toHaveAttribute(
        'href',
        'http://backend.test/api/quantumlayer/v1/artifacts/art-1/files/wc/count.py',
      );
      expect(link).toHaveAttribute('download', 'count.py');
      expect(
        screen.getByRole('link', { name: 'Download README.md' }),
      ).toBeInTheDocument();
      expect(screen.getByText('2.0 KiB')).toBeInTheDocument();

      fireEvent.click(link);
      await waitFor(() =>
        expect(api.callsOf('downloadArtifactFile')).toEqual([
          ['art-1', 'wc/count.py'],
        ]),
      );
      await waitFor(() =>
        expect(clicked).toEqual([
          { href: 'blob:quantumlayer-test', download: 'count.py' },
        ]),
      );
      const [blob] = (URL.createObjectURL as jest.Mock).mock.calls[0];
      expect(await (blob as Blob).text()).toBe('contents of wc/count.py');
    });

    it('previews a file', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-done');
      fireEvent.click(
        await screen.findByRole('button', { name: 'Preview README.md' }),
      );
      const preview = await screen.findByTestId('file-preview');
      await waitFor(() =>
        expect(preview).toHaveTextContent('contents of README.md'),
      );
    });

    it('downloads the test log and each repair diff, feedback and log through the blob route', async () => {
      const api = new FakeQuantumlayerApi();
      const pipeline = api.artifact.manifest.pipeline!;
      api.artifact = {
        ...api.artifact,
        manifest: {
          ...api.artifact.manifest,
          pipeline: {
            ...pipeline,
            repairs: [
              {
                ...pipeline.repairs[0],
                tests: {
                  ...pipeline.tests!,
                  passed: false,
                  logKey: 'repair-log-sha',
                },
              },
            ],
          },
        },
      };
      render(api, 'ql-done');
      const expected = [
        ['test-log.txt', 'log-sha'],
        ['repair-1.diff', 'diffsha0123456789'],
        ['repair-1-feedback.txt', 'fb-sha'],
        ['repair-1-test-log.txt', 'repair-log-sha'],
      ];
      const downloads = async (fileName: string, key: string) => {
        const link = await screen.findByTestId(`pipeline-download-${fileName}`);
        await waitFor(() =>
          expect(link).toHaveAttribute(
            'href',
            `http://backend.test/api/quantumlayer/v1/artifacts/art-1/blobs/${key}`,
          ),
        );
        expect(link).toHaveAttribute('download', fileName);
        expect(link).toHaveAccessibleName(`Download ${fileName}`);
        fireEvent.click(link);
        await waitFor(() =>
          expect(clicked).toContainEqual({
            href: 'blob:quantumlayer-test',
            download: fileName,
          }),
        );
      };
      for (const [fileName, key] of expected) await downloads(fileName, key);
      expect(api.callsOf('downloadArtifactBlob')).toEqual(
        expected.map(([, key]) => ['art-1', key]),
      );
      const [blob] = (URL.createObjectURL as jest.Mock).mock.calls[1];
      expect(await (blob as Blob).text()).toBe('blob diffsha0123456789');
    });

    it("shows the backend's message when a blob does not download", async () => {
      const api = new FakeQuantumlayerApi();
      api.failures.downloadArtifactBlob = serverError(
        'artifact art-1 does not reference blob fb-sha',
        404,
      );
      render(api, 'ql-done');
      fireEvent.click(
        await screen.findByRole('link', {
          name: 'Download repair-1-feedback.txt',
        }),
      );
      expect(
        await screen.findByTestId('pipeline-download-error'),
      ).toHaveTextContent(
        'repair-1-feedback.txt: artifact art-1 does not reference blob fb-sha',
      );
      expect(clicked).toEqual([]);
    });

    it('shows the pipeline record', async () => {
      const api = new FakeQuantumlayerApi();
      render(api, 'ql-done');
      expect(await screen.findByTestId('pipeline-plan')).toHaveTextContent(
        'One module with a word counter',
      );
      expect(screen.getByTestId('pipeline-plan')).toHaveTextContent(
        'def count(text: str) -> dict',
      );
      expect(screen.getByTestId('pipeline-prompts')).toHaveTextContent(
        'coder.python v7',
      );
      const testVerdicts = screen.getByTestId('pipeline-parse-tests');
      expect(testVerdicts).toHaveTextContent('tests/test_count.py');
      expect(testVerdicts).toHaveTextContent('invalid');
      expect(testVerdicts).toHaveTextContent('line 3: unexpected indent');
      const tests = screen.getByTestId('pipeline-tests');
      expect(tests).toHaveTextContent('passed, in the sandbox, exit 0, 1.5 s');
      expect(tests).toHaveTextContent('test_counts_words');
      expect(tests).toHaveTextContent('test_empty_text');
      const repairs = screen.getByTestId('pipeline-repairs');
      expect(repairs).toHaveTextContent('1 file(s), +4 −2');
      expect(repairs).toHaveTextContent('diffsha01234');
      const findings = screen.getByTestId('pipeline-findings');
      expect(findings).toHaveTextContent('major');
      expect(findings).toHaveTextContent('wc/count.py:12');
      expect(findings).toHaveTextContent(
        'splits on spaces only; tabs are words too',
      );
    });
  });

  it('says why the tests did not run when the sandbox refused them', async () => {
    const reason =
      'sandbox: isolation is required (quantumlayer.sandbox.requireIsolation) but bubblewrap is unavailable: bwrap is not on PATH';
    const api = new FakeQuantumlayerApi();
    api.artifact = {
      ...fixtures.artifact,
      manifest: {
        ...fixtures.artifact.manifest,
        testsPassed: null,
        pipeline: {
          ...fixtures.pipeline,
          tests: {
            ...fixtures.pipeline.tests!,
            passed: false,
            isolated: false,
            skipped: reason,
            summary: reason,
            cases: [],
            exitCode: null,
          },
        },
      },
    };
    render(api, 'ql-done');
    const tests = await screen.findByTestId('pipeline-tests');
    expect(tests).toHaveTextContent(`not run: ${reason}`);
    expect(tests).not.toHaveTextContent('failed');
    expect(tests).toHaveTextContent('The run reported no test cases.');
  });

  it('shows cancel, approve, reject and the downloads when the policy allows them on the run', async () => {
    const api = new FakeQuantumlayerApi();
    const asked: Array<[string, string | undefined]> = [];
    const permissionApi = mockApis.permission({
      authorize: request => {
        asked.push([
          request.permission.name,
          (request as { resourceRef?: string }).resourceRef,
        ]);
        return AuthorizeResult.ALLOW;
      },
    });
    const { unmount } = await renderInTestApp(
      <WorkflowRunPage workflowId="ql-waiting" />,
      {
        apis: [[quantumlayerApiRef, api], permissionApi],
        mountedRoutes: { '/quantumlayer': rootRouteRef },
      },
    );
    expect(
      await screen.findByRole('button', { name: 'Cancel run' }),
    ).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeEnabled();
    // The buttons were asked for on this run (decisions may still be settling).
    await waitFor(() =>
      expect(asked).toEqual(
        expect.arrayContaining([
          ['quantumlayer.workflow.cancel', 'ql-waiting'],
          ['quantumlayer.workflow.approve', 'ql-waiting'],
        ]),
      ),
    );
    unmount();
    renderInTestApp(<WorkflowRunPage workflowId="ql-done" />, {
      apis: [[quantumlayerApiRef, api], permissionApi],
      mountedRoutes: { '/quantumlayer': rootRouteRef },
    });
    expect(
      await screen.findByRole('link', { name: 'Download README.md' }),
    ).toBeInTheDocument();
  }, 30_000);

  it("shows the backend's message when the run cannot be read", async () => {
    const api = new FakeQuantumlayerApi();
    api.failures.getRun = serverError('database is down: connection refused');
    render(api, 'ql-done');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'database is down: connection refused',
    );
  });

  it('says when the run does not exist', async () => {
    const api = new FakeQuantumlayerApi();
    render(api, 'ql-missing');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'workflow ql-missing not found',
    );
  });
});
