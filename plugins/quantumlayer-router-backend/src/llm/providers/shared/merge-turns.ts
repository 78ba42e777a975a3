/** One turn of a conversation API that wants user and assistant to alternate. */
export interface Turn<Block> {
  role: 'user' | 'assistant';
  content: Block[];
}

/**
 * Adds blocks as a turn of `role`, merged into the last turn when that has
 * the same role: Anthropic's Messages and Bedrock's Converse both require
 * alternating roles, so consecutive tool results become one user turn.
 */
export function appendTurn<Block>(
  turns: Turn<Block>[],
  role: Turn<Block>['role'],
  blocks: Block[],
): void {
  const last = turns[turns.length - 1];
  if (last?.role === role) last.content.push(...blocks);
  else turns.push({ role, content: blocks });
}
