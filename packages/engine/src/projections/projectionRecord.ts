import type { Json } from '../eventStore/eventStore.js';
import { ProjectionRecordCorruptError } from '../eventStore/storeErrors.js';
import type { StoredProjection } from './projectionStore.js';

/**
 * A projection record as a store reads it back (version and position as bigints or decimal
 * text, the state as the JSON text committed), checked: the state must parse and the
 * version must be a safe integer. The record itself is never changed.
 *
 * @throws ProjectionRecordCorruptError naming the projection and what is wrong.
 */
export const projectionRecordOf = (name: string, version: bigint | number | string, position: bigint | string, stateJson: string): StoredProjection => {
  const versionNumber = Number(version);
  if (!Number.isSafeInteger(versionNumber)) throw new ProjectionRecordCorruptError(name, `its version ${String(version)} is not a safe integer`);
  let state: Json;
  try {
    state = JSON.parse(stateJson) as Json;
  } catch (e) {
    throw new ProjectionRecordCorruptError(name, `its state is not valid JSON (${(e as Error).message})`);
  }
  return { name, version: versionNumber, position: typeof position === 'bigint' ? position : BigInt(position), state };
};

/**
 * The JSON text a store commits for a projection's state.
 *
 * @throws TypeError for a state JSON cannot represent (`undefined`; a bigint throws JSON's own TypeError).
 */
export const projectionStateJsonOf = (stored: StoredProjection): string => {
  const state = JSON.stringify(stored.state) as string | undefined;
  if (state === undefined) throw new TypeError(`projection '${stored.name}': state must be a JSON value, got undefined`);
  return state;
};
