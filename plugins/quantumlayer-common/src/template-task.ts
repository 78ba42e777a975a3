import { z } from 'zod';

/**
 * What the offline template provider needs to answer one code-generation
 * step; it cannot read free text. Travels as the request's `metadata`
 * labels (`codegen.*`), so the router and its wire know nothing of it.
 *
 * @public
 */
export interface TemplateTask {
  kind: 'plan' | 'code' | 'tests' | 'repair' | 'review' | 'document';
  language: string;
  type: string;
  projectName: string;
  prompt: string;
  feedback?: string;
}

const PREFIX = 'codegen.';

const templateTask = z.object({
  kind: z.enum(['plan', 'code', 'tests', 'repair', 'review', 'document']),
  language: z.string(),
  type: z.string(),
  projectName: z.string(),
  prompt: z.string(),
  feedback: z.string().optional(),
});

/** The task as request labels (`codegen.kind`, `codegen.language`, …). @public */
export function templateTaskMetadata(
  task: TemplateTask,
): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(task)) {
    if (value !== undefined) labels[`${PREFIX}${key}`] = value;
  }
  return labels;
}

/** The task a request's labels describe; undefined when they describe none. @public */
export function readTemplateTask(
  metadata: Record<string, string> | undefined,
): TemplateTask | undefined {
  if (!metadata) return undefined;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith(PREFIX)) fields[key.slice(PREFIX.length)] = value;
  }
  const parsed = templateTask.safeParse(fields);
  return parsed.success ? parsed.data : undefined;
}
