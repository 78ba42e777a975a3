import { z } from 'zod';

/** The agents that have prompt templates. */
export const AGENTS = [
  'architect',
  'coder',
  'tester',
  'reviewer',
  'documenter',
] as const;

export type AgentName = (typeof AGENTS)[number];

/**
 * A variable a template declares. `untrusted` values (user prompts, model
 * output, test logs) are rendered inside delimiters the model is told to read
 * as data, never as instructions; `trusted` values are validated identifiers.
 */
export const promptVariableSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/),
  description: z.string().max(300),
  trust: z.enum(['trusted', 'untrusted']),
  required: z.boolean(),
  maxLength: z.number().int().positive().max(1_000_000),
  /** For trusted values: the pattern they must match. */
  pattern: z.string().optional(),
});

export type PromptVariable = z.infer<typeof promptVariableSchema>;

/** One version of a template, as stored and as shipped in the seed set. */
export const promptTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z]+\.[a-z*]+\.[a-z*]+$/),
    version: z.number().int().positive(),
    agent: z.enum(AGENTS),
    language: z.string().min(1),
    type: z.string().min(1),
    description: z.string().max(500),
    variables: z.array(promptVariableSchema),
    system: z.string().min(1),
    user: z.string().min(1),
  })
  .superRefine((t, ctx) => {
    const declared = new Set(t.variables.map(v => v.name));
    for (const text of [t.system, t.user]) {
      for (const [, name] of text.matchAll(/\{\{[#/]?(\w+)\}\}/g)) {
        if (!declared.has(name)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `placeholder {{${name}}} is not a declared variable`,
          });
        }
      }
    }
    if (t.id !== `${t.agent}.${t.language}.${t.type}`) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `id must be ${t.agent}.${t.language}.${t.type}`,
      });
    }
  });

export type PromptTemplate = z.infer<typeof promptTemplateSchema>;

/** Which template version a run used for one agent. */
export interface PromptRef {
  id: string;
  version: number;
}

/** The template versions a run uses, one per agent, fixed at stage 2. */
export type PromptSet = Record<AgentName, PromptRef>;

/** A rendered template: the messages an agent sends. */
export interface RenderedPrompt extends PromptRef {
  system: string;
  user: string;
}
