import { z } from 'zod';
import { parseJsonAnswer } from './parse-answers';
import type { AgentParse } from './run-agent';

export const SEVERITIES = ['info', 'minor', 'major', 'critical'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** One review finding, from the reviewer agent or the static checks. */
export const findingSchema = z.object({
  severity: z.enum(SEVERITIES),
  file: z.string().max(200).default(''),
  line: z.number().int().nonnegative().optional(),
  message: z.string().min(1).max(1000),
});

export type ReviewFinding = z.infer<typeof findingSchema> & {
  source?: 'agent' | 'static';
  rule?: string;
};

const reviewSchema = z.object({ findings: z.array(findingSchema).max(100) });

export const parseReview = (text: string): AgentParse<ReviewFinding[]> => {
  const parsed = parseJsonAnswer(reviewSchema, text);
  return 'value' in parsed ? { value: parsed.value.findings } : parsed;
};
