import { z } from 'zod';
import { parseJsonAnswer } from './parse-answers';
import type { AgentParse } from './run-agent';

/** The architect's plan: which files to write, their interfaces and the approach. */
export const planSchema = z.object({
  approach: z.string().min(1).max(2000),
  files: z
    .array(
      z.object({
        path: z.string().min(1).max(200),
        purpose: z.string().max(300),
      }),
    )
    .min(1)
    .max(50),
  interfaces: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        signature: z.string().min(1).max(1000),
        description: z.string().max(1000).default(''),
      }),
    )
    .max(50)
    .default([]),
});

export type ProjectPlan = z.infer<typeof planSchema>;

export const parsePlan = (text: string): AgentParse<ProjectPlan> =>
  parseJsonAnswer(planSchema, text);

/** The plan as the coder, tester and documenter see it. */
export const planText = (plan: ProjectPlan) => JSON.stringify(plan, null, 2);
