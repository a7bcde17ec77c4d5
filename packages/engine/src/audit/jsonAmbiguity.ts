/**
 * A decimal number's exact value as a comparable key (`'-123e-2'` for `-1.230`), so two
 * literals compare equal exactly when they denote the same number. Zero has one key
 * whatever its sign (RFC 8785 writes `-0` as `0`).
 */
const decimalKey = (literal: string): string => {
  const negative = literal.startsWith('-');
  const unsigned = negative ? literal.slice(1) : literal;
  const e = unsigned.search(/[eE]/);
  const mantissa = e === -1 ? unsigned : unsigned.slice(0, e);
  let exponent = e === -1 ? 0 : Number(unsigned.slice(e + 1));
  const point = mantissa.indexOf('.');
  let digits = point === -1 ? mantissa : mantissa.slice(0, point) + mantissa.slice(point + 1);
  if (point !== -1) exponent -= mantissa.length - point - 1;
  digits = digits.replace(/^0+/, '');
  if (digits === '') return '0';
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  return `${negative ? '-' : ''}${digits.slice(0, digits.length - trailing)}e${exponent + trailing}`;
};

/** A JSON number literal that an IEEE-754 double (JSON.parse, and so the hash) cannot hold exactly: readers with more precision read another number. */
const inexactNumber = (literal: string): boolean => decimalKey(literal) !== decimalKey(String(Number(literal)));

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Index of the quote that closes the string opening at `start`. */
const stringEnd = (text: string, start: number): number => {
  let i = start + 1;
  while (i < text.length && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
  return i;
};

const stringValue = (literal: string): string => (literal.includes('\\') ? (JSON.parse(literal) as string) : literal.slice(1, -1));

const isWellFormed = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return false;
    i += 1;
  }
  return true;
};

/**
 * What in a JSON text other readers could read differently from `JSON.parse` (whose
 * reading, canonicalized, an event's hash covers), or `null` when nothing: a key that
 * appears twice in one object (`JSON.parse` and PostgreSQL's `jsonb` keep the last value,
 * SQLite's `json_extract` the first), a number a double cannot hold exactly (readers with
 * more precision see another number), a string with a lone surrogate (escaped as `\ud800`;
 * RFC 8785 refuses it). For text that `JSON.parse` accepts; verification calls it on
 * stored text that is not byte for byte the canonical text written, so the canonical
 * texts this library writes are never scanned.
 *
 * @example
 * jsonAmbiguity('{"amountFen":1,"amountFen":15000000}'); // 'the key "amountFen" appears twice in one object (…)'
 */
export const jsonAmbiguity = (text: string): string | null => {
  /** Per open object the keys seen so far; `null` for an open array. */
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      const value = stringValue(text.slice(i, end + 1));
      if (!isWellFormed(value)) return `a string contains a lone surrogate (${JSON.stringify(value)})`;
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        if (keys.has(value)) return `the key ${JSON.stringify(value)} appears twice in one object (SQLite's json_extract reads the first value, JSON.parse and PostgreSQL's jsonb the last)`;
        keys.add(value);
      }
      expectKey = false;
      i = end + 1;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const literal = NUMBER.exec(text)?.[0] ?? c;
      if (inexactNumber(literal)) return `the number ${literal} cannot be read exactly (a double holds ${String(Number(literal))})`;
      i += literal.length;
      continue;
    }
    if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') open.push(null);
    else if (c === '}' || c === ']') open.pop();
    else if (c === ',') expectKey = open[open.length - 1] instanceof Set;
    else if (c === ':') expectKey = false;
    i += 1;
  }
  return null;
};
