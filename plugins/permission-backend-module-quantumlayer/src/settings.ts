import type { Config } from '@backstage/config';
import { parseEntityRefStrict } from './entity-refs';

/**
 * `quantumlayer.permissions`: who administers and who approves.
 *
 * @public
 */
export interface PolicySettings {
  /** Group refs whose members may do everything (but approve their own runs). */
  adminGroups: string[];
  /** Group refs whose members may approve any run but their own. */
  approverGroups: string[];
}

/**
 * Reads `quantumlayer.permissions`; a malformed group ref fails startup, naming the key.
 *
 * @public
 */
export function readPolicySettings(config: Config): PolicySettings {
  const read = (key: 'adminGroups' | 'approverGroups') => {
    const path = `quantumlayer.permissions.${key}`;
    const refs = config.getOptionalStringArray(path) ?? [];
    return refs.map((ref, index) =>
      parseEntityRefStrict(ref, 'group', `${path}[${index}]`),
    );
  };
  return {
    adminGroups: read('adminGroups'),
    approverGroups: read('approverGroups'),
  };
}
