import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** The System every emitted entity belongs to. */
export const SYSTEM_NAME = 'quantumlayer';

/** Location of every emitted entity (`backstage.io/managed-by-location`). */
export const PLATFORM_LOCATION = 'quantumlayer:platform';

/** The API entities' names. */
export const REST_API_NAME = 'quantumlayer-rest-api';
export const OPENAI_COMPATIBLE_API_NAME = 'quantumlayer-openai-compatible-api';

/**
 * Names the backend's health check a Resource stands for (`GET
 * /health/details`); the frontend's entity card shows that check.
 */
export const HEALTH_CHECK_ANNOTATION = 'quantumlayer.io/health-check';

/** The label every platform Deployment carries. */
export const PART_OF_SELECTOR = 'app.kubernetes.io/part-of=quantumlayer';

export const componentRef = (name: string) =>
  stringifyEntityRef({ kind: 'component', namespace: 'default', name });
export const resourceRef = (name: string) =>
  stringifyEntityRef({ kind: 'resource', namespace: 'default', name });
export const apiRef = (name: string) =>
  stringifyEntityRef({ kind: 'api', namespace: 'default', name });

/** The annotations that say where an emitted entity comes from. */
export function managedByAnnotations(): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: PLATFORM_LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: PLATFORM_LOCATION,
  };
}
