import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedAuthorizationPolicies } from '@casefold/core';
import { sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { caseCommandHandler } from '@casefold/engine';
import { openDatabase, openSqliteStore } from '@casefold/sqlite';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCopy, tempDir } from './support/demoDatabase.js';
import { englishRuns } from './support/englishRuns.js';
import { storeDirectory, storeUnits, withPersonalData } from './support/operatorPrincipal.js';
import { type CasefoldRun, type RunProcessOptions, jsonOf, runCasefold } from './support/runCasefold.js';

/**
 * The newest options in both languages: `--principal FILE` and `--policy FILE` (of `serve` and
 * `export`), `export --with-personal-data` (its refusals and its notice on stderr) and
 * `export --case` (evidence bundles: refusals, the summary lines). Each path is run with the
 * real CLI in English (as it always printed) and with `--lang zh-CN` (or LANG=zh_CN.UTF-8),
 * whose text must hold no run of three or more English words beyond ids, paths and options.
 */

const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LANG'];

const { dir, db } = demoCopy();

/** The CLI in `dir`, the locale unset unless `env` sets it. */
const casefold = (args: readonly string[], options: RunProcessOptions = {}): Promise<CasefoldRun> =>
  runCasefold(args, { cwd: dir, unset: LOCALE_VARIABLES.filter((name) => options.env?.[name] === undefined), ...options });

/** The same command line in English, then in Chinese (one after the other: both may bring the read models up to date). */
const inBoth = async (args: readonly string[], options: RunProcessOptions = {}): Promise<[CasefoldRun, CasefoldRun]> => [
  await casefold(args, options),
  await casefold([...args, '--lang', 'zh-CN'], options),
];

/** JSON.parse's own words about a text, which the messages quote in either language. */
const parserWords = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is JSON`);
};

/** A case of the demo with a few events (its checkpoint, cp.json, and the signer's keys are in `dir`). */
let demoCase: string;
/** A store of one case, N-1, with one event recorded after its checkpoint (small-cp.json). */
let small: string;

const NOT_JSON = '{"id": "clerk-1",';

beforeAll(async () => {
  const handle = openDatabase({ fileName: db });
  try {
    demoCase = (handle.prepare('SELECT stream_id FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 1').pluck().get() as string).slice('case-'.length);
  } finally {
    handle.close();
  }
  expect((await casefold(['checkpoint', '--new-key', 'signer'])).code).toBe(0);
  const taken = await casefold(['checkpoint', '--db', db, '--key', 'signer', '--out', 'cp.json']);
  expect(taken.code, taken.stderr).toBe(0);
  // The small store: N-1 submitted (with a party's personal data), a checkpoint, then reviewed.
  small = join(tempDir(), 'small.db');
  const clerk = { actor: { id: 'clerk-1', role: 'intakeClerk', unit: 'majie' } };
  type Execute = ReturnType<typeof caseCommandHandler>;
  const append = async (work: (execute: Execute) => ReturnType<Execute>, now: string) => {
    const store = await openSqliteStore({ fileName: small });
    try {
      const outcome = await work(caseCommandHandler({ store: store.events, directory: sampleDirectory(), clock: () => now }));
      expect(E.isRight(outcome), JSON.stringify(E.isLeft(outcome) ? outcome.left : null)).toBe(true);
    } finally {
      await store.close();
    }
  };
  await append(
    (execute) => execute(sampleSubmit('N-1', { claimedAmountFen: null, parties: [{ subjectId: 'resident-1', side: 'applicant', pii: { name: '赵六', phone: null, idNumber: null } }] }), clerk),
    '2026-06-01T01:00:00.000Z',
  );
  const smallTaken = await casefold(['checkpoint', '--db', small, '--key', 'signer', '--out', 'small-cp.json']);
  expect(smallTaken.code, smallTaken.stderr).toBe(0);
  await append(
    (execute) => execute({ type: 'Review', commandId: 'N-1/review', caseId: 'N-1', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Arose in another district' } }, clerk),
    '2026-06-01T02:00:00.000Z',
  );
  writeFileSync(join(dir, 'notjson.json'), NOT_JSON);
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ id: 'clerk-1', assignments: [{ role: 'intakeClerk' }] }));
  writeFileSync(join(dir, 'object.json'), JSON.stringify({ policies: shippedAuthorizationPolicies }));
  writeFileSync(join(dir, 'misspelt.json'), JSON.stringify([{ ...shippedAuthorizationPolicies[0], acusation: { categories: [] } }, ...shippedAuthorizationPolicies.slice(1)]));
  writeFileSync(join(dir, 'shipped.json'), JSON.stringify(shippedAuthorizationPolicies));
  const city = [...(await storeDirectory(dir, { db })).units.values()].find((unit) => unit.parent === null)!;
  writeFileSync(join(dir, 'city.json'), JSON.stringify({ id: 'city-clerk', assignments: [{ role: 'intakeClerk', unit: city.id }] }));
  writeFileSync(join(dir, 'viewer.json'), JSON.stringify({ id: 'clerk-majie', assignments: [{ role: 'intakeClerk', unit: 'majie' }] }));
}, 180_000);

describe('--principal FILE and --policy FILE in Chinese', () => {
  it('refuses an unreadable, non-JSON or malformed principal and unusable policies (exit 2 or 3) in Chinese, naming the file and the fields; in English as before; nothing written', async () => {
    const exportWith = (...more: string[]) => ['export', '--db', db, '--out', 'never.ndjson', '--with-personal-data', ...more];
    const refusals = [
      {
        args: ['serve', '--db', db, '--port', '0', '--policy', 'misspelt.json'],
        code: 2,
        en: 'casefold: --policy says what a principal may see: give --principal FILE too\nRun `casefold serve --help` for its options.\n',
        zh: 'casefold: --policy 规定的是主体可以查看的内容：请同时给出 --principal FILE\n运行 `casefold serve --help` 查看它的选项。\n',
      },
      {
        args: exportWith('--principal', 'notjson.json'),
        code: 3,
        en: `casefold: notjson.json: the file given as --principal is not JSON (${parserWords(NOT_JSON)})\n`,
        zh: `casefold: notjson.json：作为 --principal 给出的文件不是 JSON（${parserWords(NOT_JSON)}）\n`,
      },
      {
        args: exportWith('--principal', 'broken.json'),
        code: 3,
        en: 'casefold: broken.json: the file given as --principal holds no principal (principal.assignments.0.unit: ',
        zh: 'casefold: broken.json：作为 --principal 给出的文件中没有有效的主体（有误的字段：principal.assignments.0.unit）。请按接入系统认证的结果给出 { "id": …, "assignments": [{ "role": …, "unit": … }] }\n',
      },
      {
        args: exportWith('--principal', 'city.json', '--policy', 'object.json'),
        code: 3,
        en: 'casefold: object.json: the file given as --policy is not a JSON array of policies, one per case kind\n',
        zh: 'casefold: object.json：作为 --policy 给出的文件不是策略的 JSON 数组（每个案件类别一条）\n',
      },
      {
        args: exportWith('--principal', 'city.json', '--policy', 'misspelt.json'),
        code: 3,
        en: 'casefold: misspelt.json: the authorization policies cannot be used (policies.0.acusation: unknown key',
        zh: 'casefold: misspelt.json：授权策略无法使用（有误的字段：policies.0.acusation）。请修正（见 docs/writing-workflows.md），或去掉 --policy 以使用随附的策略\n',
      },
    ];
    for (const { args, code, en, zh } of refusals) {
      const [english, chinese] = await inBoth(args);
      // In English, as it always was
      expect(english.code, english.stderr).toBe(code);
      expect(english.stderr.startsWith(en), english.stderr).toBe(true);
      // and in Chinese: the same exit, the sentence from the catalogue, no English but ids, paths, options and the parser's words
      expect(chinese.code, chinese.stderr).toBe(code);
      expect(chinese.stderr).toBe(zh);
      expect(englishRuns(chinese.stderr, [parserWords(NOT_JSON)]), chinese.stderr).toEqual([]);
      expect(chinese.stdout).toBe('');
    }
    // An unreadable file is said in Chinese too; and none of them wrote anything
    const missing = await casefold([...exportWith('--principal', 'missing.json'), '--lang', 'zh-CN']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^casefold: missing\.json：无法读取作为 --principal 给出的文件（.*）。请检查路径和权限\n$/);
    expect(existsSync(join(dir, 'never.ndjson'))).toBe(false);
    expect(existsSync(join(dir, 'never.ndjson.partial'))).toBe(false);
  });

  it('serve --principal: the note of whose view every page shows, in Chinese (from LANG too); in English as before', async () => {
    // serve runs until stopped: each is stopped (as by Ctrl+C) once it printed its address
    const serve = (more: readonly string[], env: Readonly<Record<string, string>> = {}) =>
      casefold(['serve', '--db', db, '--port', '0', '--principal', 'viewer.json', ...more], { env, stopWhenStdout: /http:\/\/\S+\// });
    const english = await serve([]);
    // Said first: at 500,000 cases the read models take about a minute to read, with nothing else printed meanwhile.
    expect(english.stderr).toMatch(/^Reading the read models of '[^']+'; the pages are served once they are read \(about a minute at 500,000 cases\)…\n(?:.*\n)*Every page shows/);
    expect(english.stderr).toContain('Every page shows only what the shipped policies let principal "clerk-majie" see, to every request on 127.0.0.1. Read-only. Stop with Ctrl+C.\n');
    for (const chinese of [await serve(['--lang', 'zh-CN']), await serve([], { LANG: 'zh_CN.UTF-8' })]) {
      expect(chinese.stderr).toContain('每个页面只显示主体 "clerk-majie" 按随附的策略可以查看的内容，对 127.0.0.1 上的每个请求都如此。只读。按 Ctrl+C 停止。\n');
      expect(chinese.stderr).toMatch(/^正在读取 '[^']+' 的读模型；读完后即提供页面（50 万件案件约需一分钟）……\n/);
      expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
    }
    const withPolicy = await serve(['--lang', 'zh-CN', '--policy', 'shipped.json']);
    expect(withPolicy.stderr).toContain('每个页面只显示主体 "clerk-majie" 按策略文件 shipped.json 可以查看的内容，');
  });
});

describe('the help of the newest options in Chinese', () => {
  it('says, as the English help does, what --principal does to serve and that export --with-personal-data needs it', async () => {
    const [serveEn, serveZh] = await inBoth(['serve', '--help']);
    expect(serveEn.stdout).toContain('With --principal FILE every page shows only what the');
    expect(serveZh.stdout).toContain('加 --principal FILE 时，每个页面只显示授权策略（随附的');
    const [exportEn, exportZh] = await inBoth(['export', '--help']);
    expect(exportEn.stdout).toContain('It needs --principal FILE, the');
    expect(exportZh.stdout).toContain('它需要 --principal FILE，');
    expect(exportZh.stdout).toContain('提供情况（谁、哪些案件、何时）在标准错误上说明。');
  });
});

describe('export --with-personal-data in Chinese', () => {
  it('refuses it without a principal, a --principal without it, and a principal the policy does not grant every case (exit 2) in Chinese; in English as before; nothing written', async () => {
    const args = ['export', '--db', db, '--out', 'never.ndjson'];
    const refusals = [
      {
        args: [...args, '--with-personal-data'],
        en: 'casefold: --with-personal-data discloses personal data, which needs the permission of the principal it is disclosed to: give --principal FILE',
        zh: 'casefold: --with-personal-data 会提供个人信息，接收个人信息的主体须有权查看：请给出 --principal FILE（',
      },
      {
        args: [...args, '--principal', 'city.json'],
        en: 'casefold: --principal names who personal data is disclosed to: give it with --with-personal-data\n',
        zh: 'casefold: --principal 指明个人信息提供给谁：请与 --with-personal-data 一起给出\n',
      },
      {
        args: [...args, '--with-personal-data', '--principal', 'city.json'],
        en: 'casefold: principal "city-clerk" may not see the personal data of ',
        zh: 'casefold: 按随附的策略，主体 "city-clerk" 无权查看所导出的 ',
      },
    ];
    for (const refusal of refusals) {
      const [english, chinese] = await inBoth(refusal.args);
      expect(english.code, english.stderr).toBe(2);
      expect(english.stderr.startsWith(refusal.en), english.stderr).toBe(true);
      expect(chinese.code, chinese.stderr).toBe(2);
      expect(chinese.stderr.startsWith(refusal.zh), chinese.stderr).toBe(true);
      expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
    }
    expect(existsSync(join(dir, 'never.ndjson'))).toBe(false);
  });

  it('notes the disclosure on stderr in Chinese (who, which cases, under which policies, when); in English as before; the export the same bytes', async () => {
    const operator = withPersonalData(dir, await storeUnits(dir, { db }));
    const english = await casefold(['export', '--db', db, '--out', 'en.ndjson', ...operator]);
    expect(english.code, english.stderr).toBe(0);
    expect(english.stderr).toMatch(
      /^casefold: NOTICE: the export en\.ndjson includes personal data in clear \(names, phone and ID numbers\) of every case of the store \([\d,]+\), disclosed to principal "operator" under the shipped policies, as asked by --with-personal-data, at 20\d\d-\d\d-\d\dT[\d:.]+Z\. Keep this notice with the record of the disclosure, and the file where only those entitled may read it\.\n/,
    );
    const chinese = await casefold(['export', '--db', db, '--out', 'zh.ndjson', ...operator, '--lang', 'zh-CN']);
    expect(chinese.code, chinese.stderr).toBe(0);
    expect(chinese.stderr).toMatch(
      /^casefold：通知：导出文件 zh\.ndjson 以明文包含本存储全部 [\d,]+ 件案件的个人信息（姓名、电话和身份证号码），应 --with-personal-data 的要求，按随附的策略提供给主体 "operator"，时间 20\d\d-\d\d-\d\dT[\d:.]+Z。请把本通知与提供记录一并保存，并把文件放在只有有权查看的人才能读取的地方。\n/,
    );
    expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
    // and to stdout, the export is the same whatever the language
    const [toStdout, toStdoutZh] = await inBoth(['export', '--db', db, ...operator]);
    expect(toStdoutZh.stdout).toBe(toStdout.stdout);
    expect(toStdoutZh.stderr).toMatch(/^casefold：通知：本次导出以明文包含本存储全部/);
  });
});

describe('export of a store whose hash chain is broken, in Chinese', () => {
  it("warns naming the first broken link and why, in Chinese (exit 1); in English as before; the --json document's reason stays English", async () => {
    const { db: changed } = demoCopy();
    const handle = openDatabase({ fileName: changed });
    try {
      handle.prepare("UPDATE events SET data = json_set(data, '$.note', 'forged') WHERE stream_id = ? AND revision = 1").run(`case-${demoCase}`);
    } finally {
      handle.close();
    }
    const [english, chinese] = await inBoth(['export', '--db', changed, '--out', 'broken.ndjson']);
    expect(english.code).toBe(1);
    expect(english.stderr).toContain(`casefold: WARNING: a hash chain of the store is broken: stream 'case-${demoCase}' (case ${demoCase}) revision 1 (position `);
    expect(english.stderr).toMatch(/\): the hash does not match the event's content \(the event was changed after it was written\); 1 event in all does not check\.\n/);
    expect(chinese.code).toBe(1);
    expect(chinese.stderr).toMatch(
      new RegExp(`\\ncasefold：警告：存储的一条哈希链断开了：流“case-${demoCase}”（案件 ${demoCase}）版本号 1（位置 \\d+）：哈希与事件内容不符（事件写入后被改动过）；共有 1 个事件校验不通过。\n`),
    );
    expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
    const [json, jsonZh] = await inBoth(['export', '--db', changed, '--out', 'broken.ndjson', '--json']);
    expect(jsonOf<{ firstBrokenLink: { reason: string } }>(json).firstBrokenLink.reason).toBe("the hash does not match the event's content (the event was changed after it was written)");
    expect(jsonZh.stdout).toBe(json.stdout);
  });
});

describe('export --case (evidence bundles) in Chinese', () => {
  it('refuses a bundle without --checkpoint or --out, without leaves, with leaves of another checkpoint, with --redact and --with-personal-data, or of a case the checkpoint does not commit to, in Chinese; in English as before', async () => {
    copyFileSync(join(dir, 'cp.json'), join(dir, 'lone.json'));
    const bundle = ['export', '--db', db, '--case', demoCase];
    const refusals = [
      {
        args: [...bundle, '--out', 'never.json'],
        code: 2,
        en: 'casefold: export --case needs --checkpoint FILE (from `casefold checkpoint`) and --out BUNDLE\nRun `casefold export --help` for its options.\n',
        zh: 'casefold: export --case 需要 --checkpoint FILE（`casefold checkpoint` 写出的）和 --out BUNDLE\n运行 `casefold export --help` 查看它的选项。\n',
      },
      {
        args: [...bundle, '--checkpoint', 'cp.json', '--out', 'never.json', '--redact', '--with-personal-data'],
        code: 2,
        en: 'casefold: give --redact (the default) or --with-personal-data, not both\nRun `casefold export --help` for its options.\n',
        zh: 'casefold: --redact（默认）和 --with-personal-data 只能给出一个\n运行 `casefold export --help` 查看它的选项。\n',
      },
      {
        args: [...bundle, '--checkpoint', 'lone.json', '--out', 'never.json'],
        code: 3,
        en: "casefold: lone.json: an evidence bundle needs the checkpoint's leaves, to prove each case against its root. Give --leaves FILE, or keep FILE.leaves beside the checkpoint\n",
        zh: 'casefold: lone.json：证据包需要检查点的叶子，才能对照检查点的根证明每件案件。请给出 --leaves FILE，或把 FILE.leaves 放在检查点旁\n',
      },
      {
        args: [...bundle, '--checkpoint', 'cp.json', '--leaves', 'small-cp.json.leaves', '--out', 'never.json'],
        code: 3,
        en: "casefold: cp.json: The leaves given do not produce the checkpoint's root: give the leaves file written with the checkpoint. Give the checkpoint and leaves files `casefold checkpoint` wrote\n",
        zh: 'casefold: cp.json：给出的叶子得不出检查点的根：请给出与检查点一起写出的叶子文件。请给出 `casefold checkpoint` 写出的检查点文件和叶子文件\n',
      },
    ];
    for (const { args, code, en, zh } of refusals) {
      const [english, chinese] = await inBoth(args);
      expect(english.code, english.stderr).toBe(code);
      expect(english.stderr).toBe(en);
      expect(chinese.code, chinese.stderr).toBe(code);
      expect(chinese.stderr).toBe(zh);
      expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
    }
    const [unknownEn, unknownZh] = await inBoth(['export', '--db', db, '--case', 'NO-SUCH-CASE', '--checkpoint', 'cp.json', '--out', 'never.json']);
    expect(unknownEn.code).toBe(3);
    expect(unknownEn.stderr).toMatch(
      /^casefold: cp\.json: The checkpoint \(position \d+\) does not commit to stream 'case-NO-SUCH-CASE': there is no such case, or it was created after the checkpoint; take a newer checkpoint\. Check the case id, or take a checkpoint after the case was created\n$/,
    );
    expect(unknownZh.code).toBe(3);
    expect(unknownZh.stderr).toMatch(
      /^casefold: cp\.json：检查点（位置 \d+）没有承诺流“case-NO-SUCH-CASE”：没有这件案件，或案件是在检查点之后创建的；请签署更新的检查点。请核对案件编号，或在案件创建之后签署检查点\n$/,
    );
    expect(englishRuns(unknownZh.stderr), unknownZh.stderr).toEqual([]);
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('a case whose stored events differ from the checkpoint: no bundle (exit 1), said in Chinese; in English as before', async () => {
    const { db: changed } = demoCopy();
    const handle = openDatabase({ fileName: changed });
    try {
      handle.prepare("UPDATE events SET data = json_set(data, '$.note', 'forged') WHERE stream_id = ? AND revision = 1").run(`case-${demoCase}`);
    } finally {
      handle.close();
    }
    const [english, chinese] = await inBoth(['export', '--db', changed, '--case', demoCase, '--checkpoint', 'cp.json', '--out', 'never.json']);
    expect(english.code).toBe(1);
    expect(english.stdout).toMatch(
      new RegExp(
        `^NO EVIDENCE WRITTEN: the store differs from checkpoint cp\\.json:\\n  Stream 'case-${demoCase}' does not hold what the checkpoint committed to \\(revision \\d+, hash [0-9a-f]{64}\\): .*\\.\\nA bundle is only made from a case that still holds what the checkpoint committed to\\. Run \`casefold verify --checkpoint\` for every difference\\.\\n$`,
      ),
    );
    expect(chinese.code).toBe(1);
    expect(chinese.stdout).toMatch(
      new RegExp(
        `^未写出证据包：存储与检查点 cp\\.json 不一致：\\n  流“case-${demoCase}”不再包含检查点承诺的内容（检查点承诺到版本号 \\d+）\\n只有仍然包含检查点所承诺内容的案件才能制作证据包。运行 \`casefold verify --checkpoint\` 查看每一处差异。\\n$`,
      ),
    );
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });

  it('a bundle written: its summary lines in Chinese (cases, events, the events after the checkpoint, personal data withheld, how to check it); in English as before; --json the same bytes', async () => {
    const bundle = (out: string) => ['export', '--db', small, '--case', 'N-1', '--checkpoint', 'small-cp.json', '--out', out];
    const english = await casefold(bundle('en.evidence.json'));
    expect(english.code, english.stderr).toBe(0);
    expect(english.stdout).toMatch(
      new RegExp(
        [
          '^Evidence bundle of 1 case \\(1 events\\) written to en\\.evidence\\.json, proven against checkpoint small-cp\\.json \\(position \\d+\\)\\.',
          '1 event was recorded after the checkpoint: listed in the bundle as not covered; take a new checkpoint to cover them\\.',
          '1 event holding personal data withheld; the openings of their commitments \\(personal data\\) are in en\\.evidence\\.json\\.openings: do not share them with the bundle\\.',
          'Check it anywhere with: node verify-evidence\\.mjs BUNDLE --key PUBKEY \\(packages/cli/standalone/verify-evidence\\.mjs\\)\\.',
          '$',
        ].join('\\n'),
      ),
    );
    const chinese = await casefold([...bundle('zh.evidence.json'), '--lang', 'zh-CN']);
    expect(chinese.code, chinese.stderr).toBe(0);
    expect(chinese.stdout).toMatch(
      new RegExp(
        [
          '^1 件案件（1 个事件）的证据包已写入 zh\\.evidence\\.json，已对照检查点 small-cp\\.json（位置 \\d+）证明。',
          '1 个事件在检查点之后录入：证据包中列为未覆盖；请签署新的检查点以覆盖它们。',
          '1 个含个人信息的事件已隐去内容；其承诺的开启值（即个人信息）在 zh\\.evidence\\.json\\.openings 中：不要随证据包一起分享。',
          '在任何地方都可以用 node verify-evidence\\.mjs BUNDLE --key PUBKEY 校验它（packages/cli/standalone/verify-evidence\\.mjs）。',
          '$',
        ].join('\\n'),
      ),
    );
    expect(englishRuns(chinese.stdout, ['node verify-evidence.mjs BUNDLE --key PUBKEY']), chinese.stdout).toEqual([]);
    // The --json document is the same whatever the language
    const [json, jsonZh] = await inBoth([...bundle('j.evidence.json'), '--json']);
    expect(jsonOf(json)).toMatchObject({ ok: true, cases: 1, events: 1, notCovered: 1, withheld: 1 });
    expect(jsonZh.stdout).toBe(json.stdout);
  });

  it('the disclosure of a bundle with personal data, in Chinese (the language from LANG)', async () => {
    const operator = withPersonalData(dir, await storeUnits(dir, { db }));
    const run = await casefold(['export', '--db', db, '--case', demoCase, '--checkpoint', 'cp.json', '--out', 'plain.json', ...operator], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^casefold：通知：证据包 plain\\.json 以明文包含案件 ${demoCase} 的个人信息（姓名、电话和身份证号码），`));
    expect(englishRuns(run.stderr), run.stderr).toEqual([]);
  });
});
