import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import { writeFilesSafely } from './safe-write';

const limits = { maxFileBytes: 100, maxTotalBytes: 150 };
const file = (p: string, content = 'x') => ({
  path: p,
  content: Buffer.from(content),
});

async function tempDir() {
  return fs.mkdtemp(path.join(os.tmpdir(), 'ql-safe-'));
}

describe('writeFilesSafely', () => {
  it('writes nested relative files', async () => {
    const root = await tempDir();
    expect(
      await writeFilesSafely(
        root,
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
      writeFilesSafely(root, [file('ok.txt'), file(bad)], limits),
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
      writeFilesSafely(root, [file('ok.txt'), file('link/x.txt')], limits),
    ).rejects.toThrow('would be written outside the target directory');
    expect(await fs.readdir(outside)).toEqual([]);
    expect((await fs.readdir(root)).sort()).toEqual(['link']);
  });

  it('refuses files over the per-file and total limits', async () => {
    const root = await tempDir();
    await expect(
      writeFilesSafely(root, [file('big.txt', 'y'.repeat(101))], limits),
    ).rejects.toThrow(
      'generated file "big.txt" is 101 bytes, over the 100-byte limit',
    );
    await expect(
      writeFilesSafely(
        root,
        [file('a.txt', 'y'.repeat(80)), file('b.txt', 'y'.repeat(80))],
        limits,
      ),
    ).rejects.toThrow(
      'generated files total 160 bytes, over the 150-byte limit',
    );
    expect(await fs.readdir(root)).toEqual([]);
  });
});
