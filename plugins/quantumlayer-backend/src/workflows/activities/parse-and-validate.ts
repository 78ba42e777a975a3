import fs from 'fs/promises';
import os from 'os';
import path from 'path';
import type { GenerateRequest } from '@internal/backstage-plugin-quantumlayer-common';
import { parseModelOutput } from '../../parser/parse-output';
import { loadFiles } from './agent-call';
import type { ActivityDeps, FileRef } from './types';

/** One file's syntax verdict; `unvalidated` for files no parser covers (README.md, go.mod). */
export interface FileVerdict {
  path: string;
  verdict: 'valid' | 'invalid' | 'unvalidated';
  message?: string;
}

/** Verdict of stage 6 (also used for the tests of stage 7). */
export interface ParsedFiles {
  ok: boolean;
  files: FileRef[];
  problems: string[];
  verdicts: FileVerdict[];
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
 * Checks sizes and syntax of stored files with each language's real parser
 * (see parseModelOutput); files no parser covers are `unvalidated`.
 */
export async function validateFiles(
  deps: ActivityDeps,
  request: GenerateRequest,
  refs: FileRef[],
): Promise<ParsedFiles> {
  const problems: string[] = [];
  try {
    deps.store.checkLimits(refs);
  } catch (error) {
    problems.push((error as Error).message);
  }
  const parsed = await parseModelOutput(
    { language: request.language, files: await loadFiles(deps, refs) },
    { checkers: deps.checkers },
  );
  problems.push(...parsed.problems);
  const verdicts: FileVerdict[] = parsed.files.map(f => {
    const first = f.diagnostics[0];
    const message = first
      ? `line ${first.line ?? 0}: ${first.message}`
      : f.note;
    return {
      path: f.path,
      verdict: f.verdict,
      ...(message ? { message } : {}),
    };
  });
  return { ok: problems.length === 0, files: refs, problems, verdicts };
}

/** Stage 6: syntax-check the coder's files. */
export const createParseAndValidate = (deps: ActivityDeps) =>
  async function parseAndValidate(input: {
    request: GenerateRequest;
    files: FileRef[];
  }): Promise<ParsedFiles> {
    return validateFiles(deps, input.request, input.files);
  };
