import { createTestDatabases, migrated } from '../__testUtils__/database';
import { PromptStore } from './prompt-store';
import { SEED_TEMPLATES } from './seeds';

jest.setTimeout(60_000);
const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('PromptStore on %p', id => {
  async function store() {
    const knex = await migrated(await databases.init(id));
    const prompts = new PromptStore(knex);
    return { knex, prompts };
  }

  it('seeds once: a second start writes nothing', async () => {
    const { prompts } = await store();
    expect(await prompts.seed()).toBe(SEED_TEMPLATES.length);
    expect(await prompts.seed()).toBe(0);
    expect(await prompts.list()).toHaveLength(SEED_TEMPLATES.length);
  });

  it('resolves the most specific template and its newest version', async () => {
    const { prompts } = await store();
    await prompts.seed();
    expect(await prompts.resolve('coder', 'go', 'cli')).toEqual({
      id: 'coder.go.cli',
      version: 1,
    });
    expect(await prompts.resolve('tester', 'go', 'cli')).toEqual({
      id: 'tester.go.*',
      version: 1,
    });
    const v1 = await prompts.get('reviewer.*.*');
    await prompts.add({ ...v1, version: 2, system: `${v1.system} Be brief.` });
    expect(await prompts.resolve('reviewer', 'python', 'api')).toEqual({
      id: 'reviewer.*.*',
      version: 2,
    });
    // A run that fixed version 1 still renders version 1's text.
    const old = await prompts.render(
      { id: 'reviewer.*.*', version: 1 },
      { language: 'go', prompt: 'p', files: 'f' },
    );
    expect(old.system).not.toContain('Be brief.');
    expect(
      (await prompts.list({ agent: 'reviewer', allVersions: true })).map(
        t => t.version,
      ),
    ).toEqual([2, 1]);
  });

  it('refuses to overwrite a stored version and rejects invalid templates', async () => {
    const { prompts } = await store();
    await prompts.seed();
    const v1 = await prompts.get('documenter.*.*');
    await expect(prompts.add(v1)).rejects.toThrow(
      'documenter.*.* version 1 already exists',
    );
    await expect(
      prompts.add({ ...v1, version: 3, user: '{{undeclared}}' }),
    ).rejects.toThrow('placeholder {{undeclared}} is not a declared variable');
  });

  it('answers NotFound for unknown ids and versions', async () => {
    const { prompts } = await store();
    await prompts.seed();
    await expect(prompts.get('coder.cobol.function')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(prompts.get('coder.go.cli', 9)).rejects.toThrow(
      'no prompt template coder.go.cli version 9',
    );
  });
});
