/** Texts parsed recently, with what they parsed to: the last {@link KEPT}, oldest first. */
const parsed = new Map<string, unknown>();
/** One per kind of figures in use is enough (a row projection's kinds: a handful). */
const KEPT = 16;

/**
 * The JSON value of `text`, parsed once while it stays among the last texts parsed: a row
 * projection that reads back a row it wrote (the escalation figures: every event of a kind
 * reads the totals its last event wrote) does not parse the same text again. 26,000 board
 * events applied in 3.4–4.7 s where they took 5.2–5.4 s (docs/benchmarks.md). The value is
 * shared: callers must not change it. Module-level state, so it lives in this fenced folder
 * (packages/core/test/purity.test.ts); what it returns depends only on `text`.
 */
export const parsedJsonText = <T>(text: string): T => (parsed.has(text) ? (parsed.get(text) as T) : keepParsedJsonText(text, JSON.parse(text) as T));

/** Keeps `value` as what `text` parses to (a text just written from it, which will be read back), and returns it. */
export const keepParsedJsonText = <T>(text: string, value: T): T => {
  if (parsed.size >= KEPT) parsed.delete(parsed.keys().next().value!);
  parsed.set(text, value);
  return value;
};
