import { InputError } from '@backstage/errors';
import type Router from 'express-promise-router';
import { z } from 'zod';
import { describeIssues } from '@internal/backstage-plugin-quantumlayer-common';
import { AGENTS } from '../../prompts/prompt-template';
import type { PromptStore } from '../../prompts/prompt-store';
import type { RouteContext } from './context';

const listQuery = z.object({
  agent: z.enum(AGENTS).optional(),
  language: z
    .string()
    .regex(/^[a-z*]{1,32}$/)
    .optional(),
  type: z
    .string()
    .regex(/^[a-z*]{1,32}$/)
    .optional(),
  all_versions: z.enum(['true', 'false']).optional(),
});

const renderBody = z
  .object({
    version: z.number().int().positive().optional(),
    variables: z.record(z.unknown()).default({}),
  })
  .strict();

function parseOrThrow<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  value: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(`invalid ${what}: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** The meta-prompt engine over REST: list templates, show versions, preview a rendering. */
export function addPromptRoutes(
  router: ReturnType<typeof Router>,
  ctx: RouteContext & { prompts: PromptStore },
) {
  const authenticate = (req: Parameters<typeof ctx.httpAuth.credentials>[0]) =>
    ctx.httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/v1/prompts', async (req, res) => {
    await authenticate(req);
    const query = parseOrThrow(listQuery, req.query, 'query');
    const templates = await ctx.prompts.list({
      agent: query.agent,
      language: query.language,
      type: query.type,
      allVersions: query.all_versions === 'true',
    });
    res.json({
      items: templates.map(t => ({
        id: t.id,
        version: t.version,
        agent: t.agent,
        language: t.language,
        type: t.type,
        description: t.description,
        variables: t.variables,
      })),
    });
  });

  router.get('/v1/prompts/:id', async (req, res) => {
    await authenticate(req);
    const versions = await ctx.prompts.versions(req.params.id);
    res.json({ id: req.params.id, versions });
  });

  router.post('/v1/prompts/:id/render', async (req, res) => {
    await authenticate(req);
    const body = parseOrThrow(renderBody, req.body ?? {}, 'render request');
    const rendered = await ctx.prompts.render(
      { id: req.params.id, version: body.version },
      body.variables,
    );
    res.json({
      id: rendered.id,
      version: rendered.version,
      messages: [
        { role: 'system', content: rendered.system },
        { role: 'user', content: rendered.user },
      ],
    });
  });
}
