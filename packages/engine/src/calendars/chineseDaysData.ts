import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { createRequire } from 'node:module';
import { HolidayDataFormatError } from './holidayDataFormatError.js';

/**
 * The file `chinese-days` ships with its whole schedule, built when the package is
 * published. Read instead of the package's functions because those build their tables at
 * load time in the machine's time zone and shift every date one day early west of UTC
 * (e.g. on a server in America/*, National Day 2026 would come out as 30 Sep – 6 Oct).
 */
const DATA_FILE = 'chinese-days/dist/chinese-days.json';

const ChineseDaysDataCodec = t.type({
  /** Statutory rest days (放假), weekend ones included: date → `English,中文,number`. */
  holidays: t.record(t.string, t.string),
  /** Make-up working days (调休上班): date → `English,中文,number`. */
  workdays: t.record(t.string, t.string),
});

/** The schedule data of the installed `chinese-days` package. */
export type ChineseDaysData = t.TypeOf<typeof ChineseDaysDataCodec>;

/**
 * Checks that `raw`, read from `file`, has the shape of the `chinese-days` schedule data.
 * Throws a `HolidayDataFormatError` naming the first fields that do not.
 */
export const decodeChineseDaysData = (raw: unknown, file: string = DATA_FILE): ChineseDaysData => {
  const decoded = ChineseDaysDataCodec.decode(raw);
  if (E.isRight(decoded)) return decoded.right;
  const fields = decoded.left.map(
    (error) =>
      error.context
        .map((entry) => entry.key)
        .filter(Boolean)
        .join('.') || '(root)',
  );
  throw new HolidayDataFormatError(file, `unexpected shape at ${[...new Set(fields)].slice(0, 5).join(', ')}`);
};

let cached: ChineseDaysData | undefined;

/**
 * Reads (once) and checks the schedule data of the installed `chinese-days` package.
 * Throws a `HolidayDataFormatError` if the file is missing or not in the expected shape.
 */
export const chineseDaysData = (): ChineseDaysData => {
  if (cached !== undefined) return cached;
  let raw: unknown;
  try {
    raw = createRequire(import.meta.url)(DATA_FILE);
  } catch (e) {
    throw new HolidayDataFormatError(DATA_FILE, `it could not be loaded (${e instanceof Error ? e.message : String(e)})`);
  }
  cached = decodeChineseDaysData(raw);
  return cached;
};
