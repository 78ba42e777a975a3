import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import { isQuotable, MATCH_NO_RUN, renderRunFilter } from './run-list-query';
import type { WorkflowRunFilter } from './workflow-resource';

const alice = 'user:default/alice';
const teamA = 'group:default/team-a';
const owner = (...values: string[]): WorkflowRunFilter => ({
  key: 'owner',
  values,
});
const group = (...values: string[]): WorkflowRunFilter => ({
  key: 'group',
  values,
});
/** A filter key this renderer does not know (e.g. a rule added later). */
const unknown = { key: 'label', values: ['x'] } as unknown as WorkflowRunFilter;
const render = (criteria: PermissionCriteria<WorkflowRunFilter>) =>
  renderRunFilter(criteria);

describe('renderRunFilter', () => {
  it('renders a filter as IN on its search attribute', () => {
    expect(render(owner(alice))).toBe(
      "QuantumlayerOwner IN ('user:default/alice')",
    );
    expect(render(group(teamA, 'group:default/team-b', teamA))).toBe(
      "QuantumlayerGroup IN ('group:default/team-a', 'group:default/team-b')",
    );
  });

  it('renders anyOf as OR and allOf as AND, parenthesised', () => {
    expect(render({ anyOf: [owner(alice, teamA), group(alice, teamA)] })).toBe(
      "(QuantumlayerOwner IN ('user:default/alice', 'group:default/team-a') OR QuantumlayerGroup IN ('user:default/alice', 'group:default/team-a'))",
    );
    expect(
      render({
        allOf: [group(teamA), { anyOf: [owner(alice), owner('user:x/b')] }],
      }),
    ).toBe(
      "(QuantumlayerGroup IN ('group:default/team-a') AND (QuantumlayerOwner IN ('user:default/alice') OR QuantumlayerOwner IN ('user:x/b')))",
    );
  });

  it('pushes not down to the filters (De Morgan) as NOT IN on runs that have the attribute', () => {
    expect(render({ not: owner(alice) })).toBe(
      "(QuantumlayerOwner IS NOT NULL AND QuantumlayerOwner NOT IN ('user:default/alice'))",
    );
    expect(render({ not: { anyOf: [owner(alice), group(teamA)] } })).toBe(
      "((QuantumlayerOwner IS NOT NULL AND QuantumlayerOwner NOT IN ('user:default/alice')) AND (QuantumlayerGroup IS NOT NULL AND QuantumlayerGroup NOT IN ('group:default/team-a')))",
    );
    expect(render({ not: { allOf: [owner(alice), group(teamA)] } })).toBe(
      "((QuantumlayerOwner IS NOT NULL AND QuantumlayerOwner NOT IN ('user:default/alice')) OR (QuantumlayerGroup IS NOT NULL AND QuantumlayerGroup NOT IN ('group:default/team-a')))",
    );
    expect(render({ not: { not: owner(alice) } })).toBe(render(owner(alice)));
    // A four-eyes rule's toQuery (`{ not: { key: 'owner', values } }`) inside a policy's anyOf.
    expect(render({ allOf: [group(teamA), { not: owner(alice) }] })).toBe(
      "(QuantumlayerGroup IN ('group:default/team-a') AND (QuantumlayerOwner IS NOT NULL AND QuantumlayerOwner NOT IN ('user:default/alice')))",
    );
  });

  it('renders a filter with no values as a clause that matches no run', () => {
    expect(MATCH_NO_RUN).toBe("WorkflowId = ''");
    expect(render(owner())).toBe(MATCH_NO_RUN);
    expect(render({ allOf: [owner(alice), group()] })).toBe(MATCH_NO_RUN);
    expect(render({ anyOf: [group(), owner(alice)] })).toBe(
      render(owner(alice)),
    );
    expect(render({ anyOf: [group(), owner()] })).toBe(MATCH_NO_RUN);
    // Not one of nobody: every run that has an owner.
    expect(render({ not: owner() })).toBe('QuantumlayerOwner IS NOT NULL');
  });

  it('fails closed on a filter key it does not know, negated or not', () => {
    expect(render(unknown)).toBe(MATCH_NO_RUN);
    expect(render({ not: unknown })).toBe(MATCH_NO_RUN);
    expect(render({ not: { allOf: [unknown, unknown] } })).toBe(MATCH_NO_RUN);
    expect(render({ anyOf: [unknown, owner(alice)] })).toBe(
      render(owner(alice)),
    );
    expect(render({ allOf: [unknown, owner(alice)] })).toBe(MATCH_NO_RUN);
    expect(render({ key: 'owner', values: 'user:default/alice' } as any)).toBe(
      MATCH_NO_RUN,
    );
  });

  describe('values that could break out of a quoted literal', () => {
    const injections = [
      "user:default/alice') OR WorkflowType != ('",
      "x' OR '1'='1",
      'x\\',
      "x\\' OR 1=1 --",
      'x" OR "1"="1',
      'x` OR 1',
      'line\nbreak',
      'nul\u0000',
      'del\u007f',
    ];

    it.each(injections)('is never quoted: %j', value => {
      expect(isQuotable(value)).toBe(false);
      expect(render(owner(value))).toBe(MATCH_NO_RUN);
    });

    it('drops out of an IN, leaving the safe values', () => {
      expect(render(owner(...injections, alice))).toBe(
        "QuantumlayerOwner IN ('user:default/alice')",
      );
    });

    it('makes a NOT IN match no run, rather than widen it', () => {
      expect(render({ not: owner(alice, injections[0]) })).toBe(MATCH_NO_RUN);
    });

    it('keeps every rendered literal free of quotes and backslashes inside', () => {
      const clause = render({
        anyOf: [owner(...injections), group(...injections, teamA)],
      });
      expect(clause).toBe("QuantumlayerGroup IN ('group:default/team-a')");
      const literals = clause.match(/'[^']*'/g) ?? [];
      expect(literals.join('')).not.toMatch(/["\\`]/);
    });

    it('quotes entity refs and service subjects as they are', () => {
      for (const value of [
        'user:default/jane.doe_1',
        'group:team-ns/platform-team',
        'external:backstage-server',
        'plugin:scaffolder',
        'user:default/Zoë',
      ]) {
        expect(isQuotable(value)).toBe(true);
        expect(render(owner(value))).toBe(`QuantumlayerOwner IN ('${value}')`);
      }
    });
  });
});
