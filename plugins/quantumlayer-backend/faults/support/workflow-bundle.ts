import fs from 'fs';
import os from 'os';
import path from 'path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { silentBundlerLogger } from '../../src/workflows/worker';

/** Bundles generate-extended once and writes it to a file worker processes can load. */
export async function workflowBundleFile(): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows/workflows'),
    logger: silentBundlerLogger,
  });
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'ql-faults-bundle-')),
    'workflow-bundle.js',
  );
  fs.writeFileSync(file, code);
  return file;
}
