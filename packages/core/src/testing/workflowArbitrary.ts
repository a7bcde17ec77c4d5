import fc from 'fast-check';
import {
  type CallbackRequirement,
  type Comparison,
  type Condition,
  type DeadlineRule,
  type Guard,
  type Operand,
  type RoleDefinition,
  type StageDefinition,
  type Transition,
  type Workflow,
  type WorkflowCommand,
  CASE_COMMAND_TYPES,
  PUBLIC_STATUSES,
  PositiveInt,
  TERRITORIAL_LEVELS,
  Text,
  oneOf,
} from '../index.js';

/** A generated workflow and the payload arbitraries of the commands it adds (for {@link workflowHistoryArbitrary}). */
export interface GeneratedWorkflow {
  readonly workflow: Workflow;
  readonly payloads: Readonly<Record<string, fc.Arbitrary<object>>>;
}

/** The levels a generated command's `level` field takes; its outcome field when it has one. */
const LEVELS = ['low', 'high'] as const;
const LEVEL = oneOf(LEVELS, 'Level');
const CATEGORIES = ['labour', 'tenancy', 'neighbour'];
/** Shared-lifecycle commands a generated row may use (Submit starts every workflow). */
const LIFECYCLE = CASE_COMMAND_TYPES.filter((type) => type !== 'Submit');
/** Outcomes of the shared lifecycle's commands that have some. */
const LIFECYCLE_OUTCOMES: Readonly<Record<string, readonly string[]>> = {
  Review: ['accepted', 'rejected'],
  RecordMediation: ['agreement', 'noAgreement', 'withdrawn'],
  ReturnToSender: ['toOwner', 'toUnit'],
};

/** `value` without its `undefined` fields (the workflow types are exact about optional fields). */
const withoutUndefined = <T extends object>(value: { readonly [K in keyof T]: T[K] | undefined }): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const stageArbitrary = (id: string): fc.Arbitrary<StageDefinition> =>
  fc.record({
    id: fc.constant(id),
    status: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...PUBLIC_STATUSES) },
      { weight: 1, arbitrary: fc.record({ byOutcome: fc.record({ rejected: fc.constantFrom(...PUBLIC_STATUSES) }), otherwise: fc.constantFrom(...PUBLIC_STATUSES) }) },
    ),
    terminal: fc.boolean().map((b) => b && id !== 's0'),
  });

/** A condition over the generated commands' fields, the state and the actor, one level of nesting at most. */
const conditionArbitrary = (roles: readonly string[], stages: readonly string[]): fc.Arbitrary<Condition> => {
  const path = fc.constantFrom(
    'command.amount',
    'command.level',
    'command.by',
    'state.claimedAmountFen',
    'state.facts.Acted0.count',
    'state.stage',
    'state.supervision',
    'state.clocks.{command.rule}.extendedBy',
    'actor.role',
  );
  const operand: fc.Arbitrary<Operand> = fc.oneof(
    path.map((p) => ({ path: p })),
    fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom<string | null | boolean>(...LEVELS, ...stages, null, true)).map((value) => ({ value })),
    fc
      .array(
        path.map((p) => ({ path: p })),
        { minLength: 1, maxLength: 2 },
      )
      .map((sum) => ({ sum })),
  );
  const leaf: fc.Arbitrary<Condition> = fc.oneof(
    fc.tuple(operand, fc.constantFrom<Comparison>('==', '!=', '<', '<=', '>', '>='), operand).map((compare) => ({ compare })),
    fc
      .tuple(
        path.map((p) => ({ path: p })),
        fc.array(fc.constantFrom<string | number>(...LEVELS, ...stages, 0, 1, 5), { minLength: 1, maxLength: 3 }),
      )
      .map((oneOf) => ({ oneOf })),
    fc.subarray([...roles], { minLength: 1 }).map((actorRole) => ({ actorRole })),
  );
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    fc.array(leaf, { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
    fc.array(leaf, { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
    leaf.map((not) => ({ not })),
  );
};

const rowArbitrary = (
  commands: readonly string[],
  outcomes: Readonly<Record<string, readonly string[]>>,
  open: readonly string[],
  stages: readonly string[],
  roles: readonly string[],
): fc.Arbitrary<Transition> =>
  fc.constantFrom(...commands).chain((command) =>
    fc
      .record(
        {
          command: fc.constant(command),
          outcome: outcomes[command] === undefined ? fc.constant(undefined) : fc.constantFrom(...(outcomes[command] as readonly string[])),
          from: fc.subarray([...open], { minLength: 1 }),
          to: fc.constantFrom(...stages, 'same'),
          roles: fc.subarray([...roles], { minLength: 1 }),
        },
        { requiredKeys: ['command', 'from', 'to', 'roles'] },
      )
      .map((row) => withoutUndefined<Transition>(row)),
  );

const deadlineArbitrary = (id: string, events: readonly string[]): fc.Arbitrary<DeadlineRule> =>
  fc.record({
    id: fc.constant(id),
    label: fc.constant(`Generated deadline ${id}`),
    basis: fc.constant('Generated rule'),
    amount: fc.integer({ min: 1, max: 10 }),
    unit: fc.constantFrom<DeadlineRule['unit']>('calendarDays', 'workingDays', 'workingHours'),
    startsOn: fc.constantFrom(...events).map((type) => ({ type })),
    stopsOn: fc.subarray([...events]).map((types) => types.map((type) => ({ type }))),
    maxExtension: fc.integer({ min: 0, max: 6 }),
  });

/**
 * Small random workflows that `checkWorkflow` accepts: 2–5 stages (`s0`…, some terminal, any
 * public status), 1–4 roles of any scope, 0–3 commands of their own (`Act0`… with a text
 * `note`, a positive `amount` and a `level`, some with `level` as their outcome, recording
 * `Acted0`…), the Submit row and up to 8 rows of own or shared-lifecycle commands between
 * random stages, up to 2 guards in the condition language, up to 2 deadlines, closing
 * requirements and outcomes, competence and an escalation ceiling, each sometimes. With
 * each, payload arbitraries for its commands that are sometimes invalid. For properties that
 * must hold for every workflow, such as the decider's totality.
 */
export const workflowArbitrary = (): fc.Arbitrary<GeneratedWorkflow> =>
  fc
    .record({
      stageCount: fc.integer({ min: 2, max: 5 }),
      roleCount: fc.integer({ min: 1, max: 4 }),
      commandCount: fc.integer({ min: 0, max: 3 }),
      withOutcome: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    })
    .chain(({ stageCount, roleCount, commandCount, withOutcome }) => {
      const stageIds = Array.from({ length: stageCount }, (_, i) => `s${i}`);
      const roleIds = Array.from({ length: roleCount }, (_, i) => `r${i}`);
      const own: Record<string, WorkflowCommand> = {};
      for (let i = 0; i < commandCount; i += 1) {
        own[`Act${i}`] = { payload: { note: Text, amount: PositiveInt, level: LEVEL }, emits: `Acted${i}`, ...(withOutcome[i] === true ? { outcome: 'level' } : {}) };
      }
      const ownTypes = Object.keys(own);
      const outcomes: Record<string, readonly string[]> = { ...LIFECYCLE_OUTCOMES };
      for (const type of ownTypes) if (own[type]?.outcome !== undefined) outcomes[type] = LEVELS;
      const events = ['Submitted', 'Reviewed', 'Routed', 'Closed', ...ownTypes.map((type) => own[type]?.emits ?? type)];
      const payloads = Object.fromEntries(
        ownTypes.map((type) => [type, fc.record({ note: fc.constantFrom('ok', 'done', ' ', '\ud800'), amount: fc.integer({ min: -1, max: 12 }), level: fc.constantFrom(...LEVELS, 'bogus') })]),
      );
      return fc
        .record({
          stages: fc.tuple(...stageIds.map(stageArbitrary)),
          roles: fc.tuple(...roleIds.map((id) => fc.constantFrom<RoleDefinition['scope']>('staff', 'citizen', 'external').map((scope): RoleDefinition => ({ id, scope })))),
          submitTo: fc.constantFrom(...stageIds),
          submitRoles: fc.subarray(roleIds, { minLength: 1 }),
          guardSeeds: fc.array(
            fc.record(
              {
                commands: fc.subarray(['Submit', ...LIFECYCLE, ...ownTypes], { minLength: 1, maxLength: 3 }),
                when: fc.option(conditionArbitrary(roleIds, stageIds), { nil: undefined }),
                require: conditionArbitrary(roleIds, stageIds),
              },
              { requiredKeys: ['commands', 'require'] },
            ),
            { maxLength: 2 },
          ),
          deadlines: fc.tuple(deadlineArbitrary('d0', events), deadlineArbitrary('d1', events)).chain((rules) => fc.integer({ min: 0, max: 2 }).map((n) => rules.slice(0, n))),
          callbacks: fc.dictionary(
            fc.constantFrom(...stageIds),
            fc.record({ purpose: fc.constantFrom('followUp', 'rejectionExplained'), attemptsSuffice: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }, { requiredKeys: ['purpose'] }),
            { maxKeys: 2 },
          ),
          closingOutcomes: fc.dictionary(fc.constantFrom(...stageIds), fc.constantFrom<'rejected' | 'settled' | 'notSettled' | 'withdrawn'>('rejected', 'settled', 'notSettled', 'withdrawn'), {
            maxKeys: 3,
          }),
          competence: fc.option(
            fc.subarray(CATEGORIES).map((categories) => ({ laborBureau: categories })),
            { nil: undefined },
          ),
          escalationCeiling: fc.option(fc.constantFrom(...TERRITORIAL_LEVELS), { nil: undefined }),
          rowSeed: fc.nat(),
        })
        .chain((parts) => {
          const open = parts.stages.filter((s) => s.terminal !== true).map((s) => s.id);
          const rows = open.length === 0 ? fc.constant([]) : fc.array(rowArbitrary([...ownTypes, ...LIFECYCLE], outcomes, open, stageIds, roleIds), { maxLength: 8 });
          return rows.map((extra): GeneratedWorkflow => {
            const guards: Guard[] = parts.guardSeeds.map((seed, i) =>
              withoutUndefined<Guard>({ id: `g${i}`, ...seed, rejection: { code: `GeneratedRule${i}`, message: `Generated rule ${i} refuses this; change the command.` } }),
            );
            const callbacks = Object.fromEntries(Object.entries(parts.callbacks).map(([stage, required]) => [stage, withoutUndefined<CallbackRequirement>(required)]));
            const workflow: Workflow = {
              id: `generated-${parts.rowSeed % 1000}`,
              version: 1 + (parts.rowSeed % 3),
              title: 'A generated workflow',
              stages: parts.stages,
              roles: parts.roles,
              commands: own,
              channels: ['window', 'online'],
              onlineChannels: ['online'],
              categories: CATEGORIES,
              rejectionReasons: ['outOfArea'],
              tracks: ['people'],
              pauseReasons: ['hearing'],
              referralRoutes: ['court'],
              transitions: [{ command: 'Submit', from: ['new'], to: parts.submitTo, roles: parts.submitRoles }, ...extra],
              guards,
              deadlines: parts.deadlines,
              closeRequiresCallback: callbacks,
              closingOutcomes: parts.closingOutcomes,
              ...(parts.competence === undefined ? {} : { competence: parts.competence }),
              ...(parts.escalationCeiling === undefined ? {} : { escalationCeiling: parts.escalationCeiling }),
            };
            return { workflow, payloads };
          });
        });
    });
