import { jsonProblem } from '../hashing/canonicalJson.js';
import type { Json } from '../eventStore/eventStore.js';
import { ProjectionStateError } from './projectionRunnerErrors.js';
import type { StateCodec } from './stateCodec.js';

/**
 * How a projection's state becomes the JSON a projection store keeps: through `codec` when
 * given, else as it is, after checking that it is plain JSON data (a `Map` would otherwise
 * be stored as `{}`).
 *
 * @throws ProjectionStateError (from the returned function) for a state that is not JSON.
 */
export const stateEncoder = <S>(projection: string, codec: StateCodec<S> | undefined): ((state: S) => Json) =>
  codec?.encode ??
  ((state) => {
    const problem = jsonProblem(state, 'state');
    if (problem !== null) throw new ProjectionStateError(projection, problem);
    return state as Json;
  });
