import type { ActivityDeps } from './types';

const MAX_LOG_CHARS = 8_000;

/** Stage 9: turn parse problems or a failed test log into feedback for the next attempt. */
export const createPrepareRepair = (deps: ActivityDeps) =>
  async function prepareRepair(input: {
    attempt: number;
    problems: string[];
    testLogKey?: string;
  }): Promise<{ feedbackKey: string }> {
    const parts = [`Repair attempt ${input.attempt}.`];
    if (input.problems.length)
      parts.push(`Problems:\n${input.problems.map(p => `- ${p}`).join('\n')}`);
    if (input.testLogKey) {
      const log = await deps.store.getText(input.testLogKey);
      parts.push(
        `Test output (last ${MAX_LOG_CHARS} characters):\n${log.slice(
          -MAX_LOG_CHARS,
        )}`,
      );
    }
    const blob = await deps.store.putBlob(parts.join('\n\n'));
    return { feedbackKey: blob.sha256 };
  };
