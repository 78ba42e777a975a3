import path from 'path';
import { InputError } from '@backstage/errors';
import {
  createTemplateAction,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import {
  describeIssues,
  generateRequestSchema,
  isOfflineTemplateRun,
  OFFLINE_TEMPLATE_WARNING,
  SUPPORTED_LANGUAGES,
  SUPPORTED_TYPES,
  SupportedLanguage,
  SupportedType,
} from '@internal/backstage-plugin-quantumlayer-common';
import type { QuantumlayerApiClient } from '../client/QuantumlayerApiClient';
import { examples } from './generate.examples';
import { followRun } from './follow-run';
import { inStartSpan } from './start-span';
import {
  checkTargetPath,
  isCiDefinition,
  pathViolation,
  protectedPathViolation,
  WriteLimits,
  writeFilesSafely,
} from './safe-write';

/**
 * Options of {@link createGenerateAction}.
 *
 * @public
 */
export interface GenerateActionOptions {
  api: Pick<
    QuantumlayerApiClient,
    'start' | 'get' | 'cancel' | 'artifact' | 'file'
  >;
  limits: WriteLimits;
  /**
   * Longest one long-poll (`GET /v1/workflows/:id?wait_ms=`) waits: the
   * answer comes at once when the run closes, else after this long with its
   * progress, so stages are logged at most this late. Default 2000.
   */
  longPollMs?: number;
  /**
   * Shortest gap between two requests, for a backend that answers at once
   * (one older than the long-poll).
   */
  pollIntervalMs: number;
  /** Give up (and cancel the run) after this long. */
  timeoutMs: number;
}

/**
 * The input of `quantumlayer:generate`: the generate-extended request, and
 * where and what the action may write.
 *
 * @public
 */
export type GenerateActionInput = {
  prompt: string;
  language: SupportedLanguage;
  type: SupportedType;
  requirements: { project_name: string };
  generate_tests?: boolean;
  approval?: { required: boolean; timeout_seconds?: number };
  targetPath?: string;
  allowCiFiles?: boolean;
};

/**
 * The output of `quantumlayer:generate`.
 *
 * @public
 */
export type GenerateActionOutput = {
  workflowId: string;
  artifactId: string;
  files: string[];
  testsPassed: boolean | null;
  temporalUiUrl: string;
  offlineTemplate: boolean;
};

const invalidInput = (why: string) =>
  new InputError(`quantumlayer:generate input is invalid: ${why}`);

/**
 * The `quantumlayer:generate` action: runs generate-extended and writes its files.
 *
 * @public
 */
export function createGenerateAction(
  options: GenerateActionOptions,
): TemplateAction<GenerateActionInput, GenerateActionOutput, 'v2'> {
  return createTemplateAction({
    id: 'quantumlayer:generate',
    description:
      'Generates a project with the QuantumLayer generate-extended workflow (plan, code, tests, repair, review, docs) and writes the files into the workspace.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        prompt: z => z.string().describe('What to build, in plain words'),
        language: z => z.enum(SUPPORTED_LANGUAGES).describe('Target language'),
        type: z => z.enum(SUPPORTED_TYPES).describe('Kind of project'),
        generate_tests: z =>
          z
            .boolean()
            .optional()
            .describe('Generate and run unit tests (default true)'),
        requirements: z =>
          z.object({
            project_name: z
              .string()
              .describe('Project name: a letter, then letters, digits, _ or -'),
          }),
        approval: z =>
          z
            .object({
              required: z.boolean().describe('Wait for approval after review'),
              timeout_seconds: z
                .number()
                .int()
                .optional()
                .describe('How long to wait, in seconds (default 86400)'),
            })
            .optional()
            .describe(
              'Approval gate: after review the run waits for POST /v1/workflows/:id/approval',
            ),
        targetPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace sub-directory to write into (default: the workspace root): relative, no "..", not in .git/, and no symlink on the way',
            ),
        allowCiFiles: z =>
          z
            .boolean()
            .optional()
            .describe(
              "Also write CI definitions (.github/workflows/*, .gitlab-ci.yml, .circleci/, Jenkinsfile, .buildkite/, azure-pipelines.yml), which run with the repository's secrets once it is published; each one written is warned about in the task log. Default false: a generated CI file fails the step",
            ),
      },
      output: {
        workflowId: z => z.string().describe('Temporal workflow id'),
        artifactId: z => z.string().describe('QuantumDrop artifact id'),
        files: z =>
          z.array(z.string()).describe('Paths written, relative to targetPath'),
        testsPassed: z =>
          z
            .boolean()
            .nullable()
            .describe('Whether the generated tests passed (null: none)'),
        temporalUiUrl: z =>
          z.string().describe('Link to the run in the Temporal UI'),
        offlineTemplate: z =>
          z
            .boolean()
            .describe(
              'True when the offline template provider answered: the files are a fixed example, not an implementation of the prompt; configure an LLM provider',
            ),
      },
    },
    async handler(ctx) {
      const { targetPath = '.', allowCiFiles = false, ...body } = ctx.input;
      const policy = { allowCiFiles };
      // Before anything starts: a real directory of the workspace, not .git/.
      await checkTargetPath(ctx.workspacePath, targetPath);
      const into = { workspace: ctx.workspacePath, targetPath };
      const workflowId = `ql-${ctx.task.id}-${ctx.step?.id ?? 'generate'}`;
      // Every call is made on behalf of whoever started the task, so the
      // plugin's permissions (create, read, artifact.read) apply to them.
      const credentials = await ctx.getInitiatorCredentials();

      if (ctx.isDryRun) {
        // Nothing reaches the backend, so the request is checked here, with
        // the same schema its workflow route applies.
        const parsed = generateRequestSchema.safeParse(body);
        if (!parsed.success) {
          throw invalidInput(describeIssues(parsed.error));
        }
        const request = parsed.data;
        const preview = `# QuantumLayer dry run\n\nWould start workflow ${workflowId} for a ${request.language} ${request.type} named ${request.requirements.project_name}, with tests: ${request.generate_tests}.\n`;
        const [written] = await writeFilesSafely(
          into,
          [{ path: 'QUANTUMLAYER_DRY_RUN.md', content: Buffer.from(preview) }],
          options.limits,
        );
        ctx.logger.info(`Dry run: validated the request; no workflow started`);
        ctx.output('workflowId', workflowId);
        ctx.output('artifactId', '');
        ctx.output('files', [written]);
        ctx.output('testsPassed', null);
        ctx.output('temporalUiUrl', '');
        ctx.output('offlineTemplate', false);
        return;
      }

      // The checkpoint keeps the start from re-running after a backend restart;
      // the idempotency key (USE_EXISTING) re-attaches to the same run regardless.
      const started = await ctx.checkpoint({
        key: `quantumlayer-start-${workflowId}`,
        fn: async () =>
          inStartSpan(ctx.task.id, workflowId, () =>
            // The workflow route validates the request (the one edge check;
            // the workflow's first activity checks it again): its 400 names
            // the field, and no run starts.
            options.api
              .start(credentials, body, workflowId.slice('ql-'.length))
              .catch(error => {
                throw error?.name === 'InputError'
                  ? invalidInput(
                      error.message.replace(/^invalid request: /, ''),
                    )
                  : error;
              }),
          ),
      });
      ctx.logger.info(
        `Started workflow ${started.workflow_id} (run ${started.run_id})`,
      );

      const detail = await followRun(
        ctx,
        options,
        credentials,
        started.workflow_id,
      );
      const result = detail.result!;
      const artifact = await options.api.artifact(
        credentials,
        result.artifactId,
      );
      // Check the manifest's paths before downloading anything: a URL would
      // normalise "..", hiding the problem behind a 404.
      for (const f of artifact.manifest.files) {
        const problem =
          pathViolation(f.path) ??
          protectedPathViolation(path.join(targetPath, f.path), policy);
        if (problem)
          throw new InputError(
            `generated file path "${f.path}" ${problem}; nothing was written`,
          );
      }
      const files = await Promise.all(
        artifact.manifest.files.map(async f => ({
          path: f.path,
          content: await options.api.file(
            credentials,
            result.artifactId,
            f.path,
          ),
        })),
      );
      const written = await writeFilesSafely(
        into,
        files,
        options.limits,
        policy,
      );
      for (const ci of written.filter(f =>
        isCiDefinition(path.join(targetPath, f)),
      )) {
        ctx.logger.warn(
          `Wrote CI definition "${path.join(
            targetPath,
            ci,
          )}" (allowCiFiles: true): it runs with the repository's secrets once the repository is published; review it before it is merged`,
        );
      }
      const verdict = { true: 'passed', false: 'failed', null: 'not run' }[
        String(result.testsPassed) as 'true' | 'false' | 'null'
      ];
      ctx.logger.info(
        `Wrote ${written.length} file(s) from artifact ${result.artifactId} (provider ${result.provider}); tests ${verdict}`,
      );
      const offlineTemplate =
        isOfflineTemplateRun(result) || isOfflineTemplateRun(artifact.manifest);
      if (offlineTemplate) {
        ctx.logger.warn(
          `${OFFLINE_TEMPLATE_WARNING}. QuantumLayer's offline template provider wrote a fixed ${body.language} ${body.type} example, and its tests test that example; configure quantumlayer.llm.providers in the backend and run the template again.`,
        );
      }
      ctx.output('workflowId', started.workflow_id);
      ctx.output('artifactId', result.artifactId);
      ctx.output('files', written);
      ctx.output('testsPassed', result.testsPassed);
      ctx.output('temporalUiUrl', detail.temporal_ui_url);
      ctx.output('offlineTemplate', offlineTemplate);
    },
  });
}
