// The child process `yarn bench:router` measures: a real Backstage backend
// (backend-defaults: root HTTP router, auth, logging) with only the
// QuantumLayer LLM router plugin, configured by the files passed as --config.
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(import('@internal/backstage-plugin-quantumlayer-router-backend'));
backend.start().catch(error => {
  process.stderr.write(`gateway backend failed: ${error}\n`);
  process.exit(1);
});
