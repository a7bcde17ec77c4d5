import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JurisdictionDirectory } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { openStore, parseStoreLocation } from '../../src/index.js';
import { readDirectory } from '../../src/session/readDirectory.js';

/**
 * The arguments of an export with personal data in clear for a store's operator:
 * `--with-personal-data --principal FILE`, FILE (written into `dir`) holding a principal whom the
 * shipped policies grant the personal data of every case received by one of `units` — an intake
 * clerk and a petition officer (accusation material) at each, the cases' owners (首问首办).
 */
export const withPersonalData = (dir: string, units: Iterable<string>): string[] => {
  const file = join(dir, 'operator.principal.json');
  writeFileSync(
    file,
    JSON.stringify({
      id: 'operator',
      assignments: [...units].flatMap((unit) => [
        { role: 'intakeClerk', unit },
        { role: 'petitionOfficer', unit },
      ]),
    }),
  );
  return ['--with-personal-data', '--principal', file];
};

/** The jurisdiction directory a store keeps (as `demo` and `import` write it): a SQLite file, or a `--store` URL, relative to `cwd`. */
export const storeDirectory = async (cwd: string, location: { readonly db: string } | { readonly store: string }): Promise<JurisdictionDirectory> => {
  const store = await openStore(parseStoreLocation(location), { cwd });
  try {
    return (await readDirectory(store)).directory;
  } finally {
    await store.close();
  }
};

/** Every unit of the directory a store keeps (see {@link storeDirectory}). */
export const storeUnits = async (cwd: string, location: { readonly db: string } | { readonly store: string }): Promise<string[]> => [...(await storeDirectory(cwd, location)).units.keys()];

/** Every unit of the core's sample directory (the stores of the tests that submit with `sampleSubmit`). */
export const SAMPLE_UNITS: readonly string[] = [...sampleDirectory().units.keys()];
