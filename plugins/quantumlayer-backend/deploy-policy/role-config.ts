import fs from 'fs';
import path from 'path';
import { ConfigReader, type Config } from '@backstage/config';
import { loadYaml } from '@kubernetes/client-node';
import type { RenderedObject } from './rendered-manifests';

/** Where an env var's value comes from, when a Secret holds it. */
export interface SecretKeyRef {
  secret: string;
  key: string;
}

/** A backend role as deployed: its Deployment and the app-config it reads. */
export interface RoleDeployment {
  /** The `app.kubernetes.io/component` label: gateway, router, … */
  role: string;
  /** `Deployment <namespace>/<name>` */
  ref: string;
  namespace: string;
  /** The pod template's labels, for NetworkPolicy checks. */
  podLabels: Record<string, string>;
  /** `ConfigMap <namespace>/<name>` of the role's app-config, if mounted. */
  configMapRef?: string;
  /** Every `--config` of the container merged in order, as the backend does. */
  config: Config;
  /** Env vars set from a Secret key (`valueFrom.secretKeyRef`). */
  secretEnv: Map<string, SecretKeyRef>;
  /** `--config` files that neither the image nor a mounted ConfigMap holds. */
  unresolved: string[];
}

const readYaml = (text: string) =>
  JSON.parse(JSON.stringify(loadYaml(text) ?? {}));

/** The files the container reads with `--config`, in order. */
function configArgs(container: any): string[] {
  const argv: string[] = [
    ...(container.command ?? []),
    ...(container.args ?? []),
  ];
  return argv.flatMap((arg, i) =>
    arg === '--config' && argv[i + 1] ? [argv[i + 1]] : [],
  );
}

/**
 * The backend roles deploy/ renders, with the app-config each one reads: an
 * absolute `--config` path from the ConfigMap mounted there, a relative one
 * from the repository (the image's working directory holds the same files).
 */
export function roleDeployments(
  objects: RenderedObject[],
  repoRoot: string,
): RoleDeployment[] {
  return objects
    .filter(
      o =>
        o.kind === 'Deployment' &&
        o.metadata.labels?.['app.kubernetes.io/part-of'] === 'quantumlayer' &&
        o.metadata.labels?.['app.kubernetes.io/component'],
    )
    .map(deployment => {
      const namespace = deployment.metadata.namespace ?? 'default';
      const pod = deployment.spec?.template?.spec ?? {};
      const container = (pod.containers ?? [])[0] ?? {};
      const layers: { data: any; context: string }[] = [];
      const unresolved: string[] = [];
      let configMapRef: string | undefined;
      for (const file of configArgs(container)) {
        if (!path.isAbsolute(file)) {
          const local = path.join(repoRoot, file);
          if (fs.existsSync(local)) {
            layers.push({
              data: readYaml(fs.readFileSync(local, 'utf8')),
              context: file,
            });
          } else unresolved.push(file);
          continue;
        }
        const mount = (container.volumeMounts ?? []).find(
          (m: any) => path.dirname(file) === m.mountPath.replace(/\/$/, ''),
        );
        const volume = (pod.volumes ?? []).find(
          (v: any) => v.name === mount?.name,
        );
        const configMap = objects.find(
          o =>
            o.kind === 'ConfigMap' &&
            o.metadata.namespace === namespace &&
            o.metadata.name === volume?.configMap?.name,
        );
        const text = configMap?.data?.[path.basename(file)];
        if (text === undefined) {
          unresolved.push(file);
          continue;
        }
        configMapRef = `ConfigMap ${namespace}/${configMap!.metadata.name}`;
        layers.push({ data: readYaml(text), context: configMapRef });
      }
      const secretEnv = new Map<string, SecretKeyRef>();
      for (const env of container.env ?? []) {
        const ref = env.valueFrom?.secretKeyRef;
        if (ref) secretEnv.set(env.name, { secret: ref.name, key: ref.key });
      }
      return {
        role: deployment.metadata.labels!['app.kubernetes.io/component'],
        ref: `Deployment ${namespace}/${deployment.metadata.name}`,
        namespace,
        podLabels: deployment.spec?.template?.metadata?.labels ?? {},
        configMapRef,
        config: ConfigReader.fromConfigs(layers),
        secretEnv,
        unresolved,
      };
    });
}

/** `VAR` of a value that is exactly `${VAR}` (app-config substitution), else undefined. */
export function substitutedVar(value: string | undefined): string | undefined {
  return value?.match(/^\$\{(\w+)\}$/)?.[1];
}
