import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  type CaseEvent,
  type Workflow,
  Id,
  Text,
  caseCommandCodecs,
  caseEventCodecs,
  createDirectory,
  decide,
  decodeCaseEvent,
  evolve,
  fastIs,
  fold,
  initialState,
  mediationWorkflow,
} from '@casefold/core';
import { InstantCodec, LocalDateCodec, parseInstant } from '../src/calendar/index.js';
import { caseHistoryArbitrary, sampleDirectory } from '@casefold/testing/arbitraries';
import { UNITS, context, submit } from './support/fixtures.js';

const RUNS = { numRuns: 1000 };
const directory = sampleDirectory();
const histories = caseHistoryArbitrary({ directory, maxLength: 30 });

/** Every codec whose `is` the decider answers with `fastIs`. */
const CODECS: readonly t.Mixed[] = [...Object.values(caseEventCodecs), ...Object.values(caseCommandCodecs), InstantCodec, LocalDateCodec];

/** A value like `value` with one leaf (reached by `path`) replaced. */
const replaced = (value: unknown, path: readonly string[], leaf: unknown): unknown => {
  if (path.length === 0) return leaf;
  if (typeof value !== 'object' || value === null) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<string, unknown>) : { ...value };
  copy[head] = replaced((value as Record<string, unknown>)[head], rest, leaf);
  return copy;
};

/** Every path to a leaf or a nested value of `value`. */
const paths = (value: unknown, prefix: readonly string[] = []): string[][] =>
  typeof value !== 'object' || value === null ? [[...prefix]] : [[...prefix], ...Object.keys(value).flatMap((key) => paths((value as Record<string, unknown>)[key], [...prefix, key]))];

const oddLeaf = fc.oneof(
  fc.anything(),
  fc.constantFrom(undefined, null, '', ' x', 'x ', 'x', 0, -1, 1.5, Number.NaN, [], {}, [undefined], new Map(), '2026-02-30T00:00:00.000Z'),
);

describe('fastIs answers exactly what the codec’s own is answers', () => {
  it('for all decided events and commands with one field replaced by any value', () => {
    fc.assert(
      fc.property(histories, fc.nat(), oddLeaf, ({ steps }, pick, leaf) => {
        const values = steps.flatMap((step) => [step.command, ...(E.isRight(step.result) ? step.result.right : [])]);
        for (const value of values) {
          const all = paths(value);
          const mutated = replaced(value, all[pick % all.length] ?? [], leaf);
          for (const codec of CODECS) expect(fastIs(codec, mutated)).toBe(codec.is(mutated));
        }
      }),
      RUNS,
    );
  });

  it('for all values whatsoever', () => {
    fc.assert(
      fc.property(fc.anything({ withSparseArray: true, withNullPrototype: true, withMap: true, withDate: true }), (value) => {
        for (const codec of CODECS) expect(fastIs(codec, value)).toBe(codec.is(value));
      }),
      RUNS,
    );
  });

  it('for all codecs built from any keys and literals (quotes, backslashes, line separators, __proto__) and all values', () => {
    const key = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', '"', '\\', '\u2028', '`${x}`', '*/'));
    const literal = fc.oneof(key, fc.integer(), fc.double(), fc.boolean());
    const { codec } = fc.letrec<{ codec: t.Mixed }>((tie) => ({
      codec: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom<t.Mixed>(t.string, t.number, t.boolean, t.null, Id, t.exact(t.type({ a: t.string }))),
        literal.map((value) => t.literal(value)),
        fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => t.keyof(Object.fromEntries(keys.map((k) => [k, null])))),
        fc.dictionary(key, tie('codec'), { maxKeys: 4 }).map((props) => t.type(props)),
        fc.array(tie('codec'), { minLength: 2, maxLength: 3 }).map((types) => t.union(types as [t.Mixed, t.Mixed])),
        tie('codec').map((item) => t.readonlyArray(item)),
        tie('codec').map((base) => t.refinement(base, (value) => JSON.stringify(value ?? null).length % 2 === 0)),
      ),
    }));
    const value = fc.oneof(fc.anything({ withSparseArray: true, withNullPrototype: true, withMap: true }), fc.dictionary(key, fc.oneof(literal, fc.constant(null), fc.array(literal))));
    fc.assert(
      fc.property(codec, fc.array(value, { maxLength: 5 }), (c, values) => {
        for (const v of values) expect(fastIs(c, v)).toBe(c.is(v));
      }),
      RUNS,
    );
  });

  it('treats sparse arrays as io-ts does (holes are skipped) and keeps other codecs’ own is', () => {
    const list = t.readonlyArray(t.string);
    // eslint-disable-next-line no-sparse-arrays
    const sparse = ['a', , 'b'];
    expect(fastIs(list, sparse)).toBe(list.is(sparse));
    expect(fastIs(list, ['a', undefined])).toBe(false);
    const exact = t.exact(t.type({ a: t.string }));
    expect(fastIs(exact, { a: 'x' })).toBe(true);
    expect(fastIs(exact, { a: 1 })).toBe(false);
  });
});

describe('the allocation-free checks agree with the definitions they replace', () => {
  it('for all strings: Id is non-empty, at most 200 long, trimmed; Text is not blank and at most 4000 long', () => {
    const spaced = fc.tuple(fc.constantFrom('', ' ', '\u00a0', '\u3000', '\ufeff', '\n', '\u2028'), fc.string({ unit: 'binary', maxLength: 210 }), fc.constantFrom('', ' ', '\t', '\u205f'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 210 }), spaced.map((parts) => parts.join(''))), (s) => {
        expect(Id.is(s)).toBe(s.length > 0 && s.length <= 200 && s.trim() === s);
        expect(Text.is(s)).toBe(s.trim().length > 0 && s.length <= 4000);
      }),
      RUNS,
    );
  });

  it('for all strings near an instant, the codec check agrees with parseInstant', () => {
    const chars = fc.constantFrom(...'0123456789-:.TZ x');
    const nearInstant = fc
      .tuple(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)) }), fc.nat(30), chars, fc.nat(4))
      .map(([date, at, char, cut]) => {
        const iso = date.toISOString();
        const edited = `${iso.slice(0, at)}${char}${iso.slice(at + 1)}`;
        return cut === 0 ? edited : edited.replace(/\.\d+Z$/, cut === 4 ? 'Z' : `.${'123'.slice(0, cut)}Z`);
      });
    fc.assert(
      fc.property(fc.oneof(nearInstant, fc.string()), (s) => {
        expect(InstantCodec.is(s)).toBe(E.isRight(parseInstant(s)));
      }),
      RUNS,
    );
  });
});

describe('decided events satisfy their codecs even when the context or the state does not', () => {
  const now = '2026-06-01T02:00:00.000Z';

  it('refuses an actor id or unit with surrounding spaces (it would go into the event’s metadata)', () => {
    const result = decide(submit('A-1'), initialState, { ...context(now, 'intakeClerk', 'majie'), actor: { id: ' clerk ', role: 'intakeClerk', unit: 'majie' } });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'actor.id' }] });
  });

  it('refuses a workflow whose deadline rule would write an invalid record', () => {
    const workflow: Workflow = { ...mediationWorkflow, deadlines: [{ ...(mediationWorkflow.deadlines[0] as Workflow['deadlines'][number]), id: ' review' }] };
    const result = decide(submit('A-2'), initialState, { ...context(now, 'intakeClerk', 'majie'), workflow });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'workflow.deadlines.0.rule' }] });
  });

  it('refuses to write an event from a hand-built directory whose unit level is not a level', () => {
    const units = new Map(UNITS.map((unit) => [unit.id, unit.id === 'majie' ? { ...unit, level: 'galaxy' } : unit]));
    const result = decide(submit('A-3'), initialState, { ...context(now, 'intakeClerk', 'majie'), directory: { units } });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidInput', reason: 'event codec' });
    expect(E.isLeft(result) && result.left.message).toContain('receivingLevel');
    expect(E.isRight(createDirectory(UNITS))).toBe(true);
  });

  it('for all contexts with any actor and workflow id, an accepted command yields events that decode', () => {
    const anyId = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(' x', 'x ', '', 'clerk'));
    fc.assert(
      fc.property(anyId, anyId, anyId, (id, unit, workflowId) => {
        const result = decide(submit('A-4', { receivingUnit: 'majie' }), initialState, { ...context(now, 'intakeClerk', 'majie'), actor: { id, role: 'intakeClerk', unit }, workflow: { ...mediationWorkflow, id: workflowId } });
        if (E.isRight(result)) for (const event of result.right) expect(E.isRight(decodeCaseEvent(JSON.parse(JSON.stringify(event))))).toBe(true);
        else if (result.left.code === 'InvalidContext') expect(result.left.errors.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('for all values as context, a refused context names at least one problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ now: fc.oneof(fc.constant(now), fc.anything()), actor: fc.anything(), directory: fc.constant(directory), workflow: fc.constant(mediationWorkflow) })), (value) => {
        const result = decide(submit('A-5'), initialState, value);
        if (E.isLeft(result) && result.left.code === 'InvalidContext') expect(result.left.errors.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});

describe('fold changes only its own copies', () => {
  it('for all histories split anywhere, folding the rest leaves the middle state as it was and equals evolving event by event', () => {
    fc.assert(
      fc.property(histories, fc.nat(), ({ events, state }, cut) => {
        const at = events.length === 0 ? 0 : cut % (events.length + 1);
        const middle = fold(initialState, events.slice(0, at));
        const before = structuredClone(middle);
        const end = fold(middle, events.slice(at));
        const again = fold(middle, events.slice(at));
        expect(middle).toEqual(before);
        expect(end).toEqual(state);
        expect(again).toEqual(state);
        expect(events.reduce<typeof state>((s, e: CaseEvent) => evolve(s, e), initialState)).toEqual(state);
      }),
      RUNS,
    );
  });
});
