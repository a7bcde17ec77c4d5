import { randomUUID } from 'node:crypto';
import type { EventStore, Json, RecordedEvent } from '../eventStore/eventStore.js';
import { isWrongExpectedRevisionError } from '../eventStore/errors.js';
import type { KeyManagement } from './keyManagement.js';
import { KeyManagementMismatchError, KeystoreMismatchError } from './personalDataErrors.js';
import { PERSONAL_DATA_ERASED, erasureStreamOf } from './erasureStream.js';
import type { SubjectErasure, SubjectKeystore } from './subjectKeystore.js';

/** The stream that records which keystore a protected store's personal data is sealed with. */
export const KEYSTORE_BINDING_STREAM = 'casefold-keystore';

/** The event type that binds a store to its keystore: `{ keystoreId, boundAt }`. */
export const KEYSTORE_BOUND = 'PersonalDataKeystoreBound';

/** The constant whose wrapping is a keystore's key check value, and the "subject" it is wrapped for (no subject id can hold a NUL). */
const KEY_CHECK = Buffer.alloc(32);
const KEY_CHECK_SUBJECT = '\u0000casefold-key-check';

/** What a protected store checks of its keystore and key management before using them (see {@link keystoreBinding}). */
export interface KeystoreBinding {
  /**
   * Checks, once (again after a failure), that the key management opens the keystore's key
   * check value (recording one at the keystore's first use) and that the store, if bound,
   * is bound to this keystore. Throws {@link KeyManagementMismatchError} or
   * {@link KeystoreMismatchError}.
   */
  checked(): Promise<void>;
  /** {@link checked}, then binds the store to the keystore if it is not yet (before the first key is created or erased). */
  bound(): Promise<void>;
  /** The first recorded erasure of a subject in the store (its erasure stream), whatever the keystore holds. */
  erasureOf(subjectId: string): Promise<SubjectErasure | undefined>;
}

const firstOf = async (read: AsyncIterable<RecordedEvent>): Promise<RecordedEvent | undefined> => {
  for await (const event of read) return event;
  return undefined;
};

const keystoreIdOf = (event: RecordedEvent | undefined): string | undefined => {
  const data = event?.data as { keystoreId?: Json } | undefined;
  return typeof data?.keystoreId === 'string' ? data.keystoreId : undefined;
};

/** The binding's own id, which the keystore records as the one store it belongs to (absent in bindings from before keystores recorded it). */
const bindingIdOf = (event: RecordedEvent | undefined): string | undefined => {
  const data = event?.data as { bindingId?: Json } | undefined;
  return typeof data?.bindingId === 'string' ? data.bindingId : undefined;
};

/**
 * Ties a protected store to its keystore and master key, so that neither a new (or another
 * store's) keystore nor another master key is used by mistake: the keystore's id is recorded
 * in the store (stream {@link KEYSTORE_BINDING_STREAM}) before the first key is created, and
 * the key check value (a constant wrapped by the master key) in the keystore at its first use.
 * `store` is the inner (sealed) store.
 */
export const keystoreBinding = (store: EventStore, keystore: SubjectKeystore, kms: KeyManagement, clock: () => string): KeystoreBinding => {
  let check: Promise<{ readonly keystoreId: string; storeBound: boolean }> | undefined;

  const compare = (event: RecordedEvent | undefined, keystoreId: string): boolean => {
    const bound = keystoreIdOf(event);
    if (bound !== undefined && bound !== keystoreId) throw new KeystoreMismatchError(bound, keystoreId);
    return bound !== undefined;
  };

  /**
   * The keystore belongs to the store bound by `bindingId`: it records it if it holds none (a
   * binding made before keystores recorded theirs, or a crash between the two writes), and
   * refuses if it holds another (the keys of another store, or of another tenant of a shared store).
   */
  const belongsHere = async (keystoreId: string, boundTo: string | undefined, bindingId: string): Promise<void> => {
    const held = boundTo ?? (await keystore.recordBinding(bindingId));
    if (held !== bindingId) throw new KeystoreMismatchError(null, keystoreId);
  };

  const run = async (): Promise<{ readonly keystoreId: string; storeBound: boolean }> => {
    const identity = await keystore.identity();
    if (identity.keyCheck === undefined) {
      // A keystore that held keys before it had a key check: the master key must open one of them before its check is recorded.
      const active = await keystore.anyActiveKey();
      if (active !== undefined && (await kms.unwrapKey(active.wrappedKey, active.subjectId)) === undefined) throw new KeyManagementMismatchError(identity.keystoreId, kms.keyId);
    }
    const keyCheck = identity.keyCheck ?? (await keystore.recordKeyCheck(await kms.wrapKey(KEY_CHECK, KEY_CHECK_SUBJECT)));
    const opened = await kms.unwrapKey(keyCheck, KEY_CHECK_SUBJECT);
    if (opened === undefined || !opened.equals(KEY_CHECK)) throw new KeyManagementMismatchError(identity.keystoreId, kms.keyId);
    const binding = await firstOf(store.readStream(KEYSTORE_BINDING_STREAM, { maxCount: 1 }));
    const storeBound = compare(binding, identity.keystoreId);
    const bindingId = bindingIdOf(binding);
    if (bindingId !== undefined) await belongsHere(identity.keystoreId, identity.boundTo, bindingId);
    // Not bound here yet, but the keystore already belongs to a store: not this one.
    else if (!storeBound && identity.boundTo !== undefined) throw new KeystoreMismatchError(null, identity.keystoreId);
    return { keystoreId: identity.keystoreId, storeBound };
  };

  const checked = (): Promise<{ readonly keystoreId: string; storeBound: boolean }> =>
    (check ??= run().catch((error: unknown) => {
      check = undefined;
      throw error;
    }));

  return {
    checked: async () => {
      await checked();
    },
    bound: async () => {
      const state = await checked();
      if (state.storeBound) return;
      const boundAt = clock();
      const id = randomUUID();
      try {
        // The store first: after a crash before the keystore's record, the next check records it.
        await store.appendToStream(
          KEYSTORE_BINDING_STREAM,
          [
            {
              eventId: id,
              type: KEYSTORE_BOUND,
              data: { keystoreId: state.keystoreId, bindingId: id, boundAt },
              metadata: { occurredAt: boundAt, recordedAt: boundAt, commandId: id, correlationId: id, causationId: null, schemaVersion: 1 },
            },
          ],
          { expectedRevision: 'no_stream' },
        );
      } catch (error) {
        // Another writer bound it first: to this keystore, or the store is another keystore's.
        if (!isWrongExpectedRevisionError(error)) throw error;
        const first = await firstOf(store.readStream(KEYSTORE_BINDING_STREAM, { maxCount: 1 }));
        compare(first, state.keystoreId);
        const firstId = bindingIdOf(first);
        if (firstId !== undefined) await belongsHere(state.keystoreId, undefined, firstId);
        state.storeBound = true;
        return;
      }
      await belongsHere(state.keystoreId, undefined, id);
      state.storeBound = true;
    },
    erasureOf: async (subjectId) => {
      for await (const event of store.readStream(erasureStreamOf(subjectId))) {
        if (event.type !== PERSONAL_DATA_ERASED) continue;
        const { erasedAt, legalBasis } = event.data as { erasedAt?: Json; legalBasis?: Json };
        if (typeof erasedAt === 'string' && typeof legalBasis === 'string') return { erasedAt, legalBasis };
      }
      return undefined;
    },
  };
};
