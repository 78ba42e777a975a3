import type { PromptTemplate } from '../prompt-template';
import { ARCHITECT_SEEDS } from './architect';
import { CODER_SEEDS } from './coder';
import { DOCUMENTER_SEEDS } from './documenter';
import { REVIEWER_SEEDS } from './reviewer';
import { TESTER_SEEDS } from './tester';

/**
 * The seed set shipped with the plugin, written to the database at startup.
 * Changing a seed's text means adding a new version: stored versions are
 * immutable, so earlier runs stay reproducible.
 */
export const SEED_TEMPLATES: PromptTemplate[] = [
  ...ARCHITECT_SEEDS,
  ...CODER_SEEDS,
  ...TESTER_SEEDS,
  ...REVIEWER_SEEDS,
  ...DOCUMENTER_SEEDS,
];
