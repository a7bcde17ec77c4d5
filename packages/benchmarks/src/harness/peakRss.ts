import { readFileSync } from 'node:fs';

/**
 * The peak resident set of this process in MB: Linux's `VmHWM`, which counts this program
 * only. Not `process.resourceUsage().maxRSS`: a child started by a Node parent inherits the
 * parent's peak through fork and exec, so a small child reports the parent's size.
 * Elsewhere (no /proc), `maxRSS` is the best there is.
 */
export const peakRssMb = (): number => {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) / 1024;
  } catch {
    // no /proc: below
  }
  return process.resourceUsage().maxRSS / 1024;
};

/** A module (a `data:` URL for `node --import`) that writes `{"peakRssMb":…}` ({@link peakRssMb}) to stderr as the process exits: a program measured as it ships. */
export const PEAK_RSS_ON_EXIT = `data:text/javascript,${encodeURIComponent(
  `import { readFileSync } from 'node:fs';
const peakRssMb = ${peakRssMb.toString()};
process.on('exit', () => process.stderr.write(JSON.stringify({ peakRssMb: peakRssMb() })));`,
)}`;
