/**
 * RFC 8785 (JSON Canonicalization Scheme) serialization, so that any third-party tool can
 * recompute an event's hash. Object keys are sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest form, strings escaped as `JSON.stringify` does.
 * Bigints are written as decimal strings; `undefined` object members are omitted.
 *
 * @throws TypeError on values JSON cannot represent (non-finite numbers, functions, symbols).
 */
export const canonicalJson = (value: unknown): string => {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value.toString()}"`;
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member !== undefined) members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not representable in JSON`);
  }
};
