import type {
  LlmStreamPart,
  RouteInfo,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { openAiFinishReason, routeExtension } from './openai-wire';

/**
 * Turns router stream parts into OpenAI `chat.completion.chunk` objects, one
 * chunk per part, as they arrive.
 */
export class OpenAiChunkWriter {
  private readonly created = Math.floor(Date.now() / 1000);
  private sentRole = false;

  constructor(
    private readonly id: string,
    private readonly route: RouteInfo,
    private readonly includeUsage: boolean,
  ) {}

  private chunk(delta: object, finishReason: string | null = null) {
    const first = !this.sentRole;
    this.sentRole = true;
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.route.model,
      choices: [
        {
          index: 0,
          delta: first ? { role: 'assistant', ...delta } : delta,
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
    };
  }

  /** The chunks (usually one; two at the end with usage) for one part. */
  chunks(part: LlmStreamPart): object[] {
    switch (part.type) {
      case 'text-delta':
        return [this.chunk({ content: part.text })];
      case 'tool-call-delta':
        return [
          this.chunk({
            tool_calls: [
              {
                index: part.index,
                ...(part.id ? { id: part.id, type: 'function' } : {}),
                function: {
                  ...(part.name ? { name: part.name } : {}),
                  arguments: part.argumentsDelta,
                },
              },
            ],
          }),
        ];
      case 'finish': {
        const last = [this.chunk({}, openAiFinishReason(part.finishReason))];
        if (this.includeUsage) {
          const usage = part.usage ?? { promptTokens: 0, completionTokens: 0 };
          last.push({
            id: this.id,
            object: 'chat.completion.chunk',
            created: this.created,
            model: this.route.model,
            choices: [],
            usage: {
              prompt_tokens: usage.promptTokens,
              completion_tokens: usage.completionTokens,
              total_tokens: usage.promptTokens + usage.completionTokens,
            },
            x_quantumlayer: routeExtension(this.route),
          } as never);
        }
        return last;
      }
      default:
        return [];
    }
  }
}
