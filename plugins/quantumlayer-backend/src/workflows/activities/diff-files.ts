import { unifiedDiff } from '../../util/line-diff';
import { loadFiles } from './agent-call';
import type { ActivityDeps, FileRef } from './types';

/** What changed between two attempts of the coder; the patch is in QuantumDrop. */
export interface DiffSummary {
  diffKey: string;
  filesChanged: number;
  additions: number;
  deletions: number;
}

/** Stage 9 bookkeeping: the unified diff between the previous and the repaired sources. */
export const createDiffFiles = (deps: ActivityDeps) =>
  async function diffFiles(input: {
    before: FileRef[];
    after: FileRef[];
  }): Promise<DiffSummary> {
    const before = new Map(
      (await loadFiles(deps, input.before)).map(f => [f.path, f.content]),
    );
    const after = new Map(
      (await loadFiles(deps, input.after)).map(f => [f.path, f.content]),
    );
    const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
    let patch = '';
    let filesChanged = 0;
    let additions = 0;
    let deletions = 0;
    for (const path of paths) {
      const diff = unifiedDiff(path, before.get(path), after.get(path));
      if (!diff.text) continue;
      patch += diff.text;
      filesChanged++;
      additions += diff.additions;
      deletions += diff.deletions;
    }
    const blob = await deps.store.putBlob(patch);
    return { diffKey: blob.sha256, filesChanged, additions, deletions };
  };
