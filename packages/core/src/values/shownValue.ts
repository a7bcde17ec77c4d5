/** A value as a refusal shows it: its JSON form, or its type where JSON hides it (`"5"`, `5`, `3n (a bigint)`, `undefined`, `NaN`), cut at 60 characters. */
export const shownValue = (value: unknown): string => {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n (a bigint)`;
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};
