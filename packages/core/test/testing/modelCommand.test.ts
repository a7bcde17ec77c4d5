import { describe, expect, it } from 'vitest';
import { modelCommand } from '@casefold/core/testing';

/** A toy real side: a counter the "decider" accepts to increment only below a limit. */
interface Real {
  count: number;
  stage: string;
}
const increment = (limit: number) => (real: Real, by: number) => {
  if (real.count + by > limit) return false;
  real.count += by;
  real.stage = real.count === limit ? 'full' : 'open';
  return true;
};

describe('modelCommand: one command of a model-based test', () => {
  const options = {
    name: 'Increment',
    expected: (m: { stage: string }) => m.stage !== 'full',
    update: (m: { stage: string }) => void (m.stage = 'full'),
    send: () => 1,
    stageOf: (r: Real) => r.stage,
  };

  it('given agreement, updates the model and passes', () => {
    const model = { stage: 'open' };
    const real = { count: 0, stage: 'open' };
    modelCommand({ ...options, decide: increment(1) }).run(model, real);
    expect(model.stage).toBe('full');
    expect(real.count).toBe(1);
  });

  it('given a decider that rejects what the model expects accepted, throws naming the command and stage', () => {
    const run = () => modelCommand({ ...options, decide: increment(0) }).run({ stage: 'open' }, { count: 0, stage: 'open' });
    expect(run).toThrow('Increment in open: the model expected it to be accepted, the decider rejected it.');
  });

  it('given a stage that differs after acceptance, throws naming both stages', () => {
    const run = () => modelCommand({ ...options, decide: increment(2) }).run({ stage: 'open' }, { count: 0, stage: 'open' });
    expect(run).toThrow('Increment in open: the model is in stage full, the case in open.');
  });

  it("runs the kind's own check after the command, and keeps the expectation", () => {
    const checked: string[] = [];
    const command = modelCommand({ ...options, decide: increment(1), check: (m) => void checked.push(m.stage) });
    command.run({ stage: 'open' }, { count: 0, stage: 'open' });
    expect(checked).toEqual(['full']);
    expect(command.expected({ stage: 'full' })).toBe(false);
    expect(command.toString()).toBe('Increment');
  });
});
