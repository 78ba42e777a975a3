import { cancellationSignal } from '@temporalio/activity';
import type {
  GenerateRequest,
  TestRunRecord,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  getDefaultSandbox,
  SandboxResult,
  SandboxUnavailableError,
} from '../../sandbox/sandbox';
import { prepareTestCommand } from '../../sandbox/test-commands';
import { parseTestCases } from '../../sandbox/test-report';
import { beat, currentActivity } from './activity-context';
import { withMaterializedFiles } from './parse-and-validate';
import type { ActivityDeps, FileRef } from './types';

/** Verdict of stage 8; the full log is in QuantumDrop under `logKey`. */
export type TestRunResult = TestRunRecord;

function summarize(output: string): string {
  const lines = output
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean);
  const interesting = lines.filter(l =>
    /^(Ran \d+ tests?|OK|FAILED|ok\s|FAIL|--- FAIL|# (tests|pass|fail)\b|ℹ (tests|pass|fail)\b)/.test(
      l,
    ),
  );
  return (interesting.length ? interesting : lines.slice(-3))
    .join(' | ')
    .slice(0, 400);
}

/** The record of tests that did not run, with the reason as summary and log. */
async function notRun(
  deps: ActivityDeps,
  reason: string,
): Promise<TestRunResult> {
  const blob = await deps.store.putBlob(`tests did not run: ${reason}\n`);
  return {
    passed: false,
    isolated: false,
    skipped: reason,
    cases: [],
    timedOut: false,
    exitCode: null,
    summary: reason,
    logKey: blob.sha256,
    durationMs: 0,
  };
}

/**
 * Stage 8: run the project's tests in a temp dir, in the sandbox (see
 * Sandbox). Where isolation is required and bubblewrap is unavailable,
 * nothing runs and the record says so (`skipped`).
 */
export const createRunTests = (deps: ActivityDeps) =>
  async function runTests(input: {
    request: GenerateRequest;
    files: FileRef[];
  }): Promise<TestRunResult> {
    const sandbox = deps.sandbox ?? getDefaultSandbox();
    const files = await Promise.all(
      input.files.map(async f => ({
        path: f.path,
        content: (await deps.store.getBlob(f.sha256))!,
      })),
    );
    const heartbeat = setInterval(() => beat({ stage: 'run_tests' }), 5_000);
    try {
      let result: SandboxResult;
      try {
        result = await withMaterializedFiles(files, async dir => {
          const command = await prepareTestCommand(
            input.request.language,
            dir,
            files.map(f => f.path),
            { checkers: deps.checkers },
          );
          return sandbox.run({
            ...command,
            workDir: dir,
            timeoutMs: deps.testRun.timeoutMs,
            maxOutputBytes: deps.testRun.maxOutputBytes,
            signal: currentActivity() ? cancellationSignal() : undefined,
          });
        });
      } catch (error) {
        if (!(error instanceof SandboxUnavailableError)) throw error;
        deps.logger.warn(`Generated tests did not run: ${error.message}`);
        return notRun(deps, error.message);
      }
      const log = `$ exit ${result.exitCode}${
        result.timedOut ? ' (timed out)' : ''
      }\n${result.stdout}\n${result.stderr}${
        result.truncated ? '\n[output truncated]' : ''
      }`;
      const blob = await deps.store.putBlob(log);
      return {
        passed: result.exitCode === 0 && !result.timedOut,
        isolated: result.isolated,
        cases: parseTestCases(
          input.request.language,
          `${result.stdout}\n${result.stderr}`,
        ).slice(0, 200),
        timedOut: result.timedOut,
        exitCode: result.exitCode,
        summary: result.timedOut
          ? `timed out after ${deps.testRun.timeoutMs} ms`
          : summarize(`${result.stdout}\n${result.stderr}`),
        logKey: blob.sha256,
        durationMs: result.durationMs,
      };
    } finally {
      clearInterval(heartbeat);
    }
  };
