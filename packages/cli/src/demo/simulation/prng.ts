import { fnv1a } from '../../hashing/fnv1a.js';

/** A seeded pseudo-random number generator: the same seed gives the same sequence on every machine. */
export interface Prng {
  /** A float in [0, 1). */
  readonly next: () => number;
  /** A whole number in [min, max], both included. */
  readonly int: (min: number, max: number) => number;
  /** `true` with probability `p`. */
  readonly chance: (p: number) => boolean;
  /** One item, uniformly. @throws RangeError for an empty list. */
  readonly pick: <T>(items: readonly T[]) => T;
  /** One key, with probability proportional to its weight. */
  readonly weighted: <T extends string>(weights: Readonly<Record<T, number>>) => T;
  /** A random UUID (version 4 layout), drawn from this generator. */
  readonly uuid: () => string;
  /** A new independent generator derived from this one and a label (so adding draws in one place does not shift another). */
  readonly fork: (label: string) => Prng;
}

/** Two hex digits of each byte value. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Hex digits of the low 16 bits, and of all 32 bits. */
const hex4 = (n: number): string => BYTE_HEX[(n >>> 8) & 255]! + BYTE_HEX[n & 255]!;
const hex8 = (n: number): string => hex4(n >>> 16) + hex4(n);

/** Each weights object's entries and total, computed once (weights are constants of the scripts). */
const weightTables = new WeakMap<object, { readonly entries: readonly (readonly [string, number])[]; readonly total: number }>();
const weightTable = (weights: Readonly<Record<string, number>>): { readonly entries: readonly (readonly [string, number])[]; readonly total: number } => {
  let table = weightTables.get(weights);
  if (table === undefined) {
    const entries = Object.entries(weights);
    weightTables.set(weights, (table = { entries, total: entries.reduce((sum, [, w]) => sum + w, 0) }));
  }
  return table;
};

/**
 * A small fast generator (sfc32, Chris Doty-Humphrey's "small fast chaotic" PRNG) seeded
 * from a string. Not for secrets: the CLI uses it to make demo data reproducible.
 *
 * @example
 * const rng = prng('42');
 * rng.int(1, 6); // the same roll for seed '42' everywhere
 */
export const prng = (seed: string): Prng => {
  let a = fnv1a(`a:${seed}`);
  let b = fnv1a(`b:${seed}`);
  let c = fnv1a(`c:${seed}`);
  let d = 1;
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next32();
  const next = (): number => next32() / 4294967296;
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick: the list is empty');
    return items[Math.floor(next() * items.length)] as T;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick,
    weighted: <T extends string>(weights: Readonly<Record<T, number>>): T => {
      const { entries, total } = weightTable(weights);
      let roll = next() * total;
      for (const [key, weight] of entries) {
        roll -= weight;
        if (roll < 0) return key as T;
      }
      return entries[entries.length - 1]![0] as T;
    },
    uuid: () => {
      const w0 = next32();
      const w1 = next32();
      const w2 = next32();
      const w3 = next32();
      // xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: version 4, variant 10.
      return `${hex8(w0)}-${hex4(w1 >>> 16)}-${hex4(0x4000 | (w1 & 0xfff))}-${hex4(0x8000 | (w2 & 0x3fff))}-${hex4(w2 >>> 16)}${hex8(w3)}`;
    },
    fork: (label) => prng(`${seed}/${label}/${next32()}`),
  };
};
