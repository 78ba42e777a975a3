import type { PostureRuleResult } from '@internal/backstage-plugin-quantumlayer-common';
import type { CnpgCluster } from '../cnpg-api';
import { itemsOf, PlatformSnapshot } from '../platform-snapshot';
import { perCluster } from './cnpg-rules';
import { plural, RuleDefinition, verdict } from './rule';

export const CNPG_BACKUP_SCHEDULE: RuleDefinition = {
  id: 'cnpg-backup-schedule',
  title:
    'PostgreSQL clusters archive WAL and take scheduled base backups (point-in-time recovery)',
};

export const CNPG_LAST_BACKUP: RuleDefinition = {
  id: 'cnpg-last-backup',
  title: 'PostgreSQL clusters have a recent successful backup',
};

const condition = (cluster: CnpgCluster, type: string) =>
  cluster.status?.conditions?.find(c => c.type === type);

const explained = (c: { reason?: string | null; message?: string | null }) =>
  [c.reason, c.message].filter(Boolean).join(': ') || 'no reason given';

/** Where WAL goes: the in-tree object store, or a CNPG-I plugin that archives it. */
function walArchive(cluster: CnpgCluster): string | undefined {
  const store = cluster.spec?.backup?.barmanObjectStore?.destinationPath;
  if (store) return store;
  const plugin = (cluster.spec?.plugins ?? []).find(
    p => p.isWALArchiver && p.enabled !== false,
  );
  return plugin ? `plugin ${plugin.name}` : undefined;
}

/** WAL archiving (the RPO) and a running ScheduledBackup (the base backups) per Cluster. */
export function cnpgBackupSchedule(
  snapshot: PlatformSnapshot,
): PostureRuleResult[] {
  return perCluster(
    snapshot,
    CNPG_BACKUP_SCHEDULE,
    ['clusters', 'scheduledbackups'],
    c => {
      const archive = walArchive(c.cluster);
      const archiving = condition(c.cluster, 'ContinuousArchiving');
      const schedules = itemsOf(snapshot, 'scheduledbackups', [
        c.namespace,
      ]).filter(s => s.spec.cluster.name === c.cluster.metadata.name);
      const running = schedules.filter(s => !s.spec.suspend);
      const problems: string[] = [];
      if (!archive) {
        problems.push(
          'no WAL archiving (spec.backup.barmanObjectStore or a WAL-archiver plugin), so no point-in-time recovery',
        );
      } else if (archiving?.status === 'False') {
        problems.push(`WAL archiving is failing (${explained(archiving)})`);
      }
      if (running.length === 0) {
        problems.push(
          schedules.length > 0
            ? `every ScheduledBackup is suspended (${schedules
                .map(s => s.metadata.name)
                .join(', ')}); set spec.suspend: false`
            : 'no ScheduledBackup takes base backups of it; add one (e.g. daily, schedule "0 0 2 * * *")',
        );
      }
      if (problems.length > 0) {
        return verdict(
          CNPG_BACKUP_SCHEDULE,
          'fail',
          c.object,
          problems.join('; '),
        );
      }
      const described = running.map(s => {
        const next = s.status?.nextScheduleTime;
        return `ScheduledBackup ${c.namespace}/${s.metadata.name} "${
          s.spec.schedule
        }"${next ? ` (next ${next})` : ''}`;
      });
      return verdict(
        CNPG_BACKUP_SCHEDULE,
        'pass',
        c.object,
        `WAL archived to ${archive}; ${described.join(', ')}`,
      );
    },
  );
}

const hoursSince = (now: number, time: number) =>
  `${((now - time) / 3_600_000).toFixed(1)} h ago`;

/** The last successful backup, from the Cluster's status: recent enough and not followed by a failure. */
export function cnpgLastBackup(
  snapshot: PlatformSnapshot,
): PostureRuleResult[] {
  const maxHours = snapshot.maxBackupAgeMs / 3_600_000;
  return perCluster(snapshot, CNPG_LAST_BACKUP, ['clusters'], c => {
    const status = c.cluster.status;
    const last = status?.lastSuccessfulBackup;
    const lastTime = last ? Date.parse(last) : NaN;
    const failedTime = status?.lastFailedBackup
      ? Date.parse(status.lastFailedBackup)
      : NaN;
    const failed = condition(c.cluster, 'LastBackupSucceeded');
    if (failed?.status === 'False' || failedTime > (lastTime || 0)) {
      return verdict(
        CNPG_LAST_BACKUP,
        'fail',
        c.object,
        `the last backup failed${
          status?.lastFailedBackup ? ` at ${status.lastFailedBackup}` : ''
        } (${failed ? explained(failed) : 'see its Backup object'})${
          last ? `; last success ${last}` : ''
        }`,
      );
    }
    if (!last) {
      return verdict(
        CNPG_LAST_BACKUP,
        'fail',
        c.object,
        'no successful backup yet (status.lastSuccessfulBackup is empty)',
      );
    }
    if (Number.isNaN(lastTime)) {
      return verdict(
        CNPG_LAST_BACKUP,
        'unknown',
        c.object,
        `status.lastSuccessfulBackup "${last}" is not a time`,
      );
    }
    const age = `${last}, ${hoursSince(snapshot.readAt, lastTime)}`;
    if (snapshot.readAt - lastTime > snapshot.maxBackupAgeMs) {
      return verdict(
        CNPG_LAST_BACKUP,
        'fail',
        c.object,
        `last successful backup ${age}: older than ${plural(
          maxHours,
          'hour',
        )} (quantumlayer.kubernetes.maxBackupAgeHours)`,
      );
    }
    const recovery = status?.firstRecoverabilityPoint;
    return verdict(
      CNPG_LAST_BACKUP,
      'pass',
      c.object,
      `last successful backup ${age}${
        recovery ? `; recoverable to any point since ${recovery}` : ''
      }`,
    );
  });
}
