import type { Column } from './rowProjection.js';

/* The columns of the built-in row tables, by type: text or integer, nullable or not. */

/** A text column. */
export const text = { type: 'text' } as const satisfies Column;
/** A text column that may hold `null`. */
export const maybeText = { type: 'text', nullable: true } as const satisfies Column;
/** An integer column. */
export const integer = { type: 'integer' } as const satisfies Column;
/** An integer column that may hold `null`. */
export const maybeInteger = { type: 'integer', nullable: true } as const satisfies Column;
