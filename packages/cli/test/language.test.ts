import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from '../src/index.js';
import { GLOBAL_OPTIONS } from '../src/cli/globalOptions.js';
import { cliMessagesOf } from '../src/i18n/localizedText.js';
import { demoCopy, tempDir } from './support/demoDatabase.js';
import { type CasefoldRun, type RunProcessOptions, jsonOf, runCasefold } from './support/runCasefold.js';

/** The environment variables the language is read from: unset, as in CI, unless a test sets them. */
const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LANG'];

const casefold = (args: readonly string[], cwd: string, options: RunProcessOptions = {}): Promise<CasefoldRun> =>
  runCasefold(args, { cwd, unset: LOCALE_VARIABLES.filter((name) => options.env?.[name] === undefined), ...options });

/** One demo copy for the whole file: `dashboards` updates its read model (the figures stay the same). */
const demo = demoCopy();

/** A case of the demo with a few events, from the dashboards' most overdue list or the first case on the board. */
const someCase = async (): Promise<string> => {
  const run = await casefold(['dashboards', '--json', '--db', demo.db], demo.dir);
  const ids = [...run.stdout.matchAll(/"caseId": "([^"]+)"/g)].map((match) => match[1]!);
  expect(ids.length).toBeGreaterThan(0);
  return ids[0]!;
};

describe('casefold --lang zh-CN|en', () => {
  it('dashboards: the headings, labels and citizen-facing statuses in Chinese; --json the same bytes as in English', async () => {
    // Given the demo store
    // When the dashboards are shown in Chinese
    const zh = await casefold(['dashboards', '--lang', 'zh-CN', '--db', demo.db], demo.dir);
    // Then every dashboard's heading is Chinese, the statuses are the words citizens see, and no English heading is left
    expect(zh.code, zh.stderr).toBe(0);
    for (const heading of ['案件总览', '化解层级', '时限', '统计 —— 中心公布的数字', '按公开状态（群众在线上看到的状态）', '按承办单位层级']) expect(zh.stdout).toContain(heading);
    for (const status of ['未审核', '待办理', '已处理', '已拒绝']) expect(zh.stdout).toContain(status);
    for (const english of ['CASE BOARD', 'ESCALATION PATHS', 'DEADLINES', 'STATISTICS', 'By public status', 'unreviewed']) expect(zh.stdout).not.toContain(english);
    // and in English it is as it was
    const en = await casefold(['dashboards', '--lang', 'en', '--db', demo.db], demo.dir);
    expect(en.stdout).toContain('CASE BOARD');
    expect(en.stdout).toContain('未审核 unreviewed');
    // and the JSON document is the same, whatever the language
    const [zhJson, enJson] = await Promise.all([casefold(['dashboards', '--json', '--lang', 'zh-CN', '--db', demo.db], demo.dir), casefold(['dashboards', '--json', '--db', demo.db], demo.dir)]);
    expect(zhJson.stdout).toBe(enJson.stdout);
  });

  it('verify: the result in Chinese; --json the same bytes', async () => {
    const zh = await casefold(['verify', '--lang', 'zh-CN', '--db', demo.db], demo.dir);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/^完好：\d+ 个流共 [\d,]+ 个事件；每条哈希链都完好。\n$/);
    const [zhJson, enJson] = await Promise.all([casefold(['verify', '--json', '--lang', 'zh-CN', '--db', demo.db], demo.dir), casefold(['verify', '--json', '--db', demo.db], demo.dir)]);
    expect(jsonOf(zhJson)).toMatchObject({ ok: true });
    expect(zhJson.stdout).toBe(enJson.stdout);
  });

  it('timeline: the title, columns and deadline states in Chinese', async () => {
    const caseId = await someCase();
    const zh = await casefold(['timeline', caseId, '--lang', 'zh-CN', '--db', demo.db], demo.dir);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toContain(`案件 ${caseId} 的时间线（`);
    expect(zh.stdout).toMatch(/时间\s+办理人\s+事项\s+时限/);
    expect(zh.stdout).not.toContain('Timeline of case');
    // and each event's line in Chinese: the case's submission among them, no English line left
    expect(zh.stdout).toMatch(/经 \S+ 渠道提交至 \S+（[^）]+）：/);
    expect(zh.stdout).not.toContain('Submitted through');
    // while in English each line is the stored summary, as it was
    const [en, json] = await Promise.all([
      casefold(['timeline', caseId, '--lang', 'en', '--db', demo.db], demo.dir),
      casefold(['timeline', caseId, '--json', '--lang', 'zh-CN', '--db', demo.db], demo.dir),
    ]);
    const { items } = jsonOf<{ items: { summary: string; description?: unknown }[] }>(json);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(en.stdout).toContain(item.summary);
    expect(en.stdout).toContain('Submitted through');
    // and the JSON document, in any language, has the English summaries only, as before
    expect(items.every((item) => item.description === undefined)).toBe(true);
  });

  it('a usage error in Chinese: what was wrong and where to look; exit 2 as in English', async () => {
    const dir = tempDir();
    const zh = await casefold(['stats', '--from', '2025-13-01', '--lang', 'zh-CN'], dir);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe('casefold: --from 须为日期（如 2025-06-01）或 UTC 时刻（如 2025-06-01T08:00:00Z），收到的是 "2025-13-01"\n运行 `casefold stats --help` 查看它的选项。\n');
    const unknown = await casefold(['verify', '--frobnicate', '--lang', 'zh-CN'], dir);
    expect(unknown).toMatchObject({ code: 2, stderr: "casefold: 未知的选项 '--frobnicate'\n运行 `casefold verify --help` 查看它的选项。\n" });
    // and with --json the document's message stays English
    const json = await casefold(['stats', '--from', '2025-13-01', '--lang', 'zh-CN', '--json'], dir);
    expect(jsonOf<{ error: { message: string } }>(json).error.message).toBe('--from must be a date like 2025-06-01 or a UTC instant like 2025-06-01T08:00:00Z, got "2025-13-01"');
  });

  it('an unknown --lang is a usage error naming the accepted values', async () => {
    const run = await casefold(['verify', '--lang', 'fr', '--db', demo.db], demo.dir);
    expect(run).toMatchObject({ code: 2, stderr: 'casefold: --lang must be zh-CN or en, got "fr"\nRun `casefold verify --help` for its options.\n' });
    const zh = await casefold(['verify', '--lang', 'fr', '--db', demo.db], demo.dir, { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh).toMatchObject({ code: 2, stderr: expect.stringContaining('--lang 只能是 zh-CN 或 en，收到的是 "fr"') });
  });

  it('a refused command in Chinese: an unknown case (exit 3), a demo into a store that holds events (exit 2); nothing written', async () => {
    const unknownCase = await casefold(['timeline', 'NOPE-1', '--lang', 'zh-CN', '--db', demo.db], demo.dir);
    expect(unknownCase.code).toBe(3);
    expect(unknownCase.stderr).toMatch(/^casefold: '.*casefold\.db' 中没有案件 "NOPE-1"。演示数据中的案件编号形如 PL-2025-00042-gridEvent/);
    const before = await casefold(['verify', '--json', '--db', demo.db], demo.dir);
    const demoAgain = await casefold(['demo', '--cases', '10', '--lang', 'zh-CN', '--db', demo.db], demo.dir);
    expect(demoAgain.code).toBe(2);
    expect(demoAgain.stderr).toMatch(/中已有 [\d,]+ 个事件；演示要写入新的数据库。请换一个 --db，或用 --force 替换这个数据库\n运行 `casefold demo --help` 查看它的选项。\n$/);
    expect((await casefold(['verify', '--json', '--db', demo.db], demo.dir)).stdout).toBe(before.stdout);
  });

  it('a store that cannot be used, in Chinese: a missing database (exit 4) and a --store of an unknown kind (exit 2); nothing created', async () => {
    const dir = tempDir();
    const missing = await casefold(['verify', '--db', 'missing.db', '--lang', 'zh-CN'], dir);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe("casefold: 无法使用存储 'missing.db'：那里没有数据库。请用 `casefold demo --db FILE` 或 `casefold import FILE --db FILE` 创建一个，或让 --db 指向已有的文件。\n");
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);
    const unknown = await casefold(['verify', '--store', 'mysql://x', '--lang', 'zh-CN'], dir);
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringContaining('--store：未知的存储类型“mysql://”') });
  });

  it('an import refused in Chinese: a file exported without personal data names the line and what to do (exit 3); nothing imported', async () => {
    const dir = tempDir();
    const exported = await casefold(['export', '--out', join(dir, 'shared.ndjson'), '--db', demo.db], dir);
    expect(exported.code, exported.stderr).toBe(0);
    const run = await casefold(['import', 'shared.ndjson', '--db', 'copy.db', '--lang', 'zh-CN'], dir);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^casefold: shared\.ndjson 第 2 行：流“case-[^”]+”版本号 0：导出时未包含该事件的个人信息（原处为 \{"withheld":true\}），所以事件与其哈希不再相符：/);
    expect(run.stderr).toContain('请用 `casefold export --with-personal-data` 重新导出');
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
  });

  it('an export that cannot be written, in Chinese: names the path, the reason and what to do (exit 2); nothing left behind', async () => {
    const dir = tempDir();
    const run = await casefold(['export', '--out', 'missing/year.ndjson', '--db', demo.db, '--lang', 'zh-CN'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^casefold: 无法把导出写入“missing\/year\.ndjson”：无法创建 .*year\.ndjson\.partial：.*\(ENOENT\)。目录必须存在：请创建目录 .*missing，或换一个 --out FILE\n$/);
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });

  it('the language follows LC_ALL, LC_MESSAGES and LANG (zh… gives zh-CN), and --lang overrides them', async () => {
    const verify = (env: Readonly<Record<string, string>>, args: readonly string[] = []) => casefold(['verify', '--db', demo.db, ...args], demo.dir, { env });
    expect((await verify({ LANG: 'zh_CN.UTF-8' })).stdout).toMatch(/^完好：/);
    expect((await verify({ LANG: 'zh_CN.UTF-8' }, ['--lang', 'en'])).stdout).toMatch(/^OK: /);
    expect((await verify({ LANG: 'C' }, ['--lang', 'zh-CN'])).stdout).toMatch(/^完好：/);
    expect((await verify({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).stdout).toMatch(/^OK: /);
    expect((await verify({ LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_GB.UTF-8' })).stdout).toMatch(/^完好：/);
    expect((await verify({ LANG: 'C' })).stdout).toMatch(/^OK: /);
    expect((await verify({ LANG: 'C' }, ['--lang=zh-CN'])).stdout).toMatch(/^完好：/);
    expect((await casefold(['verify', '--db', demo.db], demo.dir)).stdout).toMatch(/^OK: /);
  });

  it('help in Chinese: usage, options, common options and exit codes', async () => {
    const run = await casefold(['verify', '--help', '--lang', 'zh-CN'], tempDir());
    expect(run.code).toBe(0);
    for (const part of ['用法：casefold verify', '校验每个流的哈希链', '选项：', '通用选项：', '--lang zh-CN|en', '退出码：', '  4  存储错误']) expect(run.stdout).toContain(part);
    const main = await casefold(['--help'], tempDir(), { env: { LANG: 'zh_CN.UTF-8' } });
    expect(main.stdout).toContain('命令：');
  });

  it('every command, each of its options and each common option has its Chinese help', () => {
    const zh = cliMessagesOf('zh-CN').help;
    for (const command of ALL_COMMANDS) {
      const english = { summary: command.summary, description: command.description, options: Object.fromEntries(command.options.map((o) => [o.name, o.description])) };
      const text = zh.command(command.name, english);
      expect(text.summary, command.name).not.toBe(english.summary);
      expect(text.description, command.name).not.toBe(english.description);
      for (const option of command.options) expect(text.options[option.name], `${command.name} --${option.name}`).toMatch(/[\u4e00-\u9fff]/);
    }
    for (const option of GLOBAL_OPTIONS) expect(zh.globalOption(option.name, option.description), `--${option.name}`).toMatch(/[\u4e00-\u9fff]/);
  });
});
