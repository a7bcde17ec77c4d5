/** A character that JSON escapes otherwise than an array literal would: U+0000 to U+001F. */
const CONTROL = /[\u0000-\u001f]/u;

/** One element of an array literal: quoted, with `"` and `\` escaped by a backslash. */
const element = (value: string): string =>
  // For text without control characters (every canonical JSON text; ids nearly always) the
  // JSON string literal IS that quoting, built natively as one flat string.
  CONTROL.test(value) ? `"${value.replace(/["\\]/gu, '\\$&')}"` : JSON.stringify(value);

/**
 * The PostgreSQL array literal (`{"a","b\"c"}`) of `values`, for a `text[]`, `json[]` or
 * `bigint[]` parameter. The driver builds the same literal from a JavaScript array, but
 * escapes each element with two regular-expression replaces whose result, for a long text
 * with many quotes, takes about 80 bytes of heap per quote and half a microsecond each: an
 * append of 200 MiB of event JSON could take gigabytes and crash the process. Built here,
 * every element is one flat string and the literal one `join`: at most twice the characters
 * of the texts (each `"` and `\` doubled), which MAX_APPEND_BYTES keeps below what a
 * JavaScript string holds.
 */
export const arrayLiteral = (values: readonly string[]): string => `{${values.map(element).join(',')}}`;
