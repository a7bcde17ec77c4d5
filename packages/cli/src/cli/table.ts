/** A column of a text table. */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/** A text table: a title, columns and rows of cells. */
export interface Table {
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly string[])[];
}

/** Terminal width of a string: East Asian wide characters (Chinese) take two columns. */
export const displayWidth = (text: string): number => {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width +=
      (code >= 0x1100 && code <= 0x115f) ||
      (code >= 0x2e80 && code <= 0xa4cf) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe30 && code <= 0xfe4f) ||
      (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6)
        ? 2
        : 1;
  }
  return width;
};

const pad = (text: string, width: number, align: 'left' | 'right'): string => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
};

/** Renders a table as lines of text: a title, a header, a rule, the rows. */
export const renderTable = (table: Table): string[] => {
  const widths = table.columns.map((column, i) => Math.max(displayWidth(column.header), ...table.rows.map((row) => displayWidth(row[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    table.columns
      .map((column, i) => pad(cells[i] ?? '', widths[i]!, column.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [table.title, line(table.columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  '), ...table.rows.map(line)];
};

/** A whole number with thousands separators, e.g. `12,345`. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** A share as a percentage with one decimal, or `–` when there is none. */
export const formatShare = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);
