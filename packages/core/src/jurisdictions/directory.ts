import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatDecodeErrors, type FieldError } from '../values/decodeErrors.js';
import { TERRITORIAL_LEVELS, Unit, levelRank, type TerritorialLevel } from './unit.js';

/** A validated jurisdiction directory: every parent exists and sits exactly one level up. */
export interface JurisdictionDirectory {
  readonly units: ReadonlyMap<string, Unit>;
}

/** Names every plain object has (`__proto__`, `constructor`, `toString`, …): no unit may take one as its id. */
const RESERVED_IDS: readonly string[] = Object.freeze(Object.getOwnPropertyNames(Object.prototype));

/**
 * Builds a directory from plain unit data, checking that ids are unique and not reserved
 * (`__proto__`, `constructor`, … : the projections count by unit id), parents exist,
 * each territorial unit's parent is exactly one level up, the city has no parent, and a
 * department hangs under a territorial unit. Returns every problem found, by field path.
 */
export const createDirectory = (input: unknown): E.Either<readonly FieldError[], JurisdictionDirectory> => {
  const decoded = t.readonlyArray(Unit).decode(input);
  if (E.isLeft(decoded)) return E.left(formatDecodeErrors(decoded.left));
  const units = new Map<string, Unit>();
  const problems: FieldError[] = [];
  decoded.right.forEach((unit, index) => {
    if (RESERVED_IDS.includes(unit.id))
      problems.push({
        path: `${index}.id`,
        message: `unit id "${unit.id}" is reserved (every JavaScript object already has a property of that name, so records keyed by unit id would break); choose another id`,
      });
    if (units.has(unit.id)) problems.push({ path: `${index}.id`, message: `duplicate unit id "${unit.id}"` });
    units.set(unit.id, unit);
  });
  decoded.right.forEach((unit, index) => {
    const path = `${index}.parent`;
    if (unit.parent === null) {
      if (unit.level !== 'city') problems.push({ path, message: `unit "${unit.id}" (${unit.level}) needs a parent; only a city has none` });
      return;
    }
    const parent = units.get(unit.parent);
    if (!parent) return problems.push({ path, message: `unit "${unit.id}" names unknown parent "${unit.parent}"` });
    if (parent.level === 'department') return problems.push({ path, message: `unit "${unit.id}" cannot sit under department "${parent.id}"` });
    if (unit.level === 'department') return;
    if (levelRank(parent.level) !== levelRank(unit.level) + 1) {
      problems.push({
        path,
        message: `unit "${unit.id}" (${unit.level}) must sit directly under a ${TERRITORIAL_LEVELS[levelRank(unit.level) + 1] ?? 'nothing'}, not "${parent.id}" (${parent.level})`,
      });
    }
    return;
  });
  return problems.length > 0 ? E.left(problems) : E.right({ units });
};

/** The unit and every unit above it, nearest first. */
export const ancestry = (directory: JurisdictionDirectory, unitId: string): readonly Unit[] => {
  const chain: Unit[] = [];
  let current = directory.units.get(unitId);
  while (current && chain.length <= TERRITORIAL_LEVELS.length + 1) {
    chain.push(current);
    current = current.parent === null ? undefined : directory.units.get(current.parent);
  }
  return chain;
};

/** Whether `ancestor` is `unitId` itself or a unit above it (no allocation: runs per command). */
export const isSelfOrAbove = (directory: JurisdictionDirectory, unitId: string, ancestor: string): boolean => {
  let current = directory.units.get(unitId);
  for (let depth = 0; current && depth <= TERRITORIAL_LEVELS.length + 1; depth++) {
    if (current.id === ancestor) return true;
    current = current.parent === null ? undefined : directory.units.get(current.parent);
  }
  return false;
};

/**
 * Whether `from` may dispatch a case to `to`: a unit below it, or a functional department
 * serving it or a government above it (a community may send a labour dispute to the
 * district labour bureau). Never itself, never sideways or upwards (that is escalation).
 */
export const isWithinReach = (directory: JurisdictionDirectory, from: string, to: string): boolean => {
  if (from === to) return false;
  const target = directory.units.get(to);
  if (!target || !directory.units.has(from)) return false;
  if (target.level === 'department') return target.parent !== null && isSelfOrAbove(directory, from, target.parent);
  return isSelfOrAbove(directory, to, from);
};

/** The unit one territorial level up, or `null` for a city or a department. */
export const escalationTarget = (directory: JurisdictionDirectory, unitId: string): Unit | null => {
  const unit = directory.units.get(unitId);
  if (!unit || unit.level === 'department' || unit.parent === null) return null;
  return directory.units.get(unit.parent) ?? null;
};

/** The territorial level a unit works at: its own, or for a department its parent's. */
export const effectiveLevel = (directory: JurisdictionDirectory, unitId: string): TerritorialLevel | null => {
  const unit = directory.units.get(unitId);
  if (!unit) return null;
  if (unit.level !== 'department') return unit.level;
  const parent = unit.parent === null ? undefined : directory.units.get(unit.parent);
  return parent && parent.level !== 'department' ? parent.level : null;
};
