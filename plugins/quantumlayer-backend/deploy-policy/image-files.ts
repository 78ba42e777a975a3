import fs from 'fs';
import path from 'path';

/** The backend image's Dockerfile, relative to the repository root. */
export const BACKEND_DOCKERFILE = 'packages/backend/Dockerfile';

interface Copy {
  sources: string[];
  /** Absolute, in the image. */
  dest: string;
}

/**
 * The final stage's working directory and its COPY instructions from the
 * build context (`COPY --from` another stage is not followed).
 */
function parseDockerfile(text: string): { workdir: string; copies: Copy[] } {
  let workdir = '/';
  const copies: Copy[] = [];
  for (const line of text.split('\n')) {
    const [instruction, ...words] = line.trim().split(/\s+/);
    if (/^FROM$/i.test(instruction)) {
      // A new stage: only the last one's files are in the image.
      workdir = '/';
      copies.length = 0;
    } else if (/^WORKDIR$/i.test(instruction)) {
      workdir = path.posix.resolve(workdir, words[0]);
    } else if (/^COPY$/i.test(instruction)) {
      if (words.some(w => w.startsWith('--from'))) continue; // another stage
      const args = words.filter(w => !w.startsWith('--'));
      if (args.length < 2) continue;
      const dest = args.pop()!;
      const resolved = path.posix.resolve(workdir, dest);
      copies.push({
        sources: args,
        dest: dest.endsWith('/') ? `${resolved}/` : resolved,
      });
    }
  }
  return { workdir, copies };
}

/**
 * The repository file the backend image holds at `target`, a path relative to
 * the image's working directory (where the backend runs, so where relative
 * catalog locations point); undefined when no COPY puts anything there.
 * Directory sources and plain file sources; globs are not expanded.
 */
export function imageSourceOf(
  target: string,
  repoRoot: string,
  dockerfile = BACKEND_DOCKERFILE,
): string | undefined {
  const { workdir, copies } = parseDockerfile(
    fs.readFileSync(path.join(repoRoot, dockerfile), 'utf8'),
  );
  const wanted = path.posix.resolve(workdir, target);
  for (const { sources, dest } of copies) {
    for (const source of sources) {
      const local = path.join(repoRoot, source);
      if (!fs.existsSync(local)) continue;
      if (fs.statSync(local).isDirectory()) {
        // COPY <dir> <dest> copies the directory's contents into dest.
        const base = dest.replace(/\/$/, '');
        if (wanted.startsWith(`${base}/`)) {
          return path.posix.join(source, wanted.slice(base.length + 1));
        }
      } else if (
        wanted ===
        (dest.endsWith('/') ? `${dest}${path.posix.basename(source)}` : dest)
      ) {
        return source;
      }
    }
  }
  return undefined;
}
