/**
 * A request an adapter cannot put on the wire, thrown by the pure `convert*`
 * functions; `prepareRequest` turns it into a permanent LlmProviderError.
 */
export class InvalidLlmRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLlmRequestError';
  }
}

/** A `tool` message that does not say which call it answers. */
export function toolResultWithoutIdError(
  position: number,
): InvalidLlmRequestError {
  return new InvalidLlmRequestError(
    `messages[${position}] has role "tool" but no toolCallId; set it to the id of the assistant tool call it answers`,
  );
}

/** A message whose role is none of the four the contract knows. */
export function unknownRoleError(
  position: number,
  role: unknown,
): InvalidLlmRequestError {
  return new InvalidLlmRequestError(
    `messages[${position}] has role "${role}"; use one of system, user, assistant, tool`,
  );
}
