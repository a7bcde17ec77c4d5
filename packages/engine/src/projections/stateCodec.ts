import type { Json } from '../eventStore/eventStore.js';

/** Converts a projection state to and from the JSON a {@link ProjectionStore} keeps. */
export interface StateCodec<S> {
  readonly encode: (state: S) => Json;
  readonly decode: (json: Json) => S;
}
