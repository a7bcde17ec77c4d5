import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import {
  CalendarCodec,
  ClockTimeCodec,
  DurationCodec,
  InstantCodec,
  IntervalCodec,
  LocalDateCodec,
  MAX_DURATION_AMOUNT,
  formatInstant,
  formatLocalDate,
  parseInstant,
  parseLocalDate,
} from '../../src/calendar/index.js';
import { calendarArb, china2026, dueAtRight } from './support/calendars.js';

const RUNS = { numRuns: 1000 };

/** Days in a month, computed independently of the code under test (years ≥ 100). */
const realDaysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const messages = (result: E.Either<readonly { message?: string | undefined }[], unknown>): string[] => (E.isLeft(result) ? result.left.map((e) => e.message ?? '') : []);

describe('parseInstant / InstantCodec', () => {
  it('given a well-formed UTC instant, when parsed, then it yields its epoch milliseconds', () => {
    expect(parseInstant('2026-10-01T08:30:00.000Z')).toEqual(E.right(Date.UTC(2026, 9, 1, 8, 30)));
    expect(parseInstant('2026-10-01T08:30:00Z')).toEqual(E.right(Date.UTC(2026, 9, 1, 8, 30)));
    expect(parseInstant('2026-10-01T08:30:00.5Z')).toEqual(E.right(Date.UTC(2026, 9, 1, 8, 30, 0, 500)));
    expect(parseInstant('2024-02-29T23:59:59.999Z')).toEqual(E.right(Date.UTC(2024, 1, 29, 23, 59, 59, 999)));
    expect(parseInstant('0050-01-01T00:00:00.000Z')).toEqual(E.right(Date.parse('0050-01-01T00:00:00.000Z')));
  });

  it('given malformed or impossible instants, when parsed, then each is refused with a reason', () => {
    for (const bad of [
      '',
      '2026-10-01',
      '2026-10-01T08:30Z',
      '2026-10-01T08:30:00.000+08:00',
      '2026-10-01 08:30:00Z',
      '2026-10-01T08:30:00.0000Z',
      '2026-10-01T08:30:00.Z',
      '２026-10-01T08:30:00Z',
      '2026-02-30T00:00:00Z',
      '2025-02-29T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-10T00:00:00Z',
      '2026-10-00T00:00:00Z',
      '2026-10-01T24:00:00Z',
      '2026-10-01T23:60:00Z',
      '2026-10-01T23:59:60Z',
    ]) {
      const parsed = parseInstant(bad);
      expect(E.isLeft(parsed), bad).toBe(true);
      expect(E.isLeft(InstantCodec.decode(bad))).toBe(true);
    }
    expect(messages(InstantCodec.decode('2026-02-30T00:00:00Z'))).toEqual(['"2026-02-30T00:00:00Z" is not a real date and time']);
    expect(messages(InstantCodec.decode(42))).toEqual(['expected an ISO-8601 UTC instant string, got number']);
  });

  it('for all instants from year 0 to 9999, format then parse gives the same milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(0, 0, 1) - 1900 * 365.2425 * 86_400_000, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        const text = formatInstant(ms);
        expect(parseInstant(text)).toEqual(E.right(ms));
        expect(InstantCodec.decode(text)).toEqual(E.right(text));
      }),
      RUNS,
    );
  });

  it('for all strings, parsing agrees with Date.parse on the strings it accepts and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('.000', '')),
        ),
        (s) => {
          const parsed = parseInstant(s);
          if (E.isRight(parsed)) expect(parsed.right).toBe(Date.parse(s));
        },
      ),
      RUNS,
    );
  });

  it('for all near-instants (one character replaced, fraction cut to 0–3 digits), it accepts exactly the real ones, as Date.parse does, with the same reason kinds', () => {
    const years = fc.date({ noInvalidDate: true, min: new Date(Date.UTC(0, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)) });
    const near = fc.tuple(years, fc.integer({ min: 0, max: 3 }), fc.nat(), fc.constantFrom('0', '9', '3', '/', ':', '-', '.', 'T', 'Z', 'a', ' ', '\u0660')).map(([d, fraction, at, c]) => {
      const iso = d.toISOString();
      const cut = `${iso.slice(0, fraction === 0 ? 19 : 20 + fraction)}Z`;
      const i = at % cut.length;
      return at % 3 === 0 ? cut : cut.slice(0, i) + c + cut.slice(i + 1);
    });
    fc.assert(
      fc.property(near, (s) => {
        const parsed = parseInstant(s);
        const shaped = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(s);
        // Date.parse also accepts 24:00:00 and rolls invalid-but-shaped days over in some engines; compare on round-trips only.
        const ms = Date.parse(s);
        const real = shaped && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === s.slice(0, 19);
        expect(E.isRight(parsed)).toBe(real);
        if (E.isRight(parsed)) expect(parsed.right).toBe(Date.parse(s));
        else expect(parsed.left).toContain(shaped ? 'not a real date and time' : 'expected an ISO-8601 UTC instant');
      }),
      { numRuns: 5000 },
    );
  });
});

describe('LocalDateCodec', () => {
  it('for all day numbers, format then parse gives the same day', () => {
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (day) => {
        expect(parseLocalDate(formatLocalDate(day))).toEqual(E.right(day));
      }),
      RUNS,
    );
  });

  it('for all impossible dates (a day past the end of its month), every codec refuses them without throwing', () => {
    const impossible = fc
      .record({ year: fc.integer({ min: 100, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
      .chain(({ year, month }) => fc.integer({ min: realDaysInMonth(year, month) + 1, max: 31 + 68 }).map((day) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`))
      .filter((date) => date.length === 10);
    fc.assert(
      fc.property(impossible, (date) => {
        expect(E.isLeft(LocalDateCodec.decode(date))).toBe(true);
        expect(E.isLeft(InstantCodec.decode(`${date}T00:00:00.000Z`))).toBe(true);
        expect(E.isLeft(CalendarCodec.decode({ ...china2026, holidays: [date] }))).toBe(true);
        expect(E.isLeft(CalendarCodec.decode({ ...china2026, workdays: [date] }))).toBe(true);
      }),
      RUNS,
    );
  });

  it('for all real dates, the codec accepts them', () => {
    const real = fc
      .record({ year: fc.integer({ min: 100, max: 9999 }), month: fc.integer({ min: 1, max: 12 }) })
      .chain(({ year, month }) => fc.integer({ min: 1, max: realDaysInMonth(year, month) }).map((day) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`));
    fc.assert(
      fc.property(real, (date) => {
        expect(LocalDateCodec.decode(date)).toEqual(E.right(date));
      }),
      RUNS,
    );
  });

  it('given 2026-02-30 and 2024-02-29, then the first is refused and the leap day accepted', () => {
    expect(messages(LocalDateCodec.decode('2026-02-30'))).toEqual(['"2026-02-30" is not a real calendar date']);
    expect(LocalDateCodec.decode('2024-02-29')).toEqual(E.right('2024-02-29'));
    expect(E.isLeft(LocalDateCodec.decode('1900-02-29'))).toBe(true);
    expect(LocalDateCodec.decode('2000-02-29')).toEqual(E.right('2000-02-29'));
    expect(E.isLeft(LocalDateCodec.decode('2026-1-5'))).toBe(true);
  });
});

describe('ClockTimeCodec', () => {
  it('accepts 00:00 to 24:00 and refuses anything else', () => {
    for (const ok of ['00:00', '09:00', '12:30', '23:59', '24:00']) expect(ClockTimeCodec.decode(ok)).toEqual(E.right(ok));
    for (const bad of ['24:01', '25:00', '9:00', '09:60', '0900', '09:00:00', '']) expect(E.isLeft(ClockTimeCodec.decode(bad)), bad).toBe(true);
  });
});

describe('DurationCodec', () => {
  it('for all whole amounts from 0 to the maximum and all units, it decodes; negative, fractional or larger amounts are refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_DURATION_AMOUNT }), fc.integer({ min: 1, max: 99 }), fc.constantFrom('calendarDays', 'workingDays', 'workingHours'), (amount, hundredths, unit) => {
        expect(DurationCodec.decode({ amount, unit })).toEqual(E.right({ amount, unit }));
        expect(E.isLeft(DurationCodec.decode({ amount: -amount - 1, unit }))).toBe(true);
        expect(E.isLeft(DurationCodec.decode({ amount: MAX_DURATION_AMOUNT + amount + 1, unit }))).toBe(true);
        expect(E.isLeft(DurationCodec.decode({ amount: (amount % 1000) + hundredths / 100, unit }))).toBe(true);
      }),
      RUNS,
    );
    expect(E.isLeft(DurationCodec.decode({ amount: 3, unit: 'weeks' }))).toBe(true);
    expect(E.isLeft(DurationCodec.decode({ amount: Number.NaN, unit: 'calendarDays' }))).toBe(true);
  });

  it('given the largest amount of any unit, then the deadline is an instant, or a CalendarInputError past year 9999', () => {
    for (const unit of ['calendarDays', 'workingDays', 'workingHours'] as const) {
      const due = dueAtRight(china2026, '2026-10-01T00:00:00.000Z', { amount: MAX_DURATION_AMOUNT, unit });
      expect(E.isRight(InstantCodec.decode(due)), `${unit}: ${due}`).toBe(true);
    }
    expect(() => dueAtRight(china2026, '9900-01-01T00:00:00.000Z', { amount: MAX_DURATION_AMOUNT, unit: 'workingDays' })).toThrow(
      'duration: the deadline would fall after 9999-12-31T23:59:59.999Z, the last instant written here',
    );
  });
});

describe('IntervalCodec', () => {
  it('accepts from <= to and refuses an interval that ends before it starts', () => {
    expect(E.isRight(IntervalCodec.decode({ from: '2026-10-01T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' }))).toBe(true);
    expect(messages(IntervalCodec.decode({ from: '2026-10-02T00:00:00.000Z', to: '2026-10-01T00:00:00.000Z' }))).toEqual([
      'interval ends (2026-10-01T00:00:00.000Z) before it starts (2026-10-02T00:00:00.000Z)',
    ]);
    expect(E.isLeft(IntervalCodec.decode({ from: '2026-10-01', to: '2026-10-02' }))).toBe(true);
  });
});

describe('CalendarCodec', () => {
  it('for all valid calendars, encode then decode gives the same calendar', () => {
    fc.assert(
      fc.property(calendarArb, (calendar) => {
        expect(CalendarCodec.decode(CalendarCodec.encode(calendar))).toEqual(E.right(calendar));
        expect(CalendarCodec.is(calendar)).toBe(true);
      }),
      RUNS,
    );
  });

  it('for all values whatsoever, decoding any calendar codec never throws', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const codecs: readonly t.Mixed[] = [CalendarCodec, DurationCodec, IntervalCodec, InstantCodec, LocalDateCodec, ClockTimeCodec];
        for (const codec of codecs) expect(E.isRight(codec.decode(value))).toBe(codec.is(value));
      }),
      RUNS,
    );
  });

  it('for all pairs of overlapping or misordered working periods, the calendar is refused', () => {
    const minutes = fc.integer({ min: 0, max: 1440 });
    const clock = (m: number): string => `${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`;
    fc.assert(
      fc.property(minutes, minutes, minutes, minutes, (a, b, c, d) => {
        const first = { start: clock(a), end: clock(b) };
        const second = { start: clock(c), end: clock(d) };
        const valid = a < b && c < d && c >= b;
        expect(E.isRight(CalendarCodec.decode({ ...china2026, workingHours: [first, second] }))).toBe(valid);
      }),
      RUNS,
    );
  });

  it('given a calendar with several mistakes, then each is reported with its field path and a reason', () => {
    const decoded = CalendarCodec.decode({
      id: ' ',
      utcOffsetMinutes: 480.5,
      holidays: ['2026-10-01', '2026-10-01'],
      workdays: ['2026-10-01'],
      workingHours: [
        { start: '13:00', end: '17:00' },
        { start: '09:00', end: '12:00' },
      ],
      extra: 'dropped',
    });
    expect(E.isLeft(decoded)).toBe(true);
    const found = E.isLeft(decoded)
      ? decoded.left.map(
          (e) =>
            `${e.context
              .map((c) => c.key)
              .filter(Boolean)
              .join('.')}: ${e.message ?? ''}`,
        )
      : [];
    expect(found).toEqual([
      'id: the calendar id must be non-empty, without surrounding spaces',
      'utcOffsetMinutes: expected whole minutes between -720 and 840 (480 for Asia/Shanghai), got 480.5',
      'holidays.1: 2026-10-01 is listed twice in holidays; list each date once',
      'workdays.0: 2026-10-01 is both a holiday and a make-up working day; keep it in one list',
      'workingHours.1: period 09:00-12:00 overlaps or comes before 13:00-17:00; list periods in order without overlap',
    ]);
    expect(messages(CalendarCodec.decode({ ...china2026, workingHours: [] }))).toEqual(['at least one working period is needed, e.g. 09:00-17:00']);
    expect(messages(CalendarCodec.decode({ ...china2026, workingHours: [{ start: '12:00', end: '09:00' }] }))).toEqual(['period 12:00-09:00 must start before it ends']);
  });

  it('given extra keys, when encoded, then they are dropped', () => {
    const decoded = CalendarCodec.decode({ ...china2026, note: 'x' });
    expect(E.isRight(decoded) && Object.keys(CalendarCodec.encode(decoded.right))).toEqual(['id', 'utcOffsetMinutes', 'holidays', 'workdays', 'workingHours']);
  });
});

describe('formatInstant and formatLocalDate', () => {
  it('for all instants (years −9999 to 99999), they write exactly what Date#toISOString writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -377_705_116_800_000, max: 3_093_527_980_799_999 }), (ms) => {
        expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
        expect(formatLocalDate(Math.floor(ms / 86_400_000))).toBe(new Date(ms).toISOString().slice(0, -14));
      }),
      RUNS,
    );
  });
});
