import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import { extractCodeBlocks } from '../../parser/extract-code-blocks';
import { syntaxCheckerFor } from '../../parser/languages';
import { unsafePathReason } from '../../parser/safe-path';
import type { ActivityDeps, FileRef } from './types';

/** Verdict of stage 6 (also used for the tests of stage 7). */
export interface ParsedFiles {
  ok: boolean;
  files: FileRef[];
  problems: string[];
}

/** Writes files into a fresh temp dir and runs `fn` there; the dir is always removed. */
export async function withMaterializedFiles<T>(
  files: { path: string; content: string | Buffer }[],
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ql-gen-'));
  try {
    for (const file of files) {
      const target = path.join(dir, file.path);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file.content);
    }
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/**
 * Extracts files from a stored model answer, checks their paths and sizes,
 * syntax-checks the code files and stores each file in QuantumDrop.
 */
export async function parseStoredOutput(
  deps: ActivityDeps,
  request: GenerateRequest,
  outputKey: string,
): Promise<ParsedFiles> {
  const text = await deps.store.getText(outputKey);
  const extracted = extractCodeBlocks(text);
  const problems: string[] = [];
  if (extracted.length === 0)
    problems.push('the answer contained no fenced code blocks with files');
  const byPath = new Map<string, { path: string; content: string }>();
  for (const file of extracted) {
    const reason = unsafePathReason(file.path);
    if (reason) problems.push(`${file.path}: path ${reason}`);
    else byPath.set(file.path, { path: file.path, content: file.content });
  }
  const files = [...byPath.values()];
  try {
    deps.store.checkLimits(
      files.map(f => ({ path: f.path, size: Buffer.byteLength(f.content) })),
    );
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) return { ok: false, files: [], problems };

  const checker = syntaxCheckerFor(request.language);
  const code = files.filter(f => checker.matches.test(f.path));
  const diagnostics = checker.needsFiles
    ? await withMaterializedFiles(files, dir => checker.check(dir, code))
    : await checker.check('', code);
  for (const d of diagnostics)
    if (!d.ok) problems.push(`${d.path}: ${d.message}`);
  const refs: FileRef[] = [];
  for (const file of files) {
    const blob = await deps.store.putBlob(file.content);
    refs.push({ path: file.path, sha256: blob.sha256, size: blob.size });
  }
  return { ok: problems.length === 0, files: refs, problems };
}

/** Stage 6: parse and validate the coder's answer. */
export const createParseAndValidate = (deps: ActivityDeps) =>
  async function parseAndValidate(input: {
    request: GenerateRequest;
    outputKey: string;
  }): Promise<ParsedFiles> {
    return parseStoredOutput(deps, input.request, input.outputKey);
  };
