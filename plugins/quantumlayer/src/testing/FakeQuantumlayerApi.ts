import type {
  HealthDetailsReport,
  PostureReport,
  WorkflowRunDetail,
} from '@internal/backstage-plugin-quantumlayer-common';
import { QuantumlayerApi, QuantumlayerApiError } from '../api/QuantumlayerApi';
import type {
  ApprovalDecision,
  ApprovalResponse,
  Artifact,
  CancelRunResponse,
  ListRunsOptions,
  UsageQuery,
  UsageReport,
  WorkflowRunsPage,
} from '../api/types';
import * as fixtures from './fixtures';

type Call = { method: keyof QuantumlayerApi; args: unknown[] };

/**
 * An in-memory backend for component tests: answers from fixtures (or what
 * a test sets), records every call with its arguments.
 */
export class FakeQuantumlayerApi implements QuantumlayerApi {
  readonly calls: Call[] = [];
  runs: WorkflowRunsPage = { items: fixtures.summaries, next_page_token: null };
  runDetails: Record<string, WorkflowRunDetail> = {
    'ql-waiting': fixtures.waitingRun,
    'ql-done': fixtures.doneRun,
  };
  artifact: Artifact = fixtures.artifact;
  health: HealthDetailsReport = fixtures.health;
  posture: PostureReport = fixtures.posture;
  usage: UsageReport = fixtures.usageByModel;
  /** When set, the named method fails with it. */
  failures: Partial<Record<keyof QuantumlayerApi, Error>> = {};

  private record(method: keyof QuantumlayerApi, ...args: unknown[]) {
    this.calls.push({ method, args });
    const failure = this.failures[method];
    if (failure) throw failure;
  }

  callsOf(method: keyof QuantumlayerApi): unknown[][] {
    return this.calls.filter(c => c.method === method).map(c => c.args);
  }

  async listRuns(options?: ListRunsOptions): Promise<WorkflowRunsPage> {
    this.record('listRuns', options);
    return this.runs;
  }

  async getRun(workflowId: string): Promise<WorkflowRunDetail> {
    this.record('getRun', workflowId);
    const run = this.runDetails[workflowId];
    if (!run) {
      throw new QuantumlayerApiError(`workflow ${workflowId} not found`, {
        status: 404,
        name: 'NotFoundError',
      });
    }
    return run;
  }

  async cancelRun(workflowId: string): Promise<CancelRunResponse> {
    this.record('cancelRun', workflowId);
    return { workflow_id: workflowId, cancel_requested: true };
  }

  async decideApproval(
    workflowId: string,
    decision: ApprovalDecision,
  ): Promise<ApprovalResponse> {
    this.record('decideApproval', workflowId, decision);
    return {
      workflow_id: workflowId,
      approval: {
        status: decision.decision === 'approve' ? 'approved' : 'rejected',
        deadline: '2026-11-24T10:00:00.000Z',
        by: 'user:default/ada',
        reason: decision.reason,
        decidedAt: '2026-11-23T10:00:30.000Z',
      },
    };
  }

  async getArtifact(artifactId: string): Promise<Artifact> {
    this.record('getArtifact', artifactId);
    return this.artifact;
  }

  async getArtifactFileUrl(artifactId: string, path: string): Promise<string> {
    return `http://backend.test/api/quantumlayer/v1/artifacts/${artifactId}/files/${path}`;
  }

  async downloadArtifactFile(artifactId: string, path: string): Promise<Blob> {
    this.record('downloadArtifactFile', artifactId, path);
    return new Blob([`contents of ${path}`], { type: 'text/plain' });
  }

  async getArtifactBlobUrl(
    artifactId: string,
    sha256: string,
  ): Promise<string> {
    return `http://backend.test/api/quantumlayer/v1/artifacts/${artifactId}/blobs/${sha256}`;
  }

  async downloadArtifactBlob(
    artifactId: string,
    sha256: string,
  ): Promise<Blob> {
    this.record('downloadArtifactBlob', artifactId, sha256);
    return new Blob([`blob ${sha256}`], { type: 'text/plain' });
  }

  async getHealthDetails(): Promise<HealthDetailsReport> {
    this.record('getHealthDetails');
    return this.health;
  }

  async getPosture(): Promise<PostureReport> {
    this.record('getPosture');
    return this.posture;
  }

  async getUsage(query: UsageQuery): Promise<UsageReport> {
    this.record('getUsage', query);
    return { ...this.usage, groupBy: query.groupBy };
  }
}

/** A backend failure as the client reports it. */
export const serverError = (message: string, status = 500) =>
  new QuantumlayerApiError(message, { status, name: 'Error' });
