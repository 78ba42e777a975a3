import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { PostureReport } from '@internal/backstage-plugin-quantumlayer-common';
import { KubeSetupError } from '@internal/backstage-plugin-quantumlayer-node';
import { createKubeClient, KubeClient } from './kube-client';
import {
  KubernetesSettings,
  readKubernetesSettings,
} from './kubernetes-settings';
import { buildWorkloads } from './platform-model';
import { readPlatform } from './read-platform';
import { evaluateRules } from './rules';
import {
  anythingRead,
  cnpgSection,
  istioSection,
  kubernetesSection,
  workloadsSection,
} from './summarize';

/** Reads the platform's Kubernetes, CloudNativePG and Istio posture. */
export interface PlatformPosture {
  /** The latest report; recomputed at most once per `cacheSeconds`. */
  report(): Promise<PostureReport>;
}

const NOT_CONFIGURED =
  'set quantumlayer.kubernetes.enabled: true (with auth: in-cluster, auth: kubeconfig or an explicit server) to read the platform posture';

function emptyReport(kubernetes: PostureReport['kubernetes']): PostureReport {
  return {
    generatedAt: new Date().toISOString(),
    kubernetes,
    workloads: [],
    cnpg: { installed: false, clusters: [], poolers: [] },
    istio: {
      installed: false,
      peerAuthentications: [],
      destinationRules: [],
      virtualServices: [],
    },
    rules: [],
  };
}

async function buildReport(
  client: KubeClient,
  settings: KubernetesSettings,
): Promise<PostureReport> {
  const generatedAt = new Date().toISOString();
  const snapshot = await readPlatform(
    { client, timeoutMs: settings.timeoutMs, pageSize: settings.pageSize },
    settings,
  );
  const workloads = buildWorkloads(snapshot);
  return {
    generatedAt,
    kubernetes: kubernetesSection(snapshot, client.server),
    workloads: workloadsSection(workloads),
    cnpg: cnpgSection(snapshot),
    istio: istioSection(snapshot),
    // Nothing answered (unreachable, every list refused): no verdicts to give.
    rules: anythingRead(snapshot) ? evaluateRules(snapshot, workloads) : [],
  };
}

/** Reads the cluster on demand, keeping each report for `cacheSeconds`. */
function enabledPosture(
  settings: KubernetesSettings,
  logger: LoggerService,
): PlatformPosture {
  let client: KubeClient | undefined;
  let cached: { expires: number; report: Promise<PostureReport> } | undefined;
  let lastStatus: string | undefined;

  async function compute(): Promise<PostureReport> {
    let report: PostureReport;
    try {
      client ??= createKubeClient(settings.auth, settings);
      report = await buildReport(client, settings);
    } catch (error) {
      if (!(error instanceof KubeSetupError)) {
        throw error;
      }
      report = emptyReport({ status: 'error', message: error.message });
    }
    const { status, message } = report.kubernetes;
    if (status !== lastStatus) {
      if (status === 'ok') {
        logger.info(`Platform posture: reading ${client?.server}`);
      } else {
        logger.warn(`Platform posture: Kubernetes ${status}: ${message}`);
      }
      lastStatus = status;
    }
    return report;
  }

  return {
    report() {
      if (!cached || Date.now() >= cached.expires) {
        const entry = { expires: Infinity, report: compute() };
        cached = entry;
        // The lifetime starts when the report is ready; a bug is not cached.
        entry.report.then(
          () => {
            entry.expires = Date.now() + settings.cacheMs;
          },
          () => {
            if (cached === entry) cached = undefined;
          },
        );
      }
      return cached.report;
    },
  };
}

/**
 * The posture reader for `GET /v1/platform/posture`. Disabled (the default),
 * every report says `not-configured`; Kubernetes failures become report
 * statuses, never thrown errors.
 */
export function createPlatformPosture(options: {
  config: Config;
  logger: LoggerService;
}): PlatformPosture {
  const settings = readKubernetesSettings(options.config);
  if (!settings) {
    return {
      async report() {
        return emptyReport({
          status: 'not-configured',
          message: NOT_CONFIGURED,
        });
      },
    };
  }
  return enabledPosture(
    settings,
    options.logger.child({ component: 'platform-posture' }),
  );
}
