/*
 * The QuantumLayer portal backend. One image for every deployment role:
 * `quantumlayer.roles` in the app-config picks what runs (see roleFeatures.ts
 * and deploy/README.md); unset, everything runs in this one process.
 */

import { createBackend } from '@backstage/backend-defaults';
import { roleFeatures } from './roleFeatures';

const backend = createBackend();
backend.add(roleFeatures);
backend.start();
