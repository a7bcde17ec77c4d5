import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { Id, Text, WellFormedString, caseCommandCodecs, decideInput, initialState, mediationWorkflow } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';

const RUNS = { numRuns: 1000 };
const context = { now: '2026-06-01T08:00:00.000Z', actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' }, directory: sampleDirectory(), workflow: mediationWorkflow };

/** The codecs of text a person or a system writes: each must refuse a lone surrogate. */
const TEXT_CODECS: readonly t.Mixed[] = [Text, Id, WellFormedString];

type Path = readonly string[];
/** A valid value of a codec, and the paths in it that hold text (a {@link TEXT_CODECS} value). */
interface Sample {
  readonly value: unknown;
  readonly texts: readonly Path[];
}

/** Values of refined codecs that are not text: instants, dates, amounts. */
const REFINED_CANDIDATES: readonly unknown[] = ['2026-06-01T08:00:00.000Z', '2026-06-01', '09:00', 1, '13900000000', '530102199001011231'];

const under = (key: string, samples: readonly Sample[]): Sample[] => samples.map((s) => ({ value: s.value, texts: s.texts.map((p) => [key, ...p]) }));

/** Objects of `props`: the first sample of every prop, then each further sample of one prop in turn. */
const objects = (props: t.Props): Sample[] => {
  const perKey = Object.entries(props).map(([key, codec]) => [key, under(key, samplesOf(codec as t.Mixed))] as const);
  const build = (pick: (key: string, samples: readonly Sample[]) => Sample): Sample => {
    const chosen = perKey.map(([key, samples]) => [key, pick(key, samples)] as const);
    return { value: Object.fromEntries(chosen.map(([key, s]) => [key, s.value])), texts: chosen.flatMap(([, s]) => s.texts) };
  };
  return [build((_, samples) => samples[0]!), ...perKey.flatMap(([key, samples]) => samples.slice(1).map((variant) => build((k, s) => (k === key ? variant : s[0]!))))];
};

/**
 * Valid values of `codec` that together reach every member of every union (so every text
 * field of every shape of a command appears in some sample), read off the codec's structure.
 */
const samplesOf = (codec: t.Mixed): Sample[] => {
  if (TEXT_CODECS.includes(codec)) return [{ value: 'text', texts: [[]] }];
  const known = codec as unknown as { _tag: string; props: t.Props; types: t.Mixed[]; type: t.Mixed; value: unknown; keys: object };
  switch (known._tag) {
    case 'InterfaceType':
    case 'PartialType':
      return objects(known.props);
    case 'IntersectionType': {
      const parts = known.types.map(samplesOf);
      const merge = (picked: readonly Sample[]): Sample => ({ value: Object.assign({}, ...picked.map((s) => s.value)), texts: picked.flatMap((s) => s.texts) });
      return [merge(parts.map((p) => p[0]!)), ...parts.flatMap((p, i) => p.slice(1).map((variant) => merge(parts.map((q, j) => (i === j ? variant : q[0]!)))))];
    }
    case 'UnionType':
      return known.types.flatMap(samplesOf);
    case 'ExactType':
    case 'ReadonlyType':
      return samplesOf(known.type);
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return under('0', samplesOf(known.type)).map((s) => ({ value: [s.value], texts: s.texts }));
    case 'LiteralType':
      return [{ value: known.value, texts: [] }];
    case 'KeyofType':
      return [{ value: Object.keys(known.keys)[0], texts: [] }];
    case 'StringType':
      return [{ value: 'text', texts: [] }];
    case 'NumberType':
      return [{ value: 1, texts: [] }];
    case 'BooleanType':
      return [{ value: true, texts: [] }];
    case 'NullType':
      return [{ value: null, texts: [] }];
    case 'RefinementType': {
      const value = REFINED_CANDIDATES.find((candidate) => codec.is(candidate));
      if (value === undefined) throw new Error(`no sample for the refined codec ${codec.name}: add one to REFINED_CANDIDATES`);
      return [{ value, texts: [] }];
    }
    default:
      throw new Error(`no sampler for io-ts ${known._tag} (${codec.name}): extend samplesOf`);
  }
};

const setAt = (value: unknown, path: Path, leaf: string): unknown => {
  if (path.length === 0) return leaf;
  const [key, ...rest] = path as [string, ...string[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[key] = setAt(copy[key], rest, leaf);
  return copy;
};

/** Every text field of every command, each in a command that is otherwise valid. */
const textFields = Object.values(caseCommandCodecs).flatMap((codec) =>
  samplesOf(codec as t.Mixed).flatMap((sample) => {
    expect(codec.is(sample.value), `sample of ${codec.name}`).toBe(true);
    return sample.texts.map((path) => ({ codec: codec as t.Mixed, command: sample.value, path }));
  }),
);

/** Well-formed text: any code points (astral ones as surrogate pairs). */
const wellFormed = (maxLength: number) => fc.string({ unit: 'binary', maxLength });
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

describe('text codecs: lone surrogates', () => {
  it('reaches the text fields of every command type, in every branch of their unions', () => {
    expect(new Set(textFields.map((f) => f.codec.name))).toEqual(new Set(Object.keys(caseCommandCodecs)));
    const paths = textFields.map((f) => `${f.codec.name}.${f.path.join('.')}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'Submit.summary',
        'Submit.parties.0.subjectId',
        'Review.decision.note',
        'Close.note',
        'RecordCallback.note',
        'Notarize.certificateNo',
        // plain strings too: codes, free references and personal data
        'Submit.channel',
        'Submit.category',
        'Submit.parties.0.pii.name',
        'Close.referredTo',
        'PauseClock.reason',
        'StartMediation.track',
      ]),
    );
  });

  it('for all text fields of all commands and a lone surrogate at any position, decide rejects MalformedCommand naming the field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...textFields), wellFormed(20), loneSurrogate, wellFormed(20), ({ codec, command, path }, before, lone, after) => {
        const text = before + lone + after;
        // The lone surrogate is the only defect: the same text with a letter in its place is valid.
        fc.pre(codec.is(setAt(command, path, `${before}x${after}`)));
        expect((text as string & { isWellFormed(): boolean }).isWellFormed()).toBe(false);
        const decided = decideInput(setAt(command, path, text), initialState, context);
        if (E.isRight(decided)) throw new Error(`accepted ${JSON.stringify(text)} at ${path.join('.')}`);
        expect(decided.left.code).toBe('MalformedCommand');
        expect('errors' in decided.left ? decided.left.errors.map((e) => e.path) : []).toContain(path.join('.'));
      }),
      RUNS,
    );
  });

  it('for all well-formed strings, Text and Id give the verdict they gave before', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed(30), fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(' ', '\u3000', '\ufeff', 'x'.repeat(200), 'x'.repeat(201))), (s) => {
        expect(Text.is(s)).toBe(s.length <= 4000 && s.trim() !== '');
        expect(Id.is(s)).toBe(s.length > 0 && s.length <= 200 && s.trim() === s);
        expect(WellFormedString.is(s)).toBe(true);
      }),
      RUNS,
    );
  });

  it('refuses a lone surrogate in every text codec, by is and by decode, with the codec named', () => {
    for (const codec of TEXT_CODECS) {
      for (const text of ['\ud800', 'a\udfff', '\udc00\ud800', 'ok \ud83d']) {
        expect(codec.is(text)).toBe(false);
        expect(E.isLeft(codec.decode(text))).toBe(true);
      }
      // A surrogate pair (an astral character such as 𠀀 or an emoji) is well-formed.
      expect(codec.is('\ud840\udc00')).toBe(true);
    }
    expect(Text.name).toMatch(/no lone surrogate/);
  });
});
