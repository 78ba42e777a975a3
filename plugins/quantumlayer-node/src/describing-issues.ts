import { InputError } from '@backstage/errors';

/** One problem a schema found in its input. @public */
export type SchemaIssue = { path: ReadonlyArray<PropertyKey>; message: string };

/** A schema's `safeParse` (zod's shape), as the actions registry calls it. @public */
export type SafeParse = (
  data: unknown,
  params?: any,
) => { success: boolean; error?: { issues: SchemaIssue[] } };

/**
 * Makes an action's input schema refuse bad input with an InputError that
 * names each field and what is wrong with it, e.g.
 * `invalid input to get-artifact: path: must not contain ".."`.
 *
 * The actions registry answers a failed parse with a bare
 * `Invalid input to action "…"` and keeps zod's issues only in the error's
 * cause, which MCP clients never see; a model can't correct a call from
 * that. The registry (and its test mock) parse with the schema's
 * `safeParse`, so this one throws the described error instead of
 * returning the failure. The schema itself (and the JSON Schema clients
 * are shown) is unchanged.
 *
 * @public
 */
export function describingIssues<T extends { safeParse: SafeParse }>(
  action: string,
  schema: T,
): T {
  const parse = schema.safeParse.bind(schema);
  schema.safeParse = ((data: unknown, params?: unknown) => {
    const result = parse(data, params);
    if (!result.success) {
      const issues = (result.error?.issues ?? [])
        .map(
          issue =>
            `${issue.path.map(String).join('.') || '(input)'}: ${
              issue.message
            }`,
        )
        .join('; ');
      throw new InputError(`invalid input to ${action}: ${issues}`);
    }
    return result;
  }) as T['safeParse'];
  return schema;
}
