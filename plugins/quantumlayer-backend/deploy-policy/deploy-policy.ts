import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import { buildWorkloads } from '../src/platform/platform-model';
import type {
  ListOutcome,
  PlatformSnapshot,
  ResourceName,
} from '../src/platform/platform-snapshot';
import { workloadHpa, workloadPdb } from '../src/platform/rules/availability-rules';
import { cnpgClusterHa, cnpgPooler } from '../src/platform/rules/cnpg-rules';
import {
  istioCircuitBreaking,
  istioDestinationRule,
  istioMtlsStrict,
} from '../src/platform/rules/istio-rules';
import { namespaceDefaultDeny } from '../src/platform/rules/network-policy-rules';
import { edgeNoSidecar } from '../src/platform/rules/sidecar-rules';
import { checkBackups } from './backup-rule';
import { checkCatalog } from './catalog-rule';
import { checkEdge } from './edge-rule';
import { checkEgress } from './egress-rule';
import { checkLlmProviders } from './llm-provider-rule';
import { checkClusterReaders } from './rbac-rule';
import { REPO_ROOT, RenderedObject } from './rendered-manifests';
import { roleDeployments } from './role-config';
import { checkTemporalSetup } from './temporal-setup-rule';
import { checkVectorStore } from './vector-store-rule';

/** The namespaces deploy/ renders and its edge workloads (seed 003). */
export const DEPLOY_NAMESPACES = ['quantumlayer', 'temporal'];
export const DEPLOY_EDGE_SERVICES = [
  'quantumlayer/quantumlayer-gateway',
  'temporal/quantumlayer-workflow-api',
];

const KIND_TO_RESOURCE: Record<string, ResourceName> = {
  'apps/v1 Deployment': 'deployments',
  'autoscaling/v2 HorizontalPodAutoscaler': 'horizontalpodautoscalers',
  'policy/v1 PodDisruptionBudget': 'poddisruptionbudgets',
  'networking.k8s.io/v1 NetworkPolicy': 'networkpolicies',
  'v1 Service': 'services',
  'postgresql.cnpg.io/v1 Cluster': 'clusters',
  'postgresql.cnpg.io/v1 Pooler': 'poolers',
  'postgresql.cnpg.io/v1 ScheduledBackup': 'scheduledbackups',
  'security.istio.io/v1 PeerAuthentication': 'peerauthentications',
  'networking.istio.io/v1 DestinationRule': 'destinationrules',
  'networking.istio.io/v1 VirtualService': 'virtualservices',
  'networking.istio.io/v1 Gateway': 'gateways',
  'networking.istio.io/v1 Sidecar': 'sidecars',
  'networking.istio.io/v1 ServiceEntry': 'serviceentries',
  'cert-manager.io/v1 Certificate': 'certificates',
};

/**
 * The snapshot the live posture check would read, built from rendered
 * manifests instead of the API server: every list "read", no pods running.
 */
export function snapshotFromRendered(
  objects: RenderedObject[],
): PlatformSnapshot {
  const meshRootNamespace = 'istio-system';
  const namespaces = [...DEPLOY_NAMESPACES, meshRootNamespace];
  const lists = Object.fromEntries(
    [...Object.values(KIND_TO_RESOURCE), 'pods'].map(resource => [
      resource,
      Object.fromEntries(
        namespaces.map(ns => [
          ns,
          { state: 'ok', items: [] } as ListOutcome<unknown>,
        ]),
      ),
    ]),
  ) as unknown as PlatformSnapshot['lists'];
  for (const object of objects) {
    const resource = KIND_TO_RESOURCE[`${object.apiVersion} ${object.kind}`];
    const ns = object.metadata.namespace;
    if (resource && ns && lists[resource][ns]) {
      (lists[resource][ns].items as unknown[]).push(object);
    }
  }
  return {
    namespaces: DEPLOY_NAMESPACES,
    meshRootNamespace,
    ingressNamespace: meshRootNamespace,
    readAt: Date.now(),
    maxBackupAgeMs: 26 * 3_600_000,
    edgeServices: DEPLOY_EDGE_SERVICES,
    labelSelector: 'app.kubernetes.io/part-of=quantumlayer',
    lists,
  };
}

/**
 * The seed rules that a manifest can break, judged by the same rules as the
 * live posture report (src/platform/rules). Left out: internal-sidecar and
 * cnpg-cluster-ready, which need running pods and cluster status.
 */
export function evaluateDeployPolicy(
  objects: RenderedObject[],
): PostureRuleResult[] {
  const snapshot = snapshotFromRendered(objects);
  const workloads = buildWorkloads(snapshot);
  return [
    ...edgeNoSidecar(snapshot, workloads),
    ...namespaceDefaultDeny(snapshot),
    ...workloadHpa(snapshot, workloads),
    ...workloadPdb(snapshot, workloads),
    ...istioMtlsStrict(snapshot),
    ...istioDestinationRule(snapshot, workloads),
    ...istioCircuitBreaking(snapshot, workloads),
    ...cnpgClusterHa(snapshot),
    ...cnpgPooler(snapshot),
  ];
}

/**
 * deploy/'s wiring, judged from each role's app-config as its Deployment
 * loads it (the image's files plus its ConfigMap): the shared Qdrant, LLM keys
 * from Secrets, the catalog's locations in the image, the Temporal search
 * attributes registered by a Job, least-privileged RBAC for the roles that
 * read the cluster, and mesh egress limited to the registry with a
 * ServiceEntry per LLM provider. Returns one message per problem.
 */
export function checkDeployWiring(
  objects: RenderedObject[],
  repoRoot = REPO_ROOT,
): string[] {
  const roles = roleDeployments(objects, repoRoot);
  return [
    ...roles.flatMap(role =>
      role.unresolved.map(
        file =>
          `${role.ref}: --config ${file} is neither in the image nor in a mounted ConfigMap`,
      ),
    ),
    ...checkVectorStore(objects, roles),
    ...checkTemporalSetup(objects, roles),
    ...checkCatalog(roles, repoRoot),
    ...checkLlmProviders(roles),
    ...checkClusterReaders(objects, roles),
    ...checkEgress(objects, roles, DEPLOY_NAMESPACES),
  ];
}

/**
 * What only the production overlay carries: the portal behind a TLS ingress
 * Gateway with a rate limit and no other way in, and PostgreSQL with WAL
 * archiving and a daily base backup. Returns one message per problem.
 */
export function checkProductionReadiness(
  objects: RenderedObject[],
  repoRoot = REPO_ROOT,
): string[] {
  const roles = roleDeployments(objects, repoRoot);
  return [
    ...checkEdge(objects, roles, DEPLOY_NAMESPACES),
    ...checkBackups(objects),
  ];
}
