/*
 * Copyright 2023 The Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * See https://playwright.dev/docs/test-configuration.
 */
/** Debian's Chromium (scripts/ensure-chromium.sh), headless, no background traffic. */
const launchOptions = {
  executablePath: process.env.QL_CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-quic',
    '--no-first-run',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/**
 * The browser suite. `bash scripts/e2e.sh` builds the frontend and starts
 * Temporal and the backend (which then serves the frontend on :7007) before
 * running it; screenshots land in .data/e2e-artifacts.
 */
export default defineConfig({
  timeout: 180_000,

  expect: {
    timeout: 30_000,
  },

  // scripts/e2e.sh starts the servers (QL_E2E=1); otherwise use `yarn start`.
  webServer: process.env.QL_E2E
    ? []
    : [
        {
          command: 'yarn start app',
          url: 'http://localhost:3000',
          reuseExistingServer: true,
          timeout: 120_000,
        },
        {
          command: 'yarn start backend',
          port: 7007,
          reuseExistingServer: true,
          timeout: 60_000,
        },
      ],

  forbidOnly: !!process.env.CI,

  retries: 0,
  workers: 1,

  reporter: [
    ['list'],
    ['json', { outputFile: '.data/e2e-results.json' }],
    ['html', { open: 'never', outputFolder: '.data/e2e-report' }],
  ],

  use: {
    actionTimeout: 30_000,
    baseURL:
      process.env.PLAYWRIGHT_URL ??
      (process.env.QL_E2E ? 'http://localhost:7007' : 'http://localhost:3000'),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions,
  },

  outputDir: '.data/e2e-artifacts',

  // Every package with an e2e-tests folder, in Debian's Chromium.
  projects: generateProjects().map(project => ({
    ...project,
    use: { launchOptions },
  })),
});
