import { z } from 'zod';

/** Languages the generator supports. @public */
export const SUPPORTED_LANGUAGES = [
  'python',
  'typescript',
  'javascript',
  'go',
] as const;

/** Kinds of project the generator supports. @public */
export const SUPPORTED_TYPES = ['function', 'class', 'cli', 'api'] as const;

/** @public */
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
/** @public */
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

/** Longest an approval gate may wait, in seconds (7 days). @public */
export const MAX_APPROVAL_SECONDS = 7 * 24 * 3600;

/** Largest accepted prompt, in bytes of UTF-8. @public */
export const MAX_PROMPT_BYTES = 64 * 1024;

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/**
 * The body of `POST /v1/workflows/generate-extended`, exactly the seed's shape.
 *
 * @public
 */
export const generateRequestSchema = z
  .object({
    prompt: z
      .string({ required_error: 'prompt is required' })
      .refine(s => s.trim().length > 0, 'prompt must not be empty')
      .refine(
        s => byteLength(s) <= MAX_PROMPT_BYTES,
        `prompt must be at most ${MAX_PROMPT_BYTES} bytes`,
      ),
    language: z.enum(SUPPORTED_LANGUAGES, {
      errorMap: (_issue, ctx) => ({
        message: `language ${JSON.stringify(
          ctx.data,
        )} is not supported; use one of ${SUPPORTED_LANGUAGES.join(', ')}`,
      }),
    }),
    type: z.enum(SUPPORTED_TYPES, {
      errorMap: (_issue, ctx) => ({
        message: `type ${JSON.stringify(
          ctx.data,
        )} is not supported; use one of ${SUPPORTED_TYPES.join(', ')}`,
      }),
    }),
    generate_tests: z.boolean().default(true),
    requirements: z
      .object({
        project_name: z
          .string()
          .regex(
            /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
            'project_name must start with a letter and hold only letters, digits, "_" or "-" (at most 64)',
          ),
      })
      .strict(),
    approval: z
      .object({
        required: z.boolean(),
        timeout_seconds: z
          .number()
          .int()
          .min(1, 'approval.timeout_seconds must be at least 1')
          .max(
            MAX_APPROVAL_SECONDS,
            `approval.timeout_seconds must be at most ${MAX_APPROVAL_SECONDS} (7 days)`,
          )
          .default(24 * 3600),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * The seed's example body (its curl test), valid as is: handy for docs,
 * examples and tests.
 *
 * @public
 */
export const EXAMPLE_GENERATE_REQUEST = {
  prompt: 'Create a Python function',
  language: 'python',
  type: 'function',
  generate_tests: true,
  requirements: { project_name: 'TestProject' },
} as const;

/** A validated generate-extended request. @public */
export type GenerateRequest = z.infer<typeof generateRequestSchema>;

/** The request as a client sends it (generate_tests optional). @public */
export type GenerateRequestInput = z.input<typeof generateRequestSchema>;

/**
 * Turns zod issues into one message that names each field, e.g.
 * `requirements.project_name: project_name must start with a letter`.
 *
 * @public
 */
export function describeIssues(error: {
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;
}): string {
  return error.issues
    .map(issue => {
      const field = issue.path.map(String).join('.') || '(body)';
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
