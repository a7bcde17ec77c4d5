import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { type AnyCaseEvent, type CaseEvent, type CaseState, decideInput, evolve, fold, initialState, isLifecycleEvent, mediationWorkflow, mediationWorkflowV1 } from '@casefold/core';
import { sampleDirectory } from '@casefold/core/testing';
import { type BenchmarkSuite, type Measurement, median } from '../harness/benchHarness.js';
import { lifecycleCommands } from '../workload/lifecycleCommands.js';
import { mediationCase } from '../workload/mediationCases.js';

const EVENTS_PER_CASE = 7;

/** Every decider's answer as far as the benchmark reads it. */
type Decision<Ev> = E.Either<{ readonly code: string; readonly message: string }, readonly Ev[]>;

/** Decides each case's commands from `start`, folding the events, and returns the accepted lifecycle events of each case. */
const buildHistories = <S, Ev>(
  cases: number,
  start: S,
  decideOne: (command: unknown, state: S, context: unknown) => Decision<Ev>,
  evolveOne: (state: S, event: Ev) => S,
  keep: (event: Ev) => event is Ev,
): Ev[][] => {
  const histories: Ev[][] = [];
  for (let i = 0; i < cases; i++) {
    let state = start;
    const events: Ev[] = [];
    for (const { command, context } of lifecycleCommands(i)) {
      const result = decideOne(command, state, context);
      if (E.isLeft(result)) throw new Error(result.left.message);
      for (const event of result.right) {
        state = evolveOne(state, event);
        if (keep(event)) events.push(event);
      }
    }
    histories.push(events);
  }
  return histories;
};

/**
 * The raw baseline: a hand-written switch over the same events into a small plain object,
 * created once per history and mutated in place (the fastest plain-object fold we know).
 */
interface PlainCase {
  stage: string;
  revision: number;
  unit: string | null;
  amount: number;
  lastAt: string | null;
}
const plainFold = (events: readonly CaseEvent[]): PlainCase => {
  const s: PlainCase = { stage: 'new', revision: -1, unit: null, amount: 0, lastAt: null };
  for (const e of events) {
    switch (e.type) {
      case 'Submitted':
        s.stage = 'submitted';
        s.unit = e.data.receivingUnit;
        break;
      case 'Routed':
        s.stage = 'routed';
        s.unit = e.data.to;
        break;
      case 'Mediated':
        s.stage = e.data.outcome;
        s.amount = e.data.outcome === 'agreement' ? e.data.amountFen : 0;
        break;
      default:
        s.stage = e.type;
    }
    s.revision += 1;
    s.lastAt = e.meta.occurredAt;
  }
  return s;
};

/** How long a piece of work took: wall-clock seconds, and CPU seconds of the process. */
interface Took {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Times `work` by the wall clock, as every suite does, and by the CPU time of the process
 * (user + system, GC threads included). This suite is single-threaded and CPU-bound, so on an
 * idle machine the two agree; on a busy one (2 cores shared with others) wall-clock rates
 * swung by ±30 % from run to run, while CPU time leaves out the time the process waited for
 * a core. CPU time counts the garbage collector's helper threads, which wall time on an idle
 * machine gets for free, so it is the harder measure for code that allocates.
 */
const timeIt = (work: () => void): Took => {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (performance.now() - wallStart) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
};

/**
 * Rounds run first and not counted, so the figures are of a steady state, as in a
 * long-running service: V8 keeps re-optimizing the decider over its first few seconds.
 * With 2 warm-up rounds the decide figure swung between 228 k and 428 k commands/s from
 * run to run on the same idle machine; from 6 on (about 3 s of deciding) it settles.
 */
const WARM_UP_ROUNDS = 6;
const MEASURED_ROUNDS = 7;

/** Median rates of one piece of work: by the wall clock and per CPU second. */
interface Rates {
  readonly wall: number;
  readonly cpu: number;
}

/**
 * Median rates of several pieces of work over `count` items each, run side by side: every
 * round runs each once, in an order rotating from round to round, so all see the same
 * machine (and none always runs right after the same other), after the warm-up rounds.
 */
const sideBySideRates = (count: number, works: readonly (() => void)[]): Rates[] => {
  const took = works.map((): Took[] => []);
  for (let round = 0; round < WARM_UP_ROUNDS + MEASURED_ROUNDS; round++) {
    for (let k = 0; k < works.length; k++) {
      const w = (round + k) % works.length;
      const t = timeIt(works[w]!);
      if (round >= WARM_UP_ROUNDS) took[w]!.push(t);
    }
  }
  return took.map((ts) => ({ wall: median(ts.map((t) => count / t.wall)), cpu: median(ts.map((t) => count / t.cpu)) }));
};

/** Fold rates of today's fold and the plain baseline, side by side. */
const foldRates = (): { readonly total: number; readonly ours: Rates; readonly base: Rates } => {
  const cases = Math.ceil(1_000_000 / EVENTS_PER_CASE);
  const histories = buildHistories<CaseState, AnyCaseEvent>(cases, initialState, decideInput, evolve, isLifecycleEvent) as CaseEvent[][];
  const total = histories.reduce((n, h) => n + h.length, 0);
  let sink: unknown = null;
  const [base, ours] = sideBySideRates(total, [() => histories.forEach((h) => void (sink = plainFold(h))), () => histories.forEach((h) => void (sink = fold(initialState, h)))]);
  void sink;
  return { total, ours: ours!, base: base! };
};

/** One command of {@link mediationCase} with the context of one workflow. */
interface Decidable {
  readonly command: unknown;
  readonly context: unknown;
}

/** The commands of `cases` cases, each with a context naming `workflow`. */
const decidables = (cases: readonly ReturnType<typeof mediationCase>[], workflow: unknown): Decidable[][] => {
  const directory = sampleDirectory();
  return cases.map((steps) => steps.map(({ command, now, actor }) => ({ command, context: { now, actor, directory, workflow } })));
};

/** Fails the benchmark on a rejection: the workflows must be compared on the same accepted commands. */
const refuse = (model: string, rejection: { readonly code: string; readonly message: string }, command: unknown): never => {
  throw new Error(
    `${model} rejected a benchmark command (${rejection.code}: ${rejection.message}): ${JSON.stringify(command)}. Every command of workload/mediationCases.ts must be valid for every model compared.`,
  );
};

/** Decides and folds each case's commands from the initial state with `decideInput`, which decodes untyped commands as the command handler does. */
const decideAll = (model: string, cases: readonly (readonly Decidable[])[]): void => {
  for (const caseCommands of cases) {
    let state = initialState;
    for (const { command, context } of caseCommands) {
      const result = decideInput(command, state, context);
      if (E.isLeft(result)) refuse(model, result.left, command);
      else for (const e of result.right) state = evolve(state, e);
    }
  }
};

/** A rate beside its baseline, with their ratio. */
const versus = (name: string, unit: string, value: number, baseline: number): Measurement => ({ name, value, unit, baseline, ratio: value / baseline });

const DECIDE_CASES = 20_000;

/**
 * Decide + evolve under mediation v2 beside v1 (the baseline) in the same run: what the
 * richer workflow (labour clock, closing call-backs, competence) costs per command. Until
 * issue 12 landed, a frozen copy of the closed model of 19d41f0 was the baseline here; the
 * open model measured 0.93× of it per CPU second (docs/benchmarks.md).
 */
const decideRows = (): Measurement[] => {
  const cases = Array.from({ length: DECIDE_CASES }, (_, i) => mediationCase(i));
  const commands = cases.reduce((n, c) => n + c.length, 0);
  const v1 = decidables(cases, mediationWorkflowV1);
  const v2 = decidables(cases, mediationWorkflow);
  const [v1Rate, v2Rate] = sideBySideRates(commands, [() => decideAll('Mediation v1', v1), () => decideAll('Mediation v2', v2)]);
  const rounds = `${WARM_UP_ROUNDS} warm-up rounds, median of ${MEASURED_ROUNDS}`;
  const what = `${DECIDE_CASES.toLocaleString('en')} mediation cases, ${commands.toLocaleString('en')} commands`;
  return [
    { name: `decide + evolve, mediation v1 (${what}; ${rounds})`, value: v1Rate!.wall, unit: 'commands/s' },
    versus('decide + evolve, mediation v2 (vs v1)', 'commands/s', v2Rate!.wall, v1Rate!.wall),
    versus('the same (v2 vs v1), per CPU second', 'cmds/CPU-s', v2Rate!.cpu, v1Rate!.cpu),
  ];
};

const foldRows = (): Measurement[] => {
  const folded = foldRates();
  const events = `fold ${folded.total.toLocaleString('en')} events into case states`;
  return [versus(`${events} (vs plain-object fold)`, 'events/s', folded.ours.wall, folded.base.wall), versus('the same, per CPU second', 'events/CPU-s', folded.ours.cpu, folded.base.cpu)];
};

/** The parts of this suite, each run in a worker thread of its own. */
const PARTS = { fold: foldRows, decide: decideRows } as const;
type Part = keyof typeof PARTS;

/**
 * Runs one part of the suite in a worker thread of its own: a fresh V8 heap and fresh
 * optimized code. Run one after the other in one thread, the parts swayed each other: after
 * the fold (whose `fold` shares its code with `evolve`, and whose histories the deciders
 * decided), the decide+evolve figure came out at 0.44 M or 0.85 M commands per CPU
 * second from run to run, and the fold's ratio moved from 0.3× to 0.13× when deciding ran first.
 */
const inWorker = (part: Part): Promise<Measurement[]> =>
  new Promise((resolve, reject) => {
    // A worker does not inherit tsx's module hooks: it registers them, then loads this module.
    const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(import.meta.url)});`;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { corePart: part } });
    worker.once('message', (rows: Measurement[]) => resolve(rows));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`The core benchmark's ${part} worker stopped with exit code ${code}.`))));
  });

const part = (workerData as { corePart?: Part } | null)?.corePart;
if (!isMainThread && part !== undefined) parentPort?.postMessage(PARTS[part]());

/** The fold and the decide comparison as two suites, so either can run alone (`pnpm bench 'core: fold'`). */
export const benchmarks: BenchmarkSuite[] = [
  { id: 'core-fold', name: 'core: fold (in-process, no store)', run: () => inWorker('fold') },
  { id: 'core-decide', name: 'core: decide + evolve (in-process, no store)', run: () => inWorker('decide') },
];
