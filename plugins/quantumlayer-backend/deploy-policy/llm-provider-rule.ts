import { QUANTUMLAYER_ROLES, readQuantumlayerRoles } from '../src/roles/roles';
import { RoleDeployment, substitutedVar } from './role-config';

/** Provider fields that hold credentials (config.d.ts: `@visibility secret`). */
const SECRET_FIELDS = [
  'apiKey',
  'accessKeyId',
  'secretAccessKey',
  'sessionToken',
];

/**
 * LLM provider keys come from a Secret: each credential in
 * `quantumlayer.llm.providers` is exactly `${VAR}`, and the role's container
 * sets VAR from a `secretKeyRef`. A role that runs the router configures at
 * least one provider and no template fallback (production refuses to start
 * without one, or would answer with the offline template provider); the other
 * roles call the router role and hold no provider keys.
 */
export function checkLlmProviders(roles: RoleDeployment[]): string[] {
  const problems: string[] = [];
  for (const role of roles) {
    const where = role.configMapRef ?? role.ref;
    const providers =
      role.config.getOptionalConfigArray('quantumlayer.llm.providers') ?? [];
    providers.forEach((provider, i) => {
      for (const field of SECRET_FIELDS) {
        const key = `quantumlayer.llm.providers[${i}].${field}`;
        const value = provider.getOptionalString(field);
        if (value === undefined) continue;
        const variable = substitutedVar(value);
        if (!variable) {
          // Never echo the value: it may be a key.
          problems.push(
            `${where}: ${key} is written inline; put it in a Secret and write \${VAR} for an env var set from it`,
          );
        } else if (!role.secretEnv.has(variable)) {
          problems.push(
            `${role.ref}: env ${variable} (${key}) does not come from a Secret; set it with valueFrom.secretKeyRef`,
          );
        }
      }
    });
    let runs;
    try {
      runs = readQuantumlayerRoles(role.config) ?? QUANTUMLAYER_ROLES;
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      continue;
    }
    if (runs.includes('router')) {
      if (providers.length === 0) {
        problems.push(
          `${where}: role ${role.role} runs the LLM router but configures no quantumlayer.llm.providers; production refuses to start without one`,
        );
      }
      if (role.config.getOptionalBoolean('quantumlayer.llm.templateFallback')) {
        problems.push(
          `${where}: quantumlayer.llm.templateFallback is true, so the offline template provider answers when the providers fail; remove it`,
        );
      }
    } else if (providers.length > 0) {
      problems.push(
        `${where}: role ${role.role} calls the router role, so its quantumlayer.llm.providers are unused; keep provider keys in the router's config only`,
      );
    }
  }
  return problems;
}
