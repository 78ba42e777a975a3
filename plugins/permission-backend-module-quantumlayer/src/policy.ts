import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { callerOf } from './caller';
import { portalDecision } from './portal-decisions';
import { quantumlayerDecision } from './quantumlayer-decisions';
import type { PolicySettings } from './settings';

/**
 * The policy QuantumLayer ships (see the README's matrix). Only users reach
 * a policy: Backstage answers service principals itself, from their access
 * restrictions. A request without a user is denied.
 *
 * @public
 */
export class QuantumlayerPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly settings: PolicySettings,
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return { result: AuthorizeResult.DENY };
    // The permission backend has already asked the user-info service (a
    // request to the auth backend when tokens omit the groups) for this
    // query: use its answer, and ask only where a caller did not pass it.
    const info =
      (user.info as typeof user.info | undefined) ??
      (await this.userInfo.getUserInfo(user.credentials));
    const caller = callerOf(info, this.settings);
    return (
      quantumlayerDecision(request, caller) ?? portalDecision(request, caller)
    );
  }
}
