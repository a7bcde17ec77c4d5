import type { Json } from '../eventStore/eventStore.js';

/** One `pii` object found in an event's data: where, and the subject id beside it (when a string). */
export interface PersonalDataSite {
  readonly path: string;
  readonly subjectId: string | undefined;
  readonly pii: Json;
}

const at = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

/**
 * `value` with every `pii` object at any depth replaced by what `replace` makes of it.
 * Personal data is marked by the `pii` key (core's `PersonalData`, inside a `Party` with its
 * `subjectId`), so this finds it in any event type. Parts without personal data are kept as
 * they are (same objects), so an event without any is returned unchanged.
 */
export const replacePersonalData = (value: Json, replace: (site: PersonalDataSite) => Json, path = 'data'): Json => {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((inner, i) => {
      const next = replacePersonalData(inner, replace, at(path, String(i)));
      changed ||= next !== inner;
      return next;
    });
    return changed ? out : value;
  }
  const record = value as { readonly [key: string]: Json };
  let out: Record<string, Json> | undefined;
  for (const key of Object.keys(record)) {
    const inner = record[key]!;
    const next =
      key === 'pii'
        ? replace({ path: at(path, key), subjectId: typeof record['subjectId'] === 'string' ? record['subjectId'] : undefined, pii: inner })
        : replacePersonalData(inner, replace, at(path, key));
    if (next !== inner) (out ??= { ...record })[key] = next;
  }
  return out ?? value;
};

/** Every `pii` object of `value`, in document order. */
export const personalDataSites = (value: Json): readonly PersonalDataSite[] => {
  const sites: PersonalDataSite[] = [];
  replacePersonalData(value, (site) => {
    sites.push(site);
    return site.pii;
  });
  return sites;
};
