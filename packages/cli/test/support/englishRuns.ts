/**
 * The runs of three or more English words left in a text once what may stay as it is was
 * taken out: `kept` (ids, a parser's own words), backticked commands, quoted strings, and
 * ASCII tokens with a path's, an option's or an id's punctuation or digits. A Chinese run of
 * the CLI must leave none.
 */
export const englishRuns = (text: string, kept: readonly string[] = []): string[] =>
  kept
    .reduce((rest, id) => rest.split(id).join(' '), text)
    .replace(/`[^`]*`/g, ' ')
    .replace(/"[^"]*"/g, ' ')
    .replace(/[\x21-\x7e]*[-./_@:\d][\x21-\x7e]*/g, ' ')
    .match(/[A-Za-z]+(?:[\s,;()]+[A-Za-z]+){2,}/g) ?? [];
