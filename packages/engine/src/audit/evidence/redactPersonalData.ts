import { canonicalJson } from '../../hashing/canonicalJson.js';
import type { HashProvider } from '../checkpoints/providers.js';

/** A `pii` object replaced by its commitment, and what opens it. */
export interface RedactedPersonalData {
  readonly path: string;
  readonly salt: string;
  readonly pii: unknown;
  readonly commitment: string;
}

/** What {@link redactPersonalData} made: the value with every `pii` replaced, and each replacement. */
export interface RedactPersonalDataResult {
  readonly value: unknown;
  readonly redacted: readonly RedactedPersonalData[];
}

/** The commitment to one `pii` value: lowercase hex `H(UTF-8 of salt ‖ canonical JSON of pii)`. */
export const personalDataCommitment = (salt: string, pii: unknown, provider: HashProvider): string => Buffer.from(provider.hash(Buffer.from(salt + canonicalJson(pii), 'utf8'))).toString('hex');

/**
 * `value` with every `pii` field, at any depth, replaced by `{ commitment }` (see
 * {@link personalDataCommitment}), each with a fresh salt from `salt`. Personal data is
 * marked by the `pii` key (core's `PersonalData`), so this finds it in any event type.
 */
export const redactPersonalData = (value: unknown, salt: () => string, provider: HashProvider, path = ''): RedactPersonalDataResult => {
  if (typeof value !== 'object' || value === null) return { value, redacted: [] };
  const redacted: RedactedPersonalData[] = [];
  const at = (key: string): string => (path === '' ? key : `${path}.${key}`);
  const replace = (key: string, inner: unknown): unknown => {
    if (key === 'pii') {
      const s = salt();
      const commitment = personalDataCommitment(s, inner, provider);
      redacted.push({ path: at(key), salt: s, pii: inner, commitment });
      return { commitment };
    }
    const result = redactPersonalData(inner, salt, provider, at(key));
    redacted.push(...result.redacted);
    return result.value;
  };
  const out = Array.isArray(value) ? value.map((inner, i) => replace(String(i), inner)) : Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, replace(key, inner)]));
  return { value: out, redacted };
};
