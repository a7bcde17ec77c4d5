import type { Json } from '../eventStore/eventStore.js';

/** One `pii` object found in an event's data: where, and the subject id beside it (when a string). */
export interface PersonalDataSite {
  readonly path: string;
  readonly subjectId: string | undefined;
  readonly pii: Json;
}

/**
 * The walk of {@link replacePersonalData}: `segments` holds the keys from the root down to
 * `value`, joined into a path only where a `pii` object is found (most events have none, and
 * building every path would cost more than the walk itself). Scalars are not descended into.
 */
const walk = (value: Json, replace: (site: PersonalDataSite) => Json, segments: string[]): Json => {
  if (Array.isArray(value)) {
    let out: Json[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const inner = value[i]!;
      if (typeof inner !== 'object' || inner === null) continue;
      segments.push(String(i));
      const next = walk(inner, replace, segments);
      segments.pop();
      if (next !== inner) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  const record = value as { readonly [key: string]: Json };
  let out: Record<string, Json> | undefined;
  for (const key of Object.keys(record)) {
    const inner = record[key]!;
    let next: Json;
    if (key === 'pii') {
      segments.push(key);
      next = replace({ path: segments.join('.'), subjectId: typeof record['subjectId'] === 'string' ? record['subjectId'] : undefined, pii: inner });
      segments.pop();
    } else if (typeof inner === 'object' && inner !== null) {
      segments.push(key);
      next = walk(inner, replace, segments);
      segments.pop();
    } else continue;
    if (next !== inner) (out ??= { ...record })[key] = next;
  }
  return out ?? value;
};

/**
 * `value` with every `pii` object at any depth replaced by what `replace` makes of it.
 * Personal data is marked by the `pii` key (core's `PersonalData`, inside a `Party` with its
 * `subjectId`), so this finds it in any event type. Parts without personal data are kept as
 * they are (same objects), so an event without any is returned unchanged.
 */
export const replacePersonalData = (value: Json, replace: (site: PersonalDataSite) => Json, path = 'data'): Json =>
  typeof value !== 'object' || value === null ? value : walk(value, replace, path === '' ? [] : [path]);

/** Every `pii` object of `value`, in document order. */
export const personalDataSites = (value: Json): readonly PersonalDataSite[] => {
  const sites: PersonalDataSite[] = [];
  replacePersonalData(value, (site) => {
    sites.push(site);
    return site.pii;
  });
  return sites;
};
