import { ApplicationFailure } from '@temporalio/activity';
import { withOfflineTemplateFinding } from '@internal/backstage-plugin-quantumlayer-common';
import { filesText } from '../../agents/coder';
import { parseReview, ReviewFinding } from '../../agents/reviewer';
import { runAgent } from '../../agents/run-agent';
import type { PromptRef } from '../../prompts/prompt-template';
import { reviewFiles } from '../../review/static-checks';
import {
  agentCall,
  AgentStepInput,
  AgentStepUsage,
  loadFiles,
  stepUsage,
} from './agent-call';
import type { ActivityDeps, FileRef } from './types';

const MAX_REVIEW_CHARS = 100_000;

/**
 * Stage 10: static checks (secrets, forbidden calls, size limits), then the
 * reviewer agent. A blocking static finding rejects the code; the agent's
 * findings are advice, recorded with their severity. When the offline
 * template provider answered this review or an earlier step
 * (`offlineTemplate`), a `major` finding says the prompt was not implemented.
 */
export const createReviewCode = (deps: ActivityDeps) =>
  async function reviewCode(
    input: AgentStepInput & {
      prompt: PromptRef;
      files: FileRef[];
      testSummary: string;
      /** Whether the offline template answered an earlier step of the run. */
      offlineTemplate?: boolean;
    },
  ): Promise<AgentStepUsage & { findings: ReviewFinding[] }> {
    try {
      deps.store.checkLimits(input.files);
    } catch (error) {
      throw ApplicationFailure.nonRetryable(
        (error as Error).message,
        'ReviewRejected',
      );
    }
    const files = await loadFiles(deps, input.files);
    const staticFindings = reviewFiles(input.request.language, files);
    const blocking = staticFindings.filter(f => f.blocking);
    if (blocking.length > 0) {
      throw ApplicationFailure.nonRetryable(
        `review rejected the code: ${blocking.map(f => f.message).join('; ')}`,
        'ReviewRejected',
      );
    }
    const prompt = await deps.prompts.render(input.prompt, {
      language: input.request.language,
      prompt: input.request.prompt,
      files: filesText(files, MAX_REVIEW_CHARS),
      static_findings: staticFindings.map(f => f.message).join('\n'),
      test_summary: input.testSummary,
    });
    const result = await runAgent({
      ...agentCall(deps, input, 'review'),
      temperature: 0,
      agent: 'reviewer',
      prompt,
      parse: parseReview,
    });
    let findings: ReviewFinding[] = [
      ...staticFindings.map(f => ({
        severity: 'minor' as const,
        file: f.path,
        message: f.message,
        source: 'static' as const,
        rule: f.rule,
      })),
      ...result.value.map(f => ({ ...f, source: 'agent' as const })),
    ];
    if (input.offlineTemplate || result.offlineTemplate) {
      findings = withOfflineTemplateFinding(findings);
    }
    return { ...stepUsage(result), findings };
  };
