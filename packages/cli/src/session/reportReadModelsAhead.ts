import type { ReadModelsAhead } from '@casefold/engine';
import { EXIT, type ExitCode } from '../cli/exitCodes.js';
import type { Output } from '../cli/output.js';
import { formatCount } from '../cli/table.js';

/**
 * Reports read models built past the store's last event (as `verify`, `verify --checkpoint`,
 * `checkpoint` and `replay --verify` do on SQLite): both positions, the read model, and what it
 * means and what to do, with the chains' counts when they were checked first. Returns the exit
 * code of a failed check.
 */
export const reportReadModelsAhead = (output: Output, found: ReadModelsAhead, chains?: { readonly streams: number; readonly events: number }): ExitCode => {
  const m = output.messages.verify;
  output.result({
    ok: false,
    readModelsAhead: { readModel: found.readModel, position: found.position, lastPosition: found.lastPosition, readModels: found.ahead, message: found.message },
    ...(chains === undefined ? {} : { streams: chains.streams, events: chains.events }),
  });
  output.text(m.readModelsAhead(formatCount(Number(found.position)), formatCount(Number(found.lastPosition))), m.readModel(found.readModel, found.ahead - 1), m.readModelsAheadAdvice);
  return EXIT.checkFailed;
};
