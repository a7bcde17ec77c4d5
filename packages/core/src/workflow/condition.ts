/**
 * The condition language of workflow guards: plain data that the core evaluates against a
 * command, the case state and the actor. Total: a path that leads nowhere reads as
 * `undefined`, and a comparison with `undefined` (or between a number and a string) is false.
 *
 * A path starts at `command`, `state` or `actor` and walks object fields, e.g.
 * `command.by`, `state.claimedAmountFen`, `state.facts.Replied.count`. A segment written
 * `{command.rule}` is replaced by the value at that path first, so
 * `state.clocks.{command.rule}.extendedBy` reads the clock the command names.
 *
 * `{ known: [set, operand] }` looks outside the case: it holds when the operand's value is
 * one of the keys in the decision context's named set `known[set]` (keys the embedding system
 * looked up for this command, e.g. the matter keys of petitions that reached finality). An
 * absent set is empty, so the condition is false and `{ not: { known: … } }` true.
 */

/** A scalar a condition compares with. */
export type Scalar = string | number | boolean | null;

/** A value in a condition: a path into the command, state or actor, a constant, or a sum. */
export type Operand = { readonly path: string } | { readonly value: Scalar } | { readonly sum: readonly Operand[] };

/** The comparison operators. */
export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A condition on a command, the case state and the actor. */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  | { readonly compare: readonly [Operand, Comparison, Operand] }
  | { readonly oneOf: readonly [Operand, readonly Scalar[]] }
  | { readonly actorRole: readonly string[] }
  | { readonly known: readonly [string, Operand] };

/** What a condition is evaluated against. */
export interface ConditionScope {
  readonly command: unknown;
  readonly state: unknown;
  readonly actor: unknown;
  /** Named sets of keys from outside the case (the decision context's `known`); absent: all empty. */
  readonly known?: unknown;
}

const ROOTS: ReadonlySet<string> = new Set(['command', 'state', 'actor']);

const fieldOf = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;

/** The value at a dotted path (see the module comment), or `undefined`. */
export const readPath = (scope: ConditionScope, path: string): unknown => {
  const segments = splitPath(path);
  if (segments === null) return undefined;
  let value: unknown = scope;
  for (const segment of segments) {
    const key = segment.startsWith('{') ? readPath(scope, segment.slice(1, -1)) : segment;
    if (typeof key !== 'string' && typeof key !== 'number') return undefined;
    value = fieldOf(value, String(key));
  }
  return value;
};

/**
 * The segments of a path, keeping `{…}` segments whole; `null` when the path is malformed
 * (no known root, an empty segment, unbalanced braces).
 */
export const splitPath = (path: string): readonly string[] | null => {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  for (const char of path) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (depth < 0) return null;
    if (char === '.' && depth === 0) {
      segments.push(current);
      current = '';
    } else current += char;
  }
  segments.push(current);
  if (depth !== 0 || segments.some((s) => s === '' || s === '{}')) return null;
  if (!ROOTS.has(segments[0] as string)) return null;
  for (const s of segments) if (s.startsWith('{') && splitPath(s.slice(1, -1)) === null) return null;
  return segments;
};

const valueOf = (scope: ConditionScope, operand: Operand): unknown => {
  if ('path' in operand) return readPath(scope, operand.path);
  if ('value' in operand) return operand.value;
  let total = 0;
  for (const part of operand.sum) {
    const value = valueOf(scope, part);
    if (typeof value !== 'number') return undefined;
    total += value;
  }
  return total;
};

const compare = (left: unknown, op: Comparison, right: unknown): boolean => {
  if (op === '==') return left !== undefined && left === right;
  if (op === '!=') return left !== undefined && right !== undefined && left !== right;
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const l = left as number | string;
  const r = right as number | string;
  return op === '<' ? l < r : op === '<=' ? l <= r : op === '>' ? l > r : l >= r;
};

/** Whether `condition` holds in `scope`. Pure and total. */
export const holds = (condition: Condition, scope: ConditionScope): boolean => {
  if ('all' in condition) return condition.all.every((c) => holds(c, scope));
  if ('any' in condition) return condition.any.some((c) => holds(c, scope));
  if ('not' in condition) return !holds(condition.not, scope);
  if ('compare' in condition) return compare(valueOf(scope, condition.compare[0]), condition.compare[1], valueOf(scope, condition.compare[2]));
  if ('oneOf' in condition) {
    const value = valueOf(scope, condition.oneOf[0]);
    return condition.oneOf[1].some((allowed) => allowed === value);
  }
  if ('known' in condition) return isKnown(scope.known, condition.known[0], valueOf(scope, condition.known[1]));
  return condition.actorRole.includes(String(fieldOf(scope.actor, 'role')));
};

/** Whether `value` is a key of the named set in `known` (an absent or malformed set is empty). */
const isKnown = (known: unknown, set: string, value: unknown): boolean => {
  const keys = fieldOf(known, set);
  return typeof value === 'string' && Array.isArray(keys) && keys.includes(value);
};
