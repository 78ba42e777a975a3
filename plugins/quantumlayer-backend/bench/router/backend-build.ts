// The production build of the portal backend, laid out as the image runs it,
// for `yarn bench:router`'s quantumlayer-build and quantumlayer-full targets:
// `yarn build:backend` writes packages/backend/dist/bundle.tar.gz (the backend
// and every workspace package it uses, compiled, their package.json pointing
// at dist/); this unpacks it under .data/bench/backend-build and links the
// workspace packages' names to the unpacked copies, so that nothing runs
// through the development transform. Third-party packages resolve from the
// repository's node_modules, as `yarn workspaces focus --production` gives
// the image the same versions.
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const REPO = path.resolve(__dirname, '../../../..');
const BUNDLE = path.join(REPO, 'packages/backend/dist/bundle.tar.gz');

/** The unpacked build: run `node <entry>` with `cwd`. */
export interface BackendBuild {
  /** The backend package folder (its package.json's main is dist/index.cjs.js). */
  entry: string;
  /** The repository's packages/backend, so app-config's relative paths resolve. */
  cwd: string;
  /** When the bundle was built, for the report. */
  builtAt: Date;
}

/**
 * Unpacks the last `yarn build:backend`. Throws, naming the command, when
 * there is none or when a source file of a package in it is newer than it: a stale build would measure other code than the checkout's.
 */
export function unpackBackendBuild(): BackendBuild {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(
      `no production build at ${path.relative(
        REPO,
        BUNDLE,
      )}: run \`yarn build:backend\` first`,
    );
  }
  const builtAt = fs.statSync(BUNDLE).mtime;
  const dir = path.join(REPO, '.data/bench/backend-build');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['xzf', BUNDLE, '-C', dir]);
  for (const folder of ['packages', 'plugins']) {
    const parent = path.join(dir, folder);
    if (!fs.existsSync(parent)) continue;
    for (const name of fs.readdirSync(parent)) {
      const pkg = path.join(parent, name, 'package.json');
      if (!fs.existsSync(pkg)) continue;
      const newer = newerFile(
        path.join(REPO, folder, name, 'src'),
        builtAt.getTime(),
      );
      if (newer) {
        throw new Error(
          `the production build is older than ${path.relative(
            REPO,
            newer,
          )}: run \`yarn build:backend\` again`,
        );
      }
      const link = path.join(
        dir,
        'node_modules',
        JSON.parse(fs.readFileSync(pkg, 'utf8')).name,
      );
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(parent, name), link);
    }
  }
  return {
    entry: path.join(dir, 'packages/backend'),
    cwd: path.join(REPO, 'packages/backend'),
    builtAt,
  };
}

/** A source file under `folder` changed after `since`, if any. */
function newerFile(folder: string, since: number): string | undefined {
  if (!fs.existsSync(folder)) return undefined;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const found = newerFile(file, since);
      if (found) return found;
    } else if (
      !/\.test\.tsx?$/.test(entry.name) &&
      fs.statSync(file).mtimeMs > since
    ) {
      return file;
    }
  }
  return undefined;
}
