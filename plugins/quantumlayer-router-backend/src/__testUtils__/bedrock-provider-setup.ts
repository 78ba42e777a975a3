import { ConfigReader } from '@backstage/config';
import type { LlmCompletionRequest } from '@internal/backstage-plugin-quantumlayer-router-node';
// Test-only: the SDK's HTTP/1.1 handler. It comes hoisted with
// @aws-sdk/client-bedrock-runtime but is not yet declared as a devDependency.
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createBedrockProviderFromConfig } from '../llm/providers/bedrock/bedrock-provider';
import type { LoopbackServer } from '@internal/quantumlayer-test-utils';

export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const MODEL = 'anthropic.claude-haiku-4-5-20251001-v1:0';
export const MODEL_PATH = encodeURIComponent(MODEL);

/** A Bedrock provider with static keys that talks to the loopback `server`. */
export function providerFor(server: LoopbackServer, extra: object = {}) {
  return createBedrockProviderFromConfig(
    new ConfigReader({
      type: 'bedrock',
      region: 'us-east-1',
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      endpoint: server.url,
      models: [MODEL, 'amazon.nova-pro-v1:0'],
      ...extra,
    }),
    // The SDK's default transport is HTTP/2; the loopback server speaks HTTP/1.1.
    { requestHandler: new NodeHttpHandler() },
  );
}

export const hello: LlmCompletionRequest = {
  messages: [{ role: 'user', content: 'count words' }],
};

/** A SigV4 `authorization` header for ACCESS_KEY_ID in us-east-1. */
export const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/;
