import fs from 'fs';
import path from 'path';
import type { Config } from '@backstage/config';
import { BACKEND_DOCKERFILE, imageSourceOf } from './image-files';
import type { RoleDeployment } from './role-config';
import { readQuantumlayerRoles } from '../src/roles/roles';

/** Where the QuantumLayer templates live: `<dir>/<name>/template.yaml`. */
export const TEMPLATES_DIR = 'examples/templates';

/** The QuantumLayer templates in the repository, as paths from its root. */
export function quantumlayerTemplates(repoRoot: string): string[] {
  const dir = path.join(repoRoot, TEMPLATES_DIR);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter(
      entry =>
        entry.isDirectory() &&
        fs.existsSync(path.join(dir, entry.name, 'template.yaml')),
    )
    .map(entry => `${TEMPLATES_DIR}/${entry.name}/template.yaml`)
    .sort();
}

/**
 * The catalog's rules plus the location's own allow `kind` (Backstage's
 * DefaultCatalogRulesEnforcer: a location's rules add to `catalog.rules`,
 * whose default allows Component, API and Location).
 */
function allowsKind(config: Config, location: Config, kind: string): boolean {
  const global = config.getOptionalConfigArray('catalog.rules');
  const allowed = [
    ...(global
      ? global.flatMap(rule => rule.getOptionalStringArray('allow') ?? [])
      : ['Component', 'API', 'Location']),
    ...(location.getOptionalConfigArray('rules') ?? []).flatMap(
      rule => rule.getOptionalStringArray('allow') ?? [],
    ),
  ];
  return allowed.includes(kind);
}

/**
 * The catalog `file` locations of `config` as the backend image runs it (from
 * its working directory): each one is a repository file the Dockerfile copies
 * there, and every QuantumLayer template is among them. `where` names the
 * config in the messages.
 */
export function checkCatalogLocations(
  config: Config,
  where: string,
  repoRoot: string,
): string[] {
  const problems: string[] = [];
  const locations = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  ).filter(location => location.getString('type') === 'file');
  const targets = locations.map(location => location.getString('target'));
  for (const target of targets) {
    const source = imageSourceOf(target, repoRoot);
    if (!source) {
      problems.push(
        `${where}: catalog location ${target} is not in the backend image; ${BACKEND_DOCKERFILE} copies nothing there`,
      );
    } else if (!fs.existsSync(path.join(repoRoot, source))) {
      problems.push(
        `${where}: catalog location ${target} does not exist (the image would hold ${source} there)`,
      );
    }
  }
  for (const template of quantumlayerTemplates(repoRoot)) {
    const location = locations.find(
      l => imageSourceOf(l.getString('target'), repoRoot) === template,
    );
    if (!location) {
      problems.push(
        `${where}: catalog.locations lacks the QuantumLayer template ${template}; add a file location ./${template} allowing Template`,
      );
    } else if (!allowsKind(config, location, 'Template')) {
      problems.push(
        `${where}: catalog location ${location.getString(
          'target',
        )} does not allow kind Template; add rules: [{ allow: [Template] }]`,
      );
    }
  }
  return problems;
}

/** The roles that run the portal's catalog (`gateway`, or every role when unset). */
export function checkCatalog(
  roles: RoleDeployment[],
  repoRoot: string,
): string[] {
  return roles
    .filter(role => {
      let runs;
      try {
        runs = readQuantumlayerRoles(role.config);
      } catch {
        return false; // the LLM provider rule reports it
      }
      return !runs || runs.includes('gateway');
    })
    .flatMap(role =>
      checkCatalogLocations(
        role.config,
        `${role.ref} (catalog.locations of its --config files)`,
        repoRoot,
      ),
    );
}
