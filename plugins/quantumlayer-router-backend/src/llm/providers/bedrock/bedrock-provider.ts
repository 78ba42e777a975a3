import {
  BedrockRuntimeClient,
  BedrockRuntimeClientConfig,
  ConverseCommand,
  ConverseCommandInput,
  ConverseStreamCommand,
  ConverseStreamOutput,
  InferenceConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import type { Config } from '@backstage/config';
import {
  LlmCompletion,
  LlmCompletionRequest,
  LlmProvider,
  LlmStreamPart,
} from '@internal/backstage-plugin-quantumlayer-router-node';
import { prepareRequest } from '../shared/prepare-request';
import { abortedError, streamCutError } from '../shared/provider-errors';
import { mapVendorStream } from '../shared/vendor-stream';
import { prepareBedrockTools } from './bedrock-prepare-tools';
import { toBedrockProviderError, toBedrockStreamError } from './bedrock-error';
import { convertToBedrockMessages } from './convert-to-bedrock-messages';
import { mapBedrockResponse } from './map-bedrock-response';
import { BedrockStreamMapper } from './map-bedrock-stream-event';

/** Static AWS credentials; without them the AWS default chain applies. */
export interface BedrockCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Settings of one Bedrock provider instance. */
export interface BedrockProviderSettings {
  /** Provider id in routes, results and logs. Default `bedrock`. */
  id?: string;
  region: string;
  credentials?: BedrockCredentials;
  /** Override, e.g. a VPC endpoint. Default the regional endpoint. */
  endpoint?: string;
  /** Served model ids; the first answers requests that name none. */
  models?: string[];
  /** Per-attempt idle timeout of the default HTTP handler. Default 120000. */
  timeoutMs?: number;
  /**
   * Transport override, e.g. an HTTP/1.1 handler for a proxy or a test
   * server; the SDK's default speaks HTTP/2.
   */
  requestHandler?: BedrockRuntimeClientConfig['requestHandler'];
}

/**
 * Bedrock models through the official SDK's Converse and ConverseStream
 * (SigV4 signing by the SDK).
 *
 * - `responseFormat: 'json'` adds a system block: Converse has no JSON mode.
 * - `toolChoice: 'none'` sends no tools: Converse has no such choice.
 * - SDK retries are off (`maxAttempts: 1`); the router owns retries.
 */
export class BedrockProvider implements LlmProvider {
  readonly id: string;
  readonly models?: readonly string[];
  private readonly client: BedrockRuntimeClient;
  private readonly secrets: string[];

  constructor(settings: BedrockProviderSettings) {
    this.id = settings.id ?? 'bedrock';
    this.models = settings.models;
    const { credentials } = settings;
    this.secrets = credentials
      ? [credentials.secretAccessKey, credentials.sessionToken ?? '']
      : [];
    this.client = new BedrockRuntimeClient({
      region: settings.region,
      endpoint: settings.endpoint,
      credentials,
      maxAttempts: 1,
      requestHandler: settings.requestHandler ?? {
        requestTimeout: settings.timeoutMs ?? 120_000,
        disableConcurrentStreams: true,
      },
    });
  }

  async complete(request: LlmCompletionRequest): Promise<LlmCompletion> {
    const input = this.prepare(request);
    try {
      const response = await this.client.send(new ConverseCommand(input), {
        abortSignal: request.abortSignal,
      });
      return mapBedrockResponse(this.id, input.modelId!, response);
    } catch (error) {
      if (request.abortSignal?.aborted) throw abortedError(this.id, error);
      throw toBedrockProviderError(this.id, error, this.secrets);
    }
  }

  async *stream(request: LlmCompletionRequest): AsyncIterable<LlmStreamPart> {
    const input = this.prepare(request);
    let events: AsyncIterable<ConverseStreamOutput> | undefined;
    try {
      const response = await this.client.send(
        new ConverseStreamCommand(input),
        { abortSignal: request.abortSignal },
      );
      events = response.stream;
    } catch (error) {
      if (request.abortSignal?.aborted) throw abortedError(this.id, error);
      throw toBedrockProviderError(this.id, error, this.secrets);
    }
    const mapper = new BedrockStreamMapper(input.modelId!);
    const finished = yield* mapVendorStream(events ?? [], mapper, {
      provider: this.id,
      abortSignal: request.abortSignal,
      toStreamError: error =>
        toBedrockStreamError(this.id, error, this.secrets),
    });
    if (finished) return;
    // No metadata: after a messageStop `end()` finishes without usage.
    const rest = mapper.end();
    if (!rest) {
      throw streamCutError(this.id, 'the response ended without messageStop');
    }
    yield* rest;
  }

  private prepare(request: LlmCompletionRequest): ConverseCommandInput {
    return prepareRequest(
      this.id,
      request,
      this.models,
      ({ model, jsonMode }) => {
        const inferenceConfig: InferenceConfiguration = {
          ...(request.maxTokens !== undefined
            ? { maxTokens: request.maxTokens }
            : {}),
          ...(request.temperature !== undefined
            ? { temperature: request.temperature }
            : {}),
          ...(request.topP !== undefined ? { topP: request.topP } : {}),
          ...(request.stop?.length ? { stopSequences: request.stop } : {}),
        };
        const toolConfig = prepareBedrockTools(
          request.tools,
          request.toolChoice,
        );
        return {
          modelId: model,
          ...convertToBedrockMessages(request.messages, { jsonMode }),
          ...(Object.keys(inferenceConfig).length > 0
            ? { inferenceConfig }
            : {}),
          ...(toolConfig ? { toolConfig } : {}),
        };
      },
    );
  }
}

/**
 * Builds a BedrockProvider from one `quantumlayer.llm.providers` entry of
 * type `bedrock` (see config.d.ts). `options.requestHandler` overrides the
 * SDK's HTTP/2 transport.
 */
export function createBedrockProviderFromConfig(
  config: Config,
  options: Pick<BedrockProviderSettings, 'requestHandler'> = {},
): BedrockProvider {
  const type = config.getOptionalString('type');
  if (type !== undefined && type !== 'bedrock') {
    throw new Error(
      `createBedrockProviderFromConfig got a provider of type "${type}"; pass an entry with type "bedrock"`,
    );
  }
  const accessKeyId = config.getOptionalString('accessKeyId');
  const secretAccessKey = config.getOptionalString('secretAccessKey');
  if (!accessKeyId !== !secretAccessKey) {
    throw new Error(
      'bedrock provider: set both accessKeyId and secretAccessKey, or neither to use the AWS default credential chain',
    );
  }
  return new BedrockProvider({
    id: config.getOptionalString('id'),
    region: config.getString('region'),
    credentials:
      accessKeyId && secretAccessKey
        ? {
            accessKeyId,
            secretAccessKey,
            sessionToken: config.getOptionalString('sessionToken'),
          }
        : undefined,
    endpoint: config.getOptionalString('endpoint'),
    models: config.getOptionalStringArray('models'),
    timeoutMs: config.getOptionalNumber('timeoutMs'),
    requestHandler: options.requestHandler,
  });
}
