import type { Unit } from '@casefold/core';
import type { Json, NewEvent } from '@casefold/engine';
import type { TemplateStream, TemplateYear } from './templateYear.js';

/**
 * The renaming that turns the template district into district `n` of the city: every case
 * id and every unit below the city gets the prefix `d<n>-` (the city itself is shared), so
 * the copies are distinct cases in distinct units of one jurisdiction tree.
 */
export interface DistrictRenaming {
  readonly prefix: string;
  /** Maps a string value that names a case or a unit; any other value is left as it is. */
  readonly rename: (value: string) => string;
}

/** The renaming of district `n` of a city whose districts all copy `template`. */
export const districtRenaming = (template: TemplateYear, n: number): DistrictRenaming => {
  const prefix = `d${n}-`;
  const named = new Set<string>(template.caseIds);
  for (const unit of template.units) if (unit.parent !== null) named.add(unit.id);
  return { prefix, rename: (value) => (named.has(value) ? prefix + value : value) };
};

/** `value` with every string that names a case or a unit renamed, at any depth (keys are kept). */
const renamed = (value: Json, rename: (s: string) => string): Json => {
  if (typeof value === 'string') return rename(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: Json) => renamed(v, rename));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v as Json, rename)]));
};

/** The template's units as district `n`'s (the city unit, whose parent is `null`, only once: `withCity`). */
export const districtUnits = (template: TemplateYear, renaming: DistrictRenaming, withCity: boolean): Unit[] =>
  template.units.filter((u) => withCity || u.parent !== null).map((u) => ({ ...u, id: renaming.rename(u.id), parent: u.parent === null ? null : renaming.rename(u.parent) }));

/**
 * One stream of the template as district `n`'s: the stream id, the case and unit ids in
 * data and metadata renamed, and event, command and correlation ids made unique by the
 * prefix. Times are kept: every district lives the same year.
 */
export const districtStream = (stream: TemplateStream, renaming: DistrictRenaming): TemplateStream => ({
  streamId: stream.streamId.replace(/^case-/, `case-${renaming.prefix}`),
  events: stream.events.map((e): NewEvent => ({
    eventId: renaming.prefix + e.eventId,
    type: e.type,
    data: renamed(e.data, renaming.rename),
    metadata: {
      ...(renamed(e.metadata as unknown as Json, renaming.rename) as object),
      commandId: renaming.prefix + e.metadata.commandId,
      correlationId: renaming.prefix + e.metadata.correlationId,
      causationId: e.metadata.causationId === null ? null : renaming.prefix + e.metadata.causationId,
    } as NewEvent['metadata'],
  })),
});
