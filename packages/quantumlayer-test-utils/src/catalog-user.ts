import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/**
 * A catalog holding `user:default/mock` (the user of `mockCredentials.user()`)
 * as a member of `group:default/<group>`, so LLM spend is billed to that group.
 */
export const catalogWithMockUser = (group: string) =>
  catalogServiceMock.factory({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'mock', namespace: 'default' },
        spec: { memberOf: [group] },
        relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
      },
    ],
  });
