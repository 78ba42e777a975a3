import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { loadAllYaml } from '@kubernetes/client-node';

/** One object of a rendered overlay, as kustomize printed it. */
export interface RenderedObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: any;
}

export const REPO_ROOT = path.resolve(
  resolvePackagePath('@internal/backstage-plugin-quantumlayer-backend'),
  '../..',
);
export const OVERLAYS_DIR = path.join(REPO_ROOT, 'deploy/overlays');

export function overlayNames(): string[] {
  return fs
    .readdirSync(OVERLAYS_DIR, { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)
    .sort();
}

/** Parses a multi-document YAML stream into plain objects. */
export function parseRendered(yaml: string): RenderedObject[] {
  // loadAllYaml maps known kinds onto client-node's model classes; a JSON
  // round trip turns them back into the plain wire shape the rules read.
  return loadAllYaml(yaml)
    .filter(Boolean)
    .map(object => JSON.parse(JSON.stringify(object)));
}

/**
 * The rendered YAML of every overlay: read from `renderedDir`
 * (scripts/validate-deploy.sh writes it) when given, else rendered here with
 * the kustomize that scripts/ensure-deploy-tools.sh provides.
 */
export function renderOverlays(
  renderedDir = process.env.DEPLOY_RENDERED_DIR,
): Record<string, string> {
  const names = overlayNames();
  if (renderedDir) {
    return Object.fromEntries(
      names.map(name => [
        name,
        fs.readFileSync(path.join(renderedDir, `${name}.yaml`), 'utf8'),
      ]),
    );
  }
  const [kustomize] = execFileSync(
    'bash',
    [path.join(REPO_ROOT, 'scripts/ensure-deploy-tools.sh')],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  )
    .trim()
    .split('\n');
  return Object.fromEntries(
    names.map(name => [
      name,
      execFileSync(kustomize, ['build', path.join(OVERLAYS_DIR, name)], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    ]),
  );
}
