import type { FieldError } from '../values/decodeErrors.js';
import { POLICY_KEYS } from './authorizationPolicy.js';
import { CASE_PARTS } from './casePart.js';

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each key of `value` (when it is a record) that is not one of `known`, by path. */
const unknownKeys = (value: unknown, known: readonly string[], path: string): FieldError[] =>
  isRecord(value)
    ? Object.keys(value)
        .filter((key) => !known.includes(key))
        .map((key) => ({ path: `${path}.${key}`, message: `unknown key; known: ${known.join(', ')}` }))
    : [];

/** The unknown keys of each grant of a list. */
const grantsUnknownKeys = (grants: unknown, path: string): FieldError[] => (Array.isArray(grants) ? grants.flatMap((grant: unknown, i) => unknownKeys(grant, POLICY_KEYS.grant, `${path}.${i}`)) : []);

/**
 * Every key of a policy, at any level, that a policy does not have, by path: a misspelt key
 * (`acusation`, `comands`, `role`) would otherwise be ignored, and what it meant to grant or
 * protect silently left out. Under `see`, an unknown key is a part that is not a part of a
 * case. Walks whatever it is given (values of the wrong type are the codec's to name).
 */
export const policyUnknownKeys = (policy: unknown): readonly FieldError[] => {
  if (!isRecord(policy)) return [];
  const see = isRecord(policy['see']) ? policy['see'] : {};
  const commands = isRecord(policy['commands']) ? policy['commands'] : {};
  return [
    ...unknownKeys(policy, POLICY_KEYS.policy, 'policy'),
    ...grantsUnknownKeys(policy['act'], 'policy.act'),
    ...Object.entries(see).flatMap(([part, grants]) =>
      (CASE_PARTS as readonly string[]).includes(part)
        ? grantsUnknownKeys(grants, `policy.see.${part}`)
        : [{ path: `policy.see.${part}`, message: `"${part}" is not a part of a case (${CASE_PARTS.join(', ')})` }],
    ),
    ...Object.entries(commands).flatMap(([command, grants]) => grantsUnknownKeys(grants, `policy.commands.${command}`)),
    ...unknownKeys(policy['accusation'], POLICY_KEYS.accusation, 'policy.accusation'),
  ];
};
