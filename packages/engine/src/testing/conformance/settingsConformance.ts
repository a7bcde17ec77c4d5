import type { Json, SettingsStore } from '../../index.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniqueId } from './counterDomain.js';

/** Settings: missing names, JSON round trips of any value, replacing, names apart, and a value JSON cannot hold refused. */
export const settingsConformance = (settings: () => SettingsStore, numRuns: number): void => {
  describe('settings', () => {
    it('reading an unknown setting gives null', async () => {
      expect(await settings().read(uniqueId('setting'))).toBeNull();
    });

    it('a written value reads back deep-equal (any JSON value), and a second write replaces it', async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), fc.jsonValue(), async (first, second) => {
          const name = uniqueId('setting');
          await settings().write(name, first as Json);
          expect(await settings().read(name)).toEqual(JSON.parse(JSON.stringify(first)));
          await settings().write(name, second as Json);
          expect(await settings().read(name)).toEqual(JSON.parse(JSON.stringify(second)));
        }),
        { numRuns: Math.min(numRuns, 200) },
      );
    });

    it('settings are apart by name, and a value JSON cannot hold is refused with a TypeError, the stored one intact', async () => {
      const [a, b] = [uniqueId('setting'), uniqueId('setting')];
      await settings().write(a, { units: ['A'] });
      await settings().write(b, 2);
      await expect(settings().write(a, undefined as unknown as Json)).rejects.toThrow(TypeError);
      expect(await settings().read(a)).toEqual({ units: ['A'] });
      expect(await settings().read(b)).toBe(2);
    });
  });
};
