import type * as t from 'io-ts';

/** What one compilation collects: the generated functions' sources and the values they refer to. */
interface Program {
  /** Function declarations, one per struct and array codec. */
  readonly functions: string[];
  /** Values the code reads as `c[i]`: literal values, keyof records, predicates, opaque codecs. */
  readonly constants: unknown[];
  /** The function generated for each struct or array codec, so a codec used twice is compiled once. */
  readonly names: Map<t.Mixed, string>;
}

const constant = (program: Program, value: unknown): string => {
  program.constants.push(value);
  return `c[${program.constants.length - 1}]`;
};

/** Declares the function `body` checks its parameter `u` with, once per codec. */
const declare = (program: Program, codec: t.Mixed, body: () => string): string => {
  let name = program.names.get(codec);
  if (name === undefined) {
    name = `f${program.names.size}`;
    program.names.set(codec, name);
    program.functions.push(`function ${name}(u) {\n${body()}\n}`);
  }
  return name;
};

/**
 * A JavaScript expression that is true exactly when `codec.is(value)` is, for the value in
 * variable `v`. Struct and array codecs become functions of their own; unions, literals,
 * keyofs, primitives and refinements are inlined; any other codec calls its own `is`.
 */
const check = (program: Program, codec: t.Mixed, v: string): string => {
  const known: unknown = codec;
  switch ((codec as { readonly _tag?: string })._tag) {
    case 'InterfaceType': {
      const props = (known as t.InterfaceType<t.Props>).props;
      const name = declare(program, codec, () => {
        const lines = ['  if (u === null || typeof u !== "object" || Array.isArray(u)) return false;', '  let x;'];
        for (const key of Object.keys(props)) {
          // A JSON string literal is a valid JavaScript string literal (ES2019), whatever the key holds.
          const k = JSON.stringify(key);
          lines.push(`  x = u[${k}];`, `  if ((x === undefined && !hasOwn.call(u, ${k})) || !(${check(program, props[key] as t.Mixed, 'x')})) return false;`);
        }
        return [...lines, '  return true;'].join('\n');
      });
      return `${name}(${v})`;
    }
    case 'PartialType': {
      const props = (known as t.PartialType<t.Props>).props;
      const name = declare(program, codec, () => {
        const lines = ['  if (u === null || typeof u !== "object" || Array.isArray(u)) return false;', '  let x;'];
        for (const key of Object.keys(props)) {
          lines.push(`  x = u[${JSON.stringify(key)}];`, `  if (x !== undefined && !(${check(program, props[key] as t.Mixed, 'x')})) return false;`);
        }
        return [...lines, '  return true;'].join('\n');
      });
      return `${name}(${v})`;
    }
    case 'IntersectionType': {
      const members = (known as t.IntersectionType<t.Mixed[]>).types.map((member) => check(program, member, v));
      return members.length === 0 ? 'true' : `(${members.join(' && ')})`;
    }
    case 'UnionType': {
      const members = (known as t.UnionType<t.Mixed[]>).types.map((member) => check(program, member, v));
      return members.length === 0 ? 'false' : `(${members.join(' || ')})`;
    }
    case 'LiteralType': {
      const value = (known as t.LiteralType<string | number | boolean>).value;
      return `${v} === ${typeof value === 'string' ? JSON.stringify(value) : constant(program, value)}`;
    }
    case 'KeyofType':
      return `(typeof ${v} === "string" && hasOwn.call(${constant(program, (known as t.KeyofType<Record<string, unknown>>).keys)}, ${v}))`;
    case 'StringType':
      return `typeof ${v} === "string"`;
    case 'NumberType':
      return `typeof ${v} === "number"`;
    case 'BooleanType':
      return `typeof ${v} === "boolean"`;
    case 'NullType':
      return `${v} === null`;
    case 'ArrayType':
    case 'ReadonlyArrayType': {
      const item = (known as t.ArrayType<t.Mixed>).type;
      const name = declare(program, codec, () =>
        [
          '  if (!Array.isArray(u)) return false;',
          '  for (let i = 0; i < u.length; i++) {',
          '    const x = u[i];',
          // `Array#every`, which io-ts uses, skips the holes of a sparse array.
          `    if ((x !== undefined || i in u) && !(${check(program, item, 'x')})) return false;`,
          '  }',
          '  return true;',
        ].join('\n'),
      );
      return `${name}(${v})`;
    }
    case 'RefinementType': {
      const refinement = known as t.RefinementType<t.Mixed>;
      return `(${check(program, refinement.type, v)} && ${constant(program, refinement.predicate)}(${v}))`;
    }
    default:
      return `${constant(program, codec)}.is(${v})`;
  }
};

type Is = (u: unknown) => boolean;

/** Compiles `codec`'s `is` into one piece of generated JavaScript (see {@link fastIs}). */
const compile = (codec: t.Mixed): Is => {
  const program: Program = { functions: [], constants: [], names: new Map() };
  const root = check(program, codec, 'u');
  const source = `"use strict";\n${program.functions.join('\n')}\nreturn function is(u) { return ${root}; };`;
  // The source is built only from the codec's structure: keys and string literals enter it
  // as JSON string literals, every other value through the constants array `c`.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('hasOwn', 'c', source)(Object.prototype.hasOwnProperty, program.constants) as Is;
};

const compiled = new WeakMap<t.Mixed, Is>();

/**
 * `codec.is(input)`, answered by a check compiled once per codec from its structure (struct,
 * union, literal, keyof, primitives, arrays, refinements; any other codec's own `is`).
 *
 * io-ts builds one closure per codec from the same few function bodies, so on a real
 * command or event every nested call is megamorphic and costs ~100 ns a field. `fastIs`
 * instead generates JavaScript for the codec's whole structure (a function per struct and
 * array, everything else inlined), which V8 optimizes like hand-written checks; it answers
 * exactly what the codec's own `is` answers.
 */
export const fastIs = <A>(codec: t.Type<A, unknown, unknown>, input: unknown): input is A => {
  let is = compiled.get(codec);
  if (is === undefined) {
    is = compile(codec);
    compiled.set(codec, is);
  }
  return is(input);
};
