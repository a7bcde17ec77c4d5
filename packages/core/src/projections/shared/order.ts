import { instantMillis } from '../../values/values.js';

/** Orders strings by code unit (locale-independent, so results are the same everywhere). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Orders ISO-8601 UTC instants by time (they may differ in how many fraction digits they carry). */
export const compareInstants = (a: string, b: string): number => instantMillis(a) - instantMillis(b);
