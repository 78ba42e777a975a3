import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { quantumlayerApiRef } from '../../api/QuantumlayerApi';
import { rootRouteRef } from '../../routes';
import { FakeQuantumlayerApi } from '../../testing/FakeQuantumlayerApi';
import { WorkflowRunPage } from './WorkflowRunPage';

/** Renders a run under a policy that denies `denied`, recording what was asked. */
function renderUnder(workflowId: string, denied: string[]) {
  const api = new FakeQuantumlayerApi();
  const asked: EvaluatePermissionRequest[] = [];
  const permissionApi = mockApis.permission({
    authorize: request => {
      asked.push(request);
      return denied.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    },
  });
  renderInTestApp(<WorkflowRunPage workflowId={workflowId} />, {
    apis: [[quantumlayerApiRef, api], permissionApi],
    mountedRoutes: { '/quantumlayer': rootRouteRef },
  });
  return { api, asked };
}

// usePermission caches decisions per permission and run for the whole test
// file (SWR), so the allowed cases live in WorkflowRunPage.test.tsx.

// Rendering the whole run page takes seconds on a loaded CI machine.
jest.setTimeout(30_000);

describe('WorkflowRunPage under a policy that denies', () => {
  it('hides cancel, approve and reject when the policy denies them on this run', async () => {
    const { api, asked } = renderUnder('ql-waiting', [
      'quantumlayer.workflow.cancel',
      'quantumlayer.workflow.approve',
    ]);
    expect(await screen.findByTestId('approval-not-allowed')).toHaveTextContent(
      'You may not approve or reject this run (quantumlayer.workflow.approve).',
    );
    expect(screen.getByTestId('run-status')).toHaveTextContent('running');
    expect(
      screen.queryByRole('button', { name: 'Cancel run' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Reject' }),
    ).not.toBeInTheDocument();
    expect(api.callsOf('cancelRun')).toEqual([]);
    // Each check names the run, so owner and group rules can decide.
    expect(
      asked.map(r => [
        r.permission.name,
        (r as { resourceRef?: string }).resourceRef,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['quantumlayer.workflow.cancel', 'ql-waiting'],
        ['quantumlayer.workflow.approve', 'ql-waiting'],
      ]),
    );
  });

  it("hides the artifact's files and downloads without quantumlayer.artifact.read, and never fetches them", async () => {
    const { api } = renderUnder('ql-done', ['quantumlayer.artifact.read']);
    expect(await screen.findByTestId('artifact-not-allowed')).toHaveTextContent(
      "You may not read this run's artifact (quantumlayer.artifact.read).",
    );
    expect(
      screen.queryByRole('link', { name: 'Download README.md' }),
    ).not.toBeInTheDocument();
    expect(api.callsOf('getArtifact')).toEqual([]);
  });
});
