/**
 * Normalises a full entity ref of `kind` (`group:default/team-a`, any case)
 * to its lower-case form, as ownership refs in user tokens are. A short ref
 * (`team-a`) is refused: a policy that guessed the namespace could grant a
 * group of another namespace. `where` names the config key in the error.
 */
export function parseEntityRefStrict(
  ref: string,
  kind: string,
  where: string,
): string {
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  const valid =
    colon > 0 &&
    slash > colon + 1 &&
    slash < ref.length - 1 &&
    ref.indexOf('/', slash + 1) === -1 &&
    ref.slice(0, colon).toLocaleLowerCase('en-US') === kind;
  if (!valid) {
    throw new Error(
      `${where}: "${ref}" is not a full ${kind} ref; write it as ${kind}:<namespace>/<name>, e.g. ${kind}:default/platform`,
    );
  }
  return ref.toLocaleLowerCase('en-US');
}
