import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators = [
  systemEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  apiEntityV1alpha1Validator,
];

/**
 * Runs an entity through the catalog's own policies and kind validators;
 * rejects with the catalog's message when it would be refused.
 */
export async function validateEntity(entity: Entity): Promise<Entity> {
  const enforced = await policy.enforce(entity);
  if (!enforced) throw new Error(`${entity.metadata.name}: refused by policy`);
  const known = await Promise.all(kindValidators.map(v => v.check(enforced)));
  if (!known.includes(true)) {
    throw new Error(`${entity.metadata.name}: no validator for ${entity.kind}`);
  }
  return enforced;
}
