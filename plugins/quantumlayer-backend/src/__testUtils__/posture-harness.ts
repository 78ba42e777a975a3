import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, type JsonObject } from '@backstage/config';
import type { PostureReport } from '@internal/backstage-plugin-quantumlayer-common';
import { createPlatformPosture } from '../platform/platform-posture';
import {
  FIXTURE_EDGE_SERVICES,
  KubeApiServer,
  KubeObject,
  startKubeApiServer,
} from './kube-api-server';

/** The token the imitation API server accepts. */
export const TOKEN = 'posture-test-token';
/** The platform's namespaces, as the posture config names them. */
export const NAMESPACES = ['quantumlayer', 'temporal'];
export { FIXTURE_EDGE_SERVICES };

/** Each rule's verdict as `<id> <status> <object>`, only those with `status` if given. */
const verdicts = (r: PostureReport, status?: string) =>
  r.rules
    .filter(rule => status === undefined || rule.status === status)
    .map(rule => `${rule.id} ${rule.status} ${rule.object}`);

/** A platform posture over `quantumlayer.kubernetes` = `kubernetes`. */
function postureFor(kubernetes: JsonObject) {
  return createPlatformPosture({
    config: new ConfigReader({ quantumlayer: { kubernetes } }),
    logger: mockServices.logger.mock(),
  });
}

/**
 * A fresh imitation Kubernetes API server serving the healthy platform for
 * each test of the enclosing file (or `describe`), closed after it; `kube`
 * always speaks to the current test's server. Also: `report`, the posture of
 * that platform, `postureFor` and `verdicts`, and helpers that break the
 * platform's fixtures.
 */
export function usePostureHarness() {
  let current: KubeApiServer | undefined;
  beforeEach(async () => {
    current = await startKubeApiServer({ token: TOKEN });
  });
  afterEach(() => current?.close());
  const server = () => {
    if (!current) throw new Error('the API server runs only inside a test');
    return current;
  };
  const kube: Omit<KubeApiServer, 'close'> = {
    get url() {
      return server().url;
    },
    get calls() {
      return server().calls;
    },
    get state() {
      return server().state;
    },
  };

  /** The platform on the imitation, as an explicit server with a token. */
  const report = (extra: JsonObject = {}) =>
    postureFor({
      enabled: true,
      server: kube.url,
      token: TOKEN,
      skipTLSVerify: true,
      namespaces: NAMESPACES,
      edgeServices: FIXTURE_EDGE_SERVICES,
      ...extra,
    }).report();

  /** The fixture object `kind` `namespace/name`. */
  const find = (kind: string, namespace: string, name: string) => {
    const found = kube.state.objects.find(
      o =>
        o.kind === kind &&
        o.metadata.namespace === namespace &&
        o.metadata.name === name,
    );
    if (!found) throw new Error(`no ${kind} ${namespace}/${name} in fixtures`);
    return found;
  };

  const remove = (object: KubeObject) => {
    kube.state.objects = kube.state.objects.filter(o => o !== object);
  };

  /** The pods of the workload labelled `app` in `namespace`. */
  const podsOf = (namespace: string, app: string) =>
    kube.state.objects.filter(
      o =>
        o.kind === 'Pod' &&
        o.metadata.namespace === namespace &&
        o.metadata.labels?.app === app,
    );

  return { kube, report, postureFor, verdicts, find, remove, podsOf };
}
