import { describe, expect, it } from 'vitest';
import { EventDecodeError, isEventDecodeError, parseStoredEvent, type StoredEvent } from '../../src/index.js';

const stored = (changes: Partial<StoredEvent>): StoredEvent => ({
  streamId: 'case-7',
  revision: 2n,
  position: 9n,
  eventId: 'e-1',
  type: 'Reviewed',
  dataJson: '{"decision":"accepted"}',
  metadataJson: '{"occurredAt":"2026-01-01T00:00:00.000Z"}',
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
  ...changes,
});

const failure = (event: StoredEvent): EventDecodeError => {
  try {
    parseStoredEvent(event);
  } catch (error) {
    if (isEventDecodeError(error)) return error;
    throw error;
  }
  throw new Error('parsed');
};

describe('parseStoredEvent', () => {
  it('given damaged data text, names stream, revision and field, and says to restore the event rather than change the codec', () => {
    const error = failure(stored({ dataJson: '{"decision": ' }));
    expect(error).toMatchObject({ streamId: 'case-7', revision: 2n, path: 'data' });
    expect(error.message).toMatch(/stream 'case-7' revision 2, field 'data': the stored data is not valid JSON/);
    expect(error.message).toMatch(/its stored text is damaged .*restore the event from a backup or an export/);
    expect(error.message).not.toMatch(/upcaster/);
  });

  it('given metadata that is not an object, says the same', () => {
    const error = failure(stored({ metadataJson: '[1,2]' }));
    expect(error).toMatchObject({ path: 'metadata', reason: 'the stored metadata is an array, not an object' });
    expect(error.message).toMatch(/restore the event from a backup/);
  });

  it('keeps the codec advice for an event of another shape (a codec failure)', () => {
    const error = new EventDecodeError({ streamId: 's', revision: 0n, eventType: 'T', path: 'data.x', reason: 'expected a number' });
    expect(error.message).toMatch(/fix the codec or add an upcaster for its schema version\.$/);
  });

  it('parses intact text into the recorded event', () => {
    expect(parseStoredEvent(stored({}))).toMatchObject({ streamId: 'case-7', revision: 2n, position: 9n, data: { decision: 'accepted' }, metadata: { occurredAt: '2026-01-01T00:00:00.000Z' } });
  });
});
