import type { Entity, SystemEntity } from '@backstage/catalog-model';
import { buildApiEntities } from './apis';
import { buildComponentEntities } from './components';
import { managedByAnnotations, SYSTEM_NAME } from './refs';
import { buildResourceEntities } from './resources';
import type { PlatformTopology } from './types';

export function buildSystemEntity(t: PlatformTopology): SystemEntity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: {
      name: SYSTEM_NAME,
      title: 'QuantumLayer',
      description:
        'AI code generation: durable generate-extended workflows behind an LLM router and gateway',
      annotations: managedByAnnotations(),
    },
    spec: { owner: t.owner },
  };
}

/** The whole platform from config: System, Components, Resources and APIs. */
export function buildPlatformEntities(t: PlatformTopology): Entity[] {
  return [
    buildSystemEntity(t),
    ...buildComponentEntities(t),
    ...buildResourceEntities(t),
    ...buildApiEntities(t),
  ];
}
