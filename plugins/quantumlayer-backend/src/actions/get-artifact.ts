import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { isOfflineTemplateRun } from '@internal/backstage-plugin-quantumlayer-common';
import { unsafePathReason } from '../parser/safe-path';
import {
  readableArtifact,
  readArtifactFile,
} from '../service/operations/artifact-operations';
import type { QuantumlayerActionsContext } from './action-context';
import { describingIssues } from '@internal/backstage-plugin-quantumlayer-node';
import {
  DEFAULT_MAX_FILE_BYTES,
  fileContent,
  MAX_FILE_BYTES,
} from './file-content';

/** `get-artifact`: an artifact's manifest and file list, and one file's content by path. */
export function registerGetArtifactAction(
  registry: ActionsRegistryService,
  ctx: QuantumlayerActionsContext,
) {
  registry.register({
    name: 'get-artifact',
    title: 'Get a QuantumLayer artifact',
    description: `Reads the artifact a completed QuantumLayer run stored (get-workflow gives its id as result.artifactId): the workflow it came from, provider and model, offlineTemplate (true: the offline template provider answered and the files do not implement the prompt), whether the tests passed, each stage's verdict and the list of files with path, size and sha256.
With path (one of the listed paths, relative, no "..") it also returns that file's content in file.content: UTF-8 text as is (file.encoding "utf-8"), other files base64 (file.encoding "base64"). At most maxBytes bytes come back (default ${DEFAULT_MAX_FILE_BYTES}, at most ${MAX_FILE_BYTES}); a longer file is cut and says file.truncated true.
Use it to read the generated code, tests and README after get-workflow reports the run completed. Needs quantumlayer.artifact.read on the run; file reads are audited.`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        describingIssues(
          'get-artifact',
          z
            .object({
              artifactId: z
                .string()
                .regex(
                  /^[A-Za-z0-9_.:-]{1,128}$/,
                  'artifactId must be an artifact id such as art-… (result.artifactId of get-workflow)',
                )
                .describe('result.artifactId of a completed run'),
              path: z
                .string()
                .superRefine((value, issue) => {
                  const unsafe = unsafePathReason(value);
                  if (unsafe) {
                    issue.addIssue({
                      code: 'custom',
                      message: `path ${unsafe}; use a path from the artifact's file list`,
                    });
                  }
                })
                .optional()
                .describe(
                  "A file's path from the file list, to read its content",
                ),
              maxBytes: z
                .number()
                .int()
                .min(1)
                .max(MAX_FILE_BYTES)
                .optional()
                .describe(
                  `Most bytes of content to return (default ${DEFAULT_MAX_FILE_BYTES}, at most ${MAX_FILE_BYTES})`,
                ),
            })
            .strict(),
        ),
      output: z =>
        z.object({
          artifactId: z.string(),
          workflowId: z.string(),
          totalSize: z.number().describe('Bytes of all files together'),
          createdAt: z.string(),
          provider: z.string(),
          model: z.string(),
          offlineTemplate: z
            .boolean()
            .describe(
              'True when the offline template provider answered: the files do not implement the prompt',
            ),
          testsPassed: z.boolean().nullable(),
          stages: z.array(
            z.object({
              stage: z.string(),
              status: z.string(),
              detail: z.string().optional(),
            }),
          ),
          files: z.array(
            z.object({
              path: z.string(),
              size: z.number(),
              sha256: z.string(),
            }),
          ),
          file: z
            .object({
              path: z.string(),
              size: z.number().describe("The file's full size in bytes"),
              encoding: z.enum(['utf-8', 'base64']),
              content: z.string(),
              truncated: z
                .boolean()
                .describe('True when only the first maxBytes bytes came back'),
              returnedBytes: z.number(),
            })
            .optional(),
        }),
    },
    action: async ({ input, credentials }) => {
      const { artifact, content } =
        input.path === undefined
          ? {
              artifact: await readableArtifact(
                ctx,
                credentials,
                input.artifactId,
              ),
              content: undefined,
            }
          : await readArtifactFile(
              ctx,
              credentials,
              input.artifactId,
              input.path,
            );
      const manifest = artifact.manifest;
      return {
        output: {
          artifactId: artifact.id,
          workflowId: artifact.workflowId,
          totalSize: artifact.totalSize,
          createdAt: manifest.createdAt,
          provider: manifest.provider,
          model: manifest.model,
          offlineTemplate: isOfflineTemplateRun(manifest),
          testsPassed: manifest.testsPassed,
          stages: manifest.stages,
          files: manifest.files.map(f => ({
            path: f.path,
            size: f.size,
            sha256: f.sha256,
          })),
          ...(content && input.path !== undefined
            ? {
                file: {
                  path: input.path,
                  size: content.length,
                  ...fileContent(
                    content,
                    input.maxBytes ?? DEFAULT_MAX_FILE_BYTES,
                  ),
                },
              }
            : {}),
        },
      };
    },
  });
}
