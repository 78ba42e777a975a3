import { InputError, ServiceUnavailableError } from '@backstage/errors';
import type Router from 'express-promise-router';
import { z } from 'zod';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import { CheckerBusyError, CheckerTimeoutError } from '../../parser/languages';
import { MAX_PARSE_FILES, parseModelOutput } from '../../parser/parse-output';
import { unsafePathReason } from '../../parser/safe-path';
import type { RouteContext } from './context';

/** Largest `text`, and largest total of `files[].content`, in UTF-8 bytes. */
export const MAX_PARSE_BYTES = 512 * 1024;

const bytes = (s: string) => Buffer.byteLength(s);

const fileSchema = z
  .object({
    path: z.string().superRefine((path, ctx) => {
      const reason = unsafePathReason(path);
      if (reason) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `path ${JSON.stringify(path)} ${reason}`,
        });
      }
    }),
    content: z.string(),
  })
  .strict();

const parseBody = z
  .object({
    language: z
      .string({ required_error: 'language is required, e.g. "python"' })
      .regex(
        /^[A-Za-z0-9+#._-]{1,40}$/,
        'language must be 1 to 40 letters, digits or "+#._-", e.g. "python"',
      ),
    text: z
      .string()
      .refine(
        s => bytes(s) <= MAX_PARSE_BYTES,
        `text must be at most ${MAX_PARSE_BYTES} bytes`,
      )
      .optional(),
    files: z
      .array(fileSchema)
      .min(1, 'files must hold at least one file')
      .max(MAX_PARSE_FILES, `files must hold at most ${MAX_PARSE_FILES} files`)
      .optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.text === undefined && body.files === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['text'],
        message:
          'give text (a model answer with fenced code blocks) or files ([{ path, content }])',
      });
    }
    if (body.text !== undefined && body.files !== undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['files'],
        message: 'give text or files, not both',
      });
    }
    if (!body.files) return;
    const total = body.files.reduce((sum, f) => sum + bytes(f.content), 0);
    if (total > MAX_PARSE_BYTES) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['files'],
        message: `files must hold at most ${MAX_PARSE_BYTES} bytes of content in all (got ${total})`,
      });
    }
    const seen = new Set<string>();
    body.files.forEach((f, i) => {
      if (seen.has(f.path)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['files', i, 'path'],
          message: `path ${JSON.stringify(f.path)} is given twice`,
        });
      }
      seen.add(f.path);
    });
  });

/**
 * `POST /v1/parse`: extracts the files of a model answer (or takes the files
 * given) and syntax-checks each with a real parser. Valid and invalid code
 * both answer 200; each file's `verdict` says which. The checks run in
 * `checkers`' bounded pools, off the event loop: a check that waits too
 * long for a worker or runs past its limit answers 503 with the reason,
 * and fails no other request.
 */
export function addParseRoutes(
  router: ReturnType<typeof Router>,
  ctx: Pick<RouteContext, 'httpAuth' | 'checkers'>,
) {
  router.post('/v1/parse', async (req, res) => {
    await ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const parsed = parseBody.safeParse(req.body);
    if (!parsed.success) {
      throw new InputError(`invalid request: ${describeIssues(parsed.error)}`);
    }
    const { language, text, files } = parsed.data;
    const result = await parseModelOutput(
      files ? { language, files } : { language, text: text ?? '' },
      { checkers: ctx.checkers },
    ).catch(error => {
      if (
        error instanceof CheckerBusyError ||
        error instanceof CheckerTimeoutError
      ) {
        // The message says it all; a cause would repeat it ("; caused by").
        throw new ServiceUnavailableError(error.message);
      }
      throw error;
    });
    res.json({
      ok: result.ok,
      files: result.files.map(({ content: _content, ...file }) => file),
      problems: result.problems,
    });
  });
}
