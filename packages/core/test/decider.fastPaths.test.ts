import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  type AnyCaseEvent,
  type CaseEvent,
  type CaseState,
  type Unit,
  type Workflow,
  Id,
  Text,
  caseCommandCodecs,
  caseEventCodecs,
  createDirectory,
  decideInput,
  decodeCaseEvent,
  evolve,
  fold,
  initialState,
  mediationWorkflow,
  checkWorkflow,
} from '@casefold/core';
import { InstantCodec, LocalDateCodec, parseInstant } from '../src/calendar/index.js';
import { fastIs } from '../src/internal/fastIs.js';
import { internedDeadline } from '../src/internal/internedDeadline.js';
import { caseHistoryArbitrary, sampleDirectory } from '@casefold/core/testing';
import { UNITS, context, rejectionOf, run, submit } from './support/fixtures.js';

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

const oddLeaf = fc.oneof(fc.anything(), fc.constantFrom(undefined, null, '', ' x', 'x ', 'x', 0, -1, 1.5, Number.NaN, [], {}, [undefined], new Map(), '2026-02-30T00:00:00.000Z'));

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

  /** io-ts's own `t.union` throws while indexing members tagged by a key such as `constructor` (it reads the tag off a plain object); such a union is left out. */
  const unionOrFirst = (types: [t.Mixed, t.Mixed, ...t.Mixed[]]): t.Mixed => {
    try {
      return t.union(types);
    } catch {
      return types[0];
    }
  };
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
        fc.array(tie('codec'), { minLength: 2, maxLength: 3 }).map((types) => unionOrFirst(types as [t.Mixed, t.Mixed])),
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
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 210 }),
          spaced.map((parts) => parts.join('')),
        ),
        (s) => {
          expect(Id.is(s)).toBe(s.length > 0 && s.length <= 200 && s.trim() === s);
          expect(Text.is(s)).toBe(s.trim().length > 0 && s.length <= 4000);
        },
      ),
      RUNS,
    );
  });

  it('for all strings near an instant, the codec check agrees with parseInstant', () => {
    const chars = fc.constantFrom(...'0123456789-:.TZ x');
    const nearInstant = fc.tuple(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)) }), fc.nat(30), chars, fc.nat(4)).map(([date, at, char, cut]) => {
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
    const result = decideInput(submit('A-1'), initialState, { ...context(now, 'intakeClerk', 'majie'), actor: { id: ' clerk ', role: 'intakeClerk', unit: 'majie' } });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'actor.id' }] });
  });

  it('refuses a workflow whose deadline rule would write an invalid record', () => {
    const workflow: Workflow = { ...mediationWorkflow, deadlines: [{ ...(mediationWorkflow.deadlines[0] as Workflow['deadlines'][number]), id: ' review' }] };
    const result = decideInput(submit('A-2'), initialState, { ...context(now, 'intakeClerk', 'majie'), workflow });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: 'workflow.deadlines.0.rule' }] });
  });

  it('refuses to write an event from a hand-built directory whose unit level is not a level', () => {
    const units = new Map(UNITS.map((unit) => [unit.id, unit.id === 'majie' ? { ...unit, level: 'galaxy' } : unit]));
    const result = decideInput(submit('A-3'), initialState, { ...context(now, 'intakeClerk', 'majie'), directory: { units } });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'InvalidInput', reason: 'event codec' });
    expect(E.isLeft(result) && result.left.message).toContain('receivingLevel');
    expect(E.isRight(createDirectory(UNITS))).toBe(true);
  });

  it('refuses to return a case to a sender its state names with an id the events refuse', () => {
    const accepted = run([
      { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('A-6') as unknown as Record<string, unknown> },
      { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'A-6', decision: { outcome: 'accepted', note: null } } },
      { at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'A-6', to: 'xizhan', reason: null } },
    ]);
    const routing = accepted.state.routing.map((step) => ({ ...step, from: ' majie' }));
    const rejection = rejectionOf(
      { ...accepted.state, routing },
      { at: '2026-06-01T05:00:00.000Z', role: 'leaderInCharge', unit: 'xizhan', command: { type: 'ReturnToSender', caseId: 'A-6', reason: 'Not ours' } },
    );
    expect(rejection).toMatchObject({ code: 'InvalidInput', reason: 'event codec' });
    expect(rejection.message).toContain('data.to');
  });

  it('for all contexts with any actor and workflow id, an accepted command yields events that decode', () => {
    const anyId = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(' x', 'x ', '', 'clerk'));
    fc.assert(
      fc.property(anyId, anyId, anyId, (id, unit, workflowId) => {
        const result = decideInput(submit('A-4', { receivingUnit: 'majie' }), initialState, {
          ...context(now, 'intakeClerk', 'majie'),
          actor: { id, role: 'intakeClerk', unit },
          workflow: { ...mediationWorkflow, id: workflowId },
        });
        if (E.isRight(result)) for (const event of result.right) expect(E.isRight(decodeCaseEvent(JSON.parse(JSON.stringify(event))))).toBe(true);
        else if (result.left.code === 'InvalidContext' && 'errors' in result.left) expect(result.left.errors.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it('for all states, directories and workflows bent out of shape, every event decide returns decodes (each derived field is checked)', () => {
    // Where derived fields come from: the state's units, stage, routing and clocks, and the directory's levels.
    const SOURCES = new Set(['handlingUnit', 'owner', 'from', 'to', 'stage', 'unit', 'level', 'category']);
    // Every command allowed in every stage to every role: handlers meet states the default workflow never lets them see.
    const stages = mediationWorkflow.stages.map((stage) => stage.id);
    const roles = mediationWorkflow.roles.map((role) => role.id);
    const loose: Workflow = {
      ...mediationWorkflow,
      stages: mediationWorkflow.stages.map((stage) => ({ ...stage, terminal: false })),
      transitions: mediationWorkflow.transitions.map((row) => ({ ...row, from: row.command === 'Submit' ? ['new'] : stages, roles })),
    };
    expect(checkWorkflow(loose)).toEqual([]);
    const corruptOne = (value: unknown, pick: number, leaf: unknown): unknown => {
      const all = paths(value);
      const targeted = all.filter((path) => SOURCES.has(path[path.length - 1] ?? ''));
      const from = pick % 4 !== 0 && targeted.length > 0 ? targeted : all;
      return replaced(value, from[Math.floor(pick / 4) % from.length] ?? [], leaf);
    };
    fc.assert(
      fc.property(histories, fc.nat(), fc.nat(), fc.constantFrom('state', 'directory', 'workflow', 'workflow and state'), oddLeaf, ({ steps }, pickStep, pick, mode, leaf) => {
        const step = steps[pickStep % steps.length];
        if (step === undefined) return;
        let state = step.before;
        let units = step.context.directory.units;
        if (mode === 'directory') {
          const entries = [...units];
          const [id, unit] = entries[pick % entries.length]!;
          const broken = corruptOne(unit, Math.floor(pick / entries.length), leaf) as Unit;
          units = new Map(entries.map(([key, value]) => [key, key === id ? broken : value]));
        }
        if (mode === 'state' || mode === 'workflow and state') state = corruptOne(state, pick, leaf) as CaseState;
        const workflow = mode.startsWith('workflow') ? loose : step.context.workflow;
        const result = decideInput(step.command, state, { ...step.context, directory: { units }, workflow });
        if (E.isRight(result)) for (const event of result.right) expect(decodeCaseEvent(JSON.parse(JSON.stringify(event)))).toMatchObject({ _tag: 'Right' });
        else expect(typeof result.left.message).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('for all values as context, a refused context names at least one problem', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.anything(), fc.record({ now: fc.oneof(fc.constant(now), fc.anything()), actor: fc.anything(), directory: fc.constant(directory), workflow: fc.constant(mediationWorkflow) })),
        (value) => {
          const result = decideInput(submit('A-5'), initialState, value);
          if (E.isLeft(result) && result.left.code === 'InvalidContext' && 'errors' in result.left) expect(result.left.errors.length).toBeGreaterThan(0);
        },
      ),
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
        expect(events.reduce<typeof state>((s, e: AnyCaseEvent) => evolve(s, e), initialState)).toEqual(state);
      }),
      RUNS,
    );
  });
});

describe('deadline records are shared between states', () => {
  const record = fc.record({
    rule: fc.constantFrom('review', 'mediation', 'mediation.labour', 'callback'),
    label: fc.constantFrom('Review', '调解期限'),
    basis: fc.constantFrom('人民调解法 Art 26', ''),
    amount: fc.constantFrom(3, 15, 30),
    unit: fc.constantFrom('calendarDays', 'workingDays', 'workingHours'),
    maxExtension: fc.constantFrom(0, 30),
  });

  it('for all records, interning gives an equal record, the same object for equal records, and another for different ones', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        const first = internedDeadline(JSON.parse(JSON.stringify(a)) as typeof a);
        const again = internedDeadline(JSON.parse(JSON.stringify(a)) as typeof a);
        const other = internedDeadline(JSON.parse(JSON.stringify(b)) as typeof b);
        expect(first).toEqual(a);
        expect(again).toBe(first);
        expect(other).toEqual(b);
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(other).not.toBe(first);
      }),
      RUNS,
    );
  });

  it('stays bounded: after a flood of distinct records, each still comes back equal and equal ones are shared again', () => {
    const flood = Array.from({ length: 2_500 }, (_, i) => ({ rule: `rule-${i}`, label: 'L', basis: 'B', amount: i, unit: 'calendarDays' as const, maxExtension: 0 }));
    for (const r of flood) expect(internedDeadline({ ...r })).toEqual(r);
    const late = { rule: 'late', label: 'L', basis: 'B', amount: 1, unit: 'workingDays' as const, maxExtension: 0 };
    expect(internedDeadline({ ...late })).toBe(internedDeadline({ ...late }));
  });

  it('for all histories read back from JSON, folded states share one record per distinct rule and equal the states folded from the original events', () => {
    fc.assert(
      fc.property(histories, histories, (one, two) => {
        const readBack = (events: readonly AnyCaseEvent[]) => JSON.parse(JSON.stringify(events)) as CaseEvent[];
        const a = fold(initialState, readBack(one.events));
        const b = fold(initialState, readBack(two.events));
        expect(a).toEqual(one.state);
        expect(b).toEqual(two.state);
        for (const [rule, clock] of Object.entries(a.clocks)) {
          const mate = b.clocks[rule];
          if (mate !== undefined && JSON.stringify(mate.rule) === JSON.stringify(clock?.rule)) expect(mate.rule).toBe(clock?.rule);
        }
      }),
      RUNS,
    );
  });
});
