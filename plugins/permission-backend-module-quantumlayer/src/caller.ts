import type { PolicySettings } from './settings';

/** The signed-in user a decision is for, with their roles under the policy. */
export interface Caller {
  /** The user entity ref, as the token names it. */
  userRef: string;
  /** The user ref and the catalog groups the user belongs to, as the token names them. */
  ownershipRefs: string[];
  /** A member of one of `quantumlayer.permissions.adminGroups`. */
  isAdmin: boolean;
  /** A member of one of `quantumlayer.permissions.approverGroups`. */
  isApprover: boolean;
}

/** What the policy needs to know of a user (refs compared without case). */
export function callerOf(
  info: { userEntityRef: string; ownershipEntityRefs: string[] },
  settings: PolicySettings,
): Caller {
  const mine = new Set(
    info.ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US')),
  );
  const memberOfAny = (groups: string[]) => groups.some(g => mine.has(g));
  return {
    userRef: info.userEntityRef,
    ownershipRefs: info.ownershipEntityRefs,
    isAdmin: memberOfAny(settings.adminGroups),
    isApprover: memberOfAny(settings.approverGroups),
  };
}
