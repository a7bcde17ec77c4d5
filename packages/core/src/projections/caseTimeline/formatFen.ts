/** An integer amount of fen as yuan with two decimals and thousands separators, e.g. `¥150,000.00`; integer arithmetic only. */
export const formatFen = (fen: number): string => {
  const digits = String(Math.abs(Math.trunc(fen))).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${yuan}.${digits.slice(-2)}`;
};
