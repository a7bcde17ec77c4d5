/**
 * Nested records of numbers (counts and sums): what figures are added up in. A zero number and
 * a record holding nothing are absent, so trees that add up to the same figures are equal
 * however they were added (and subtracted).
 */
export interface NumberTree {
  [key: string]: number | NumberTree;
}

/**
 * Adds `from` (times `sign`: `-1` subtracts it) into `into`, key by key at every depth, dropping
 * a number that reaches zero and a record left empty.
 */
export const addTree = (into: NumberTree, from: NumberTree, sign: 1 | -1 = 1): void => {
  for (const key in from) {
    const value = from[key]!;
    if (typeof value === 'number') {
      const next = ((into[key] as number | undefined) ?? 0) + sign * value;
      if (next === 0) delete into[key];
      else into[key] = next;
      continue;
    }
    const below = (into[key] ??= {}) as NumberTree;
    addTree(below, value, sign);
    if (isEmptyTree(below)) delete into[key];
  }
};

/** Whether the tree holds no number. */
export const isEmptyTree = (tree: NumberTree): boolean => {
  for (const _ in tree) return false;
  return true;
};

/** The number at `key` (0 when absent). */
export const numberAt = (tree: NumberTree, key: string): number => {
  const value = tree[key];
  return typeof value === 'number' ? value : 0;
};

/** The record at `key` (empty when absent). */
export const treeAt = (tree: NumberTree, key: string): NumberTree => {
  const value = tree[key];
  return typeof value === 'object' ? value : {};
};
