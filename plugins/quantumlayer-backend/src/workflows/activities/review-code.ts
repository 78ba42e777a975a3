import { ApplicationFailure } from '@temporalio/activity';
import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import { reviewFiles } from '../../review/static-checks';
import type { ActivityDeps, FileRef } from './types';

/** Stage 10: static review (secrets, forbidden calls, size limits). */
export const createReviewCode = (deps: ActivityDeps) =>
  async function reviewCode(input: {
    request: GenerateRequest;
    files: FileRef[];
  }): Promise<{ findings: string[] }> {
    try {
      deps.store.checkLimits(input.files);
    } catch (error) {
      throw ApplicationFailure.nonRetryable(
        (error as Error).message,
        'ReviewRejected',
      );
    }
    const files = await Promise.all(
      input.files.map(async f => ({
        path: f.path,
        content: await deps.store.getText(f.sha256),
      })),
    );
    const findings = reviewFiles(input.request.language, files);
    const blocking = findings.filter(f => f.blocking);
    if (blocking.length > 0) {
      throw ApplicationFailure.nonRetryable(
        `review rejected the code: ${blocking.map(f => f.message).join('; ')}`,
        'ReviewRejected',
      );
    }
    return { findings: findings.map(f => f.message) };
  };
