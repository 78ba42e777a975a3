import { evaluateDeployPolicy } from './deploy-policy';
import {
  parseRendered,
  renderOverlays,
  RenderedObject,
} from './rendered-manifests';

/**
 * Every overlay of deploy/ rendered once for the calling test file
 * (beforeAll; a cold cache builds kustomize first, about 40 s), and a copy
 * of the production render to break.
 */
export function useRenderedOverlays() {
  let overlays: Record<string, RenderedObject[]> = {};
  beforeAll(() => {
    overlays = Object.fromEntries(
      Object.entries(renderOverlays()).map(([name, yaml]) => [
        name,
        parseRendered(yaml),
      ]),
    );
  }, 180_000);
  return {
    /** The rendered objects of each overlay, by overlay name. */
    get overlays() {
      return overlays;
    },
    /** A deep copy of the production render, changed by `mutate`. */
    production(mutate: (objects: RenderedObject[]) => RenderedObject[]) {
      return mutate(structuredClone(overlays.production));
    },
  };
}

/** The rule results that are not a pass, as `id object (status)`. */
export const broken = (objects: RenderedObject[]) =>
  evaluateDeployPolicy(objects)
    .filter(r => r.status !== 'pass')
    .map(r => `${r.id} ${r.object} (${r.status})`);

export const isObject =
  (kind: string, namespace: string, name: string) => (o: RenderedObject) =>
    o.kind === kind &&
    o.metadata.namespace === namespace &&
    o.metadata.name === name;

/** Edits the app-config.role.yaml of a role's ConfigMap in place. */
export function editRoleConfig(
  all: RenderedObject[],
  namespace: string,
  role: string,
  edit: (text: string) => string,
) {
  const configMap = all.find(
    isObject('ConfigMap', namespace, `quantumlayer-${role}-config`),
  )!;
  const before = configMap.data['app-config.role.yaml'];
  configMap.data['app-config.role.yaml'] = edit(before);
  expect(configMap.data['app-config.role.yaml']).not.toEqual(before);
}

/** The first container of a Deployment. */
export const containerOf = (
  all: RenderedObject[],
  namespace: string,
  name: string,
) =>
  all.find(isObject('Deployment', namespace, name))!.spec.template.spec
    .containers[0];
