import type { RenderedObject } from './rendered-manifests';

/** The RPO bound: PostgreSQL's archive_timeout at most this (CNPG's default). */
export const MAX_ARCHIVE_TIMEOUT_SECONDS = 5 * 60;
const DAY_SECONDS = 24 * 60 * 60;

const UNIT_SECONDS: Record<string, number> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  min: 60,
  h: 3600,
  d: DAY_SECONDS,
};

/** Seconds of a Go duration (`@every 12h30m`); NaN when it is not one. */
function goDurationSeconds(text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.map(p => p[0]).join('') !== text || parts.length === 0) return NaN;
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]], 0);
}

/** Seconds of a PostgreSQL time setting (`5min`, `300`, `300s`, `1h`). */
function pgSeconds(value: string): number {
  const match = value.trim().match(/^(\d+)\s*(ms|s|min|h|d)?$/);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] ?? 's'] : NaN;
}

/**
 * Whether a ScheduledBackup schedule runs on every day. CloudNativePG parses it
 * with robfig/cron v1: six fields with seconds first (a fifth-field-less form
 * leaves the day of week out), or a descriptor such as `@daily`.
 */
export function runsEveryDay(schedule: string): boolean {
  const text = schedule.trim();
  if (text.startsWith('@')) {
    const every = text.match(/^@every\s+(\S+)$/);
    if (every) return goDurationSeconds(every[1]) <= DAY_SECONDS;
    return ['@daily', '@midnight', '@hourly'].includes(text);
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) return false;
  const [, , , dayOfMonth, month, dayOfWeek = '*'] = fields;
  const any = (field: string) => ['*', '?', '*/1'].includes(field);
  return any(dayOfMonth) && any(month) && any(dayOfWeek);
}

/** Why an object store's credentials are not a Secret reference (or workload identity). */
function credentialGap(store: any): string | undefined {
  const s3 = store.s3Credentials;
  if (s3?.inheritFromIAMRole) return undefined;
  if (s3) {
    const refs = [s3.accessKeyId, s3.secretAccessKey];
    return refs.every(r => r?.name && r?.key)
      ? undefined
      : 's3Credentials needs accessKeyId and secretAccessKey as Secret references (name and key)';
  }
  if (store.azureCredentials || store.googleCredentials) return undefined;
  return 'no credentials: set s3Credentials from a Secret (or inheritFromIAMRole)';
}

/**
 * Point-in-time recovery for every CloudNativePG Cluster: WAL archiving to an
 * object store (`spec.backup.barmanObjectStore` with a destination and
 * credentials from a Secret, or a WAL-archiving plugin), an archive_timeout
 * of at most 5 minutes (the RPO), and a ScheduledBackup that takes a base
 * backup of it at least daily.
 */
export function checkBackups(objects: RenderedObject[]): string[] {
  const problems: string[] = [];
  const cnpg = (kind: string) =>
    objects.filter(
      o => o.kind === kind && o.apiVersion.startsWith('postgresql.cnpg.io/'),
    );
  const schedules = cnpg('ScheduledBackup');
  for (const cluster of cnpg('Cluster')) {
    const { namespace, name } = cluster.metadata;
    const ref = `Cluster ${namespace}/${name}`;
    const store = cluster.spec?.backup?.barmanObjectStore;
    const walPlugin = (cluster.spec?.plugins ?? []).some(
      (p: any) => p.isWALArchiver && p.enabled !== false,
    );
    if (!store && !walPlugin) {
      problems.push(
        `${ref}: archives no WAL, so it cannot be recovered to a point in time; set spec.backup.barmanObjectStore (or a WAL-archiving plugin)`,
      );
    } else if (store) {
      if (!store.destinationPath) {
        problems.push(
          `${ref}: spec.backup.barmanObjectStore has no destinationPath`,
        );
      }
      const gap = credentialGap(store);
      if (gap) problems.push(`${ref}: spec.backup.barmanObjectStore: ${gap}`);
    }
    const timeout =
      cluster.spec?.postgresql?.parameters?.archive_timeout ?? '5min';
    const seconds = pgSeconds(String(timeout));
    if (!(seconds > 0 && seconds <= MAX_ARCHIVE_TIMEOUT_SECONDS)) {
      problems.push(
        `${ref}: archive_timeout ${timeout} lets a quiet database hold commits unarchived for longer than the 5 min RPO; set it to 5min or less`,
      );
    }
    const own = schedules.filter(
      s => s.metadata.namespace === namespace && s.spec?.cluster?.name === name,
    );
    const daily = own.find(
      s => s.spec?.suspend !== true && runsEveryDay(String(s.spec?.schedule)),
    );
    if (!daily) {
      const seen = own.map(
        s =>
          `ScheduledBackup ${s.metadata.name}: "${s.spec?.schedule}"${
            s.spec?.suspend ? ' (suspended)' : ''
          }`,
      );
      problems.push(
        `${ref}: no ScheduledBackup takes a base backup at least daily${
          seen.length ? ` (${seen.join('; ')})` : ''
        }; add one with a daily schedule such as "0 0 2 * * *"`,
      );
    }
  }
  for (const schedule of schedules) {
    const { namespace } = schedule.metadata;
    const target = schedule.spec?.cluster?.name;
    if (
      !cnpg('Cluster').some(
        c => c.metadata.namespace === namespace && c.metadata.name === target,
      )
    ) {
      problems.push(
        `ScheduledBackup ${namespace}/${schedule.metadata.name}: backs up Cluster ${target}, which is not rendered in namespace ${namespace}`,
      );
    }
  }
  return problems;
}
