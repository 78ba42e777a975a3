import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  taskCreatePermission,
  taskReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  quantumlayerArtifactReadPermission,
  quantumlayerBudgetManagePermission,
  quantumlayerLlmUsageReadPermission,
  quantumlayerRouterUsePermission,
  quantumlayerWorkflowApprovePermission,
  quantumlayerWorkflowCancelPermission,
  quantumlayerWorkflowCreatePermission,
  quantumlayerWorkflowReadPermission,
} from '@internal/backstage-plugin-quantumlayer-common';
import {
  workflowPermissionRules,
  WorkflowRunOwnership,
} from '@internal/backstage-plugin-quantumlayer-node';
import { QuantumlayerPermissionPolicy } from './policy';
import { readPolicySettings } from './settings';

const alice = 'user:default/alice';
const carol = 'user:default/carol';
const bob = 'user:default/bob';
const ada = 'user:default/ada';
const ravi = 'user:default/ravi';
const alpha = 'group:default/team-alpha';
const beta = 'group:default/team-beta';
const GROUPS: Record<string, string[]> = {
  [alice]: [alpha],
  [carol]: [alpha],
  [bob]: [beta],
  [ada]: ['group:default/quantumlayer-admins'],
  [ravi]: ['group:default/quantumlayer-approvers'],
};

const settings = readPolicySettings(
  new ConfigReader({
    quantumlayer: {
      permissions: {
        adminGroups: ['group:default/QuantumLayer-Admins'],
        approverGroups: ['group:default/quantumlayer-approvers'],
      },
    },
  }),
);
const infoOf = (userEntityRef: string) => ({
  userEntityRef,
  ownershipEntityRefs: [userEntityRef, ...(GROUPS[userEntityRef] ?? [])],
});
/** Users the user-info service was asked about (only when the query lacks `info`). */
const asked: string[] = [];
const policy = new QuantumlayerPermissionPolicy(settings, {
  async getUserInfo(credentials) {
    const { userEntityRef } = credentials.principal as {
      userEntityRef: string;
    };
    asked.push(userEntityRef);
    return infoOf(userEntityRef);
  },
});

/** The policy's decision as the permission backend asks it: with the user's info. */
const decide = (who: string, permission: Permission) =>
  policy.handle(
    { permission },
    { credentials: mockCredentials.user(who), info: infoOf(who) },
  );

/** The decision applied to one run, as the plugin's permission integration would. */
const rules = new Map(
  Object.values(workflowPermissionRules).map(r => [r.name, r]),
);
const isAllowed = createConditionAuthorizer({
  getRuleByName: (name: string) => {
    const rule = rules.get(name);
    if (!rule) throw new Error(`no rule ${name}`);
    return rule;
  },
} as never);
const onRun = (decision: PolicyDecision, run: WorkflowRunOwnership) =>
  isAllowed(decision as never, run);

const alicesRun = { workflowId: 'ql-a', owner: alice, group: alpha };
const bobsRun = { workflowId: 'ql-b', owner: bob, group: beta };
const ravisRun = { workflowId: 'ql-r', owner: ravi, group: alpha };
const unknownStarter = { workflowId: 'ql-u', group: alpha };

describe('QuantumlayerPermissionPolicy', () => {
  it.each([
    quantumlayerWorkflowReadPermission,
    quantumlayerWorkflowCancelPermission,
    quantumlayerArtifactReadPermission,
  ])(
    '$name: own runs and the groups’ runs for users, all for admins',
    async p => {
      const forAlice = await decide(alice, p);
      expect(forAlice.result).toBe(AuthorizeResult.CONDITIONAL);
      expect(onRun(forAlice, alicesRun)).toBe(true);
      expect(onRun(forAlice, bobsRun)).toBe(false);
      const forCarol = await decide(carol, p);
      expect(onRun(forCarol, alicesRun)).toBe(true);
      expect(onRun(forCarol, bobsRun)).toBe(false);
      expect(await decide(ada, p)).toEqual({ result: AuthorizeResult.ALLOW });
    },
  );

  it('approve: a peer of the owning group or an approver, never the starter (admins included)', async () => {
    const p = quantumlayerWorkflowApprovePermission;
    expect(onRun(await decide(alice, p), alicesRun)).toBe(false);
    expect(onRun(await decide(carol, p), alicesRun)).toBe(true);
    expect(onRun(await decide(bob, p), alicesRun)).toBe(false);
    expect(onRun(await decide(ravi, p), alicesRun)).toBe(true);
    expect(onRun(await decide(ravi, p), bobsRun)).toBe(true);
    expect(onRun(await decide(ravi, p), ravisRun)).toBe(false);
    expect(onRun(await decide(carol, p), ravisRun)).toBe(true);
    const admin = await decide(ada, p);
    expect(admin.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(onRun(admin, alicesRun)).toBe(false);
    // Nobody can show they did not start a run whose starter is unknown.
    expect(onRun(await decide(ravi, p), unknownStarter)).toBe(false);
    expect(onRun(await decide(carol, p), unknownStarter)).toBe(false);
  });

  it('budgets and everyone’s usage: admins only; create and the router: every user', async () => {
    for (const p of [
      quantumlayerBudgetManagePermission,
      quantumlayerLlmUsageReadPermission,
    ]) {
      expect((await decide(alice, p)).result).toBe(AuthorizeResult.DENY);
      expect((await decide(ravi, p)).result).toBe(AuthorizeResult.DENY);
      expect((await decide(ada, p)).result).toBe(AuthorizeResult.ALLOW);
    }
    for (const p of [
      quantumlayerWorkflowCreatePermission,
      quantumlayerRouterUsePermission,
    ]) {
      expect((await decide(bob, p)).result).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('denies a quantumlayer permission it does not know, for admins too', async () => {
    const future = createPermission({
      name: 'quantumlayer.something.new',
      attributes: {},
    });
    expect((await decide(alice, future)).result).toBe(AuthorizeResult.DENY);
    expect((await decide(ada, future)).result).toBe(AuthorizeResult.DENY);
  });

  it('portal plugins: read and run templates for all, owners delete, admins the rest', async () => {
    expect((await decide(bob, catalogEntityReadPermission)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await decide(bob, taskCreatePermission)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide(bob, catalogEntityDeletePermission)).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: [bob, beta] },
      },
    });
    expect(await decide(bob, taskReadPermission)).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'scaffolder',
      conditions: { rule: 'IS_TASK_OWNER', params: { createdBy: [bob] } },
    });
    for (const p of [
      catalogLocationDeletePermission,
      kubernetesProxyPermission,
    ]) {
      expect((await decide(bob, p)).result).toBe(AuthorizeResult.DENY);
      expect((await decide(ada, p)).result).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('asks the user-info service only when the query carries no info', async () => {
    asked.length = 0;
    await decide(bob, quantumlayerWorkflowReadPermission);
    expect(asked).toEqual([]);
    const decision = await policy.handle(
      { permission: quantumlayerBudgetManagePermission },
      { credentials: mockCredentials.user(ada) } as never,
    );
    expect(asked).toEqual([ada]);
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies a request without a user', async () => {
    expect(
      await policy.handle({ permission: quantumlayerWorkflowCreatePermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});

describe('readPolicySettings', () => {
  it('normalises group refs and refuses short or foreign-kind refs, naming the key', () => {
    expect(settings.adminGroups).toEqual(['group:default/quantumlayer-admins']);
    const read = (adminGroups: string[]) => () =>
      readPolicySettings(
        new ConfigReader({ quantumlayer: { permissions: { adminGroups } } }),
      );
    expect(read(['platform'])).toThrow(
      'quantumlayer.permissions.adminGroups[0]: "platform" is not a full group ref',
    );
    expect(read(['group:default/a', 'user:default/x'])).toThrow(
      'quantumlayer.permissions.adminGroups[1]',
    );
    expect(read(['group:/x'])).toThrow('not a full group ref');
    expect(readPolicySettings(new ConfigReader({}))).toEqual({
      adminGroups: [],
      approverGroups: [],
    });
  });
});
