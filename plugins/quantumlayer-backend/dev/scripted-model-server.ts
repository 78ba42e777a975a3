/* eslint-disable no-console */
// node --require @backstage/cli/config/nodeTransform.cjs \
//   plugins/quantumlayer-backend/dev/scripted-model-server.ts
//
// The workflow tests' scripted model (a Python `add` with tests: buggy first,
// fixed once the coder is shown the failing run) served on 127.0.0.1 over
// OpenAI's chat completions wire protocol, for smoke tests of a running
// backend configured with it as an openai-compatible provider
// (scripts/image-smoke.sh). Prints its base URL on the first line, then each
// request's agent on stderr; serves until SIGTERM or SIGINT.
import { startScriptedOpenAiServer } from '../src/__testUtils__/scripted-openai-server';
import {
  agentOf,
  scriptedPythonProject,
} from '../src/__testUtils__/scripted-python-project';

async function main() {
  const script = scriptedPythonProject();
  const server = await startScriptedOpenAiServer(messages => {
    console.error(`scripted model: ${agentOf(messages)}`);
    return script(messages);
  });
  console.log(server.baseUrl);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
