import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createCatalogRegisterAction,
  createCatalogWriteAction,
  createDebugLogAction,
  createFetchTemplateAction,
  createFetchTemplateFileAction,
} from '@backstage/plugin-scaffolder-backend';
import { createPublishGiteaAction } from '@backstage/plugin-scaffolder-backend-module-gitea';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createPublishGitlabAction } from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { createGenerateAction } from '@internal/backstage-plugin-scaffolder-backend-module-quantumlayer';

/**
 * The example templates against the actions this backend installs: each is a
 * valid v1beta3 Template, each step names an installed action, its inputs
 * are all in that action's input schema and its required inputs are there.
 * The GitHub and GitLab variants cannot reach their forges from here; this
 * is how they are kept in step with the Gitea one.
 */
const EXAMPLES = path.resolve(__dirname, '../../../examples/templates');
const TEMPLATES = [
  'publish/gitea.yaml',
  'publish/github.yaml',
  'publish/gitlab.yaml',
  'python-function/template.yaml',
];

const config = new ConfigReader({
  integrations: {
    gitea: [{ host: '127.0.0.1:3300', baseUrl: 'http://127.0.0.1:3300' }],
    github: [{ host: 'github.com' }],
    gitlab: [{ host: 'gitlab.com', token: 'unused' }],
  },
});
const integrations = ScmIntegrations.fromConfig(config);
const reader = mockServices.urlReader.mock();
const actions: TemplateAction<any, any, any>[] = [
  createFetchTemplateAction({ reader, integrations }),
  createFetchTemplateFileAction({ reader, integrations }),
  createCatalogRegisterAction({ catalog: catalogServiceMock(), integrations }),
  createCatalogWriteAction(),
  createDebugLogAction(),
  createPublishGiteaAction({ integrations, config }),
  createPublishGithubAction({ integrations, config }),
  createPublishGitlabAction({ integrations, config }),
  createGenerateAction({
    api: {} as any, // never called: only the schema is read
    limits: { maxFileBytes: 1, maxTotalBytes: 1 },
    pollIntervalMs: 1000,
    timeoutMs: 1000,
  }),
];

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** Input keys the schema does not know, with their paths, checked into literal objects. */
function unknownKeys(value: unknown, schema: JsonSchema, at = ''): string[] {
  if (!schema.properties || typeof value !== 'object' || value === null)
    return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key in schema.properties!
      ? unknownKeys(v, schema.properties![key], `${at}${key}.`)
      : [`${at}${key}`],
  );
}

describe.each(TEMPLATES)('examples/templates/%s', file => {
  const template = parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));

  it('is a valid v1beta3 Template', async () => {
    await expect(templateEntityV1beta3Validator.check(template)).resolves.toBe(
      true,
    );
  });

  it("passes each step only inputs its action's schema has, and every required one", () => {
    const problems = template.spec.steps.flatMap(
      (step: { id: string; action: string; input?: object }) => {
        const action = actions.find(a => a.id === step.action);
        if (!action) return [`${step.id}: no action ${step.action}`];
        const schema = action.schema?.input as JsonSchema;
        const input = step.input ?? {};
        return [
          ...unknownKeys(input, schema).map(
            key => `${step.id}: ${step.action} has no input "${key}"`,
          ),
          ...(schema.required ?? [])
            .filter(key => !(key in input))
            .map(key => `${step.id}: ${step.action} needs input "${key}"`),
        ];
      },
    );
    expect(problems).toEqual([]);
  });

  it('fetches only skeleton folders and files that exist', () => {
    const missing = template.spec.steps
      .filter((s: { action: string }) => s.action.startsWith('fetch:'))
      .map((s: { input: { url: string } }) => s.input.url)
      .filter(
        (url: string) =>
          !fs.existsSync(path.join(EXAMPLES, path.dirname(file), url)),
      );
    expect(missing).toEqual([]);
  });
});

it('names a misspelt input and a missing required one', () => {
  const gitea = actions.find(a => a.id === 'publish:gitea')!;
  const schema = gitea.schema?.input as JsonSchema;
  expect(unknownKeys({ repoUrl: 'x', descripton: 'y' }, schema)).toEqual([
    'descripton',
  ]);
  expect(schema.required).toContain('repoUrl');
});
