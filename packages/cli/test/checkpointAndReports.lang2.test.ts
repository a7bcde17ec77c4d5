import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventHashOfJson } from '@casefold/engine';
import { openDatabase } from '@casefold/sqlite';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoCopy } from './support/demoDatabase.js';
import { englishRuns } from './support/englishRuns.js';
import { type CasefoldRun, jsonOf, runCasefold } from './support/runCasefold.js';

/**
 * The last English of a Chinese run: a broken hash chain as `verify`, `replay --verify` and
 * `checkpoint` report it (its kind and detail), the differences `verify --checkpoint` and
 * `export --checkpoint` name, an unusable key, a leaves or checkpoint file that is not one,
 * and a `stats` period that holds no instant. Each is run with the real CLI in English (as it
 * always printed, byte for byte) and with `--lang zh-CN`, whose text must hold no run of three
 * or more English words beyond ids, paths and options; `--json` prints the same bytes in both.
 */

const LOCALE_VARIABLES = ['LC_ALL', 'LC_MESSAGES', 'LANG'];

const { dir, db } = demoCopy();

const casefold = (args: readonly string[]): Promise<CasefoldRun> => runCasefold(args, { cwd: dir, unset: LOCALE_VARIABLES });

/** The same command line in English, then in Chinese. */
const inBoth = async (args: readonly string[]): Promise<[CasefoldRun, CasefoldRun]> => [await casefold(args), await casefold([...args, '--lang', 'zh-CN'])];

/** The same command line with `--json` in both languages: the same bytes; the English document. */
const sameJson = async <T>(args: readonly string[]): Promise<T> => {
  const [english, chinese] = await inBoth([...args, '--json']);
  expect(chinese.stdout).toBe(english.stdout);
  expect(chinese.code).toBe(english.code);
  return jsonOf<T>(english);
};

type Database = ReturnType<typeof openDatabase>;

/** A copy of the demo database (beside the checkpoint of the original), changed by `tamper` as a forger with write access would. */
const tampered = (name: string, tamper: (handle: Database) => void): string => {
  const copy = join(dir, `${name}.db`);
  copyFileSync(db, copy);
  const handle = openDatabase({ fileName: copy });
  try {
    tamper(handle);
  } finally {
    handle.close();
  }
  return copy;
};

/** Streams of the demo with at least 5 events, in order of their first event. */
let streams: string[];
const caseOf = (streamId: string): string => streamId.slice('case-'.length);
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const forge = (h: Database, streamId: string, revision: number): void => {
  h.prepare("UPDATE events SET data = json_set(data, '$.note', 'forged') WHERE stream_id = ? AND revision = ?").run(streamId, revision);
};

beforeAll(async () => {
  const handle = openDatabase({ fileName: db });
  try {
    streams = handle.prepare('SELECT stream_id FROM events GROUP BY stream_id HAVING count(*) >= 5 ORDER BY min(position) LIMIT 4').pluck().all() as string[];
  } finally {
    handle.close();
  }
  expect((await casefold(['checkpoint', '--new-key', 'signer'])).code).toBe(0);
  const taken = await casefold(['checkpoint', '--db', db, '--key', 'signer', '--out', 'cp.json']);
  expect(taken.code, taken.stderr).toBe(0);
  writeFileSync(join(dir, 'garbage.pem'), 'not a key\n');
  writeFileSync(join(dir, 'garbage.leaves'), 'not a leaf\n');
  writeFileSync(join(dir, 'other.json'), JSON.stringify({ format: 'something-else', version: 1 }));
}, 180_000);

interface BrokenLinkJson {
  readonly brokenLink: { readonly kind: string; readonly streamId: string; readonly revision: string; readonly position: string | null; readonly message: string };
}

describe('a broken hash chain in Chinese: verify, replay --verify and checkpoint', () => {
  it('names the stream, the revision, the kind (a sentence) and the detail from the link, in Chinese (exit 1); in English as before; --json the same bytes', async () => {
    const changed = tampered('changed', (h) => forge(h, streams[0]!, 1));
    const removed = tampered('removed', (h) => h.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 2').run(streams[1]));
    const cases = [
      {
        store: changed,
        stream: streams[0]!,
        revision: '1',
        kind: '修改：事件写入后被改动过',
        detail: /版本号 1 的事件写入后被改动过：其内容与哈希不符，或改写后下一个事件不再链接到它（在位置 (\d+) 发现）/,
      },
      { store: removed, stream: streams[1]!, revision: '2', kind: '删除：有事件被删除', detail: /从版本号 2 起缺少事件（在位置 (\d+) 发现）：这些事件被删除了/ },
    ];
    for (const { store, stream, revision, kind, detail } of cases) {
      const commands = [
        ['verify', '--db', store],
        ['replay', '--verify', '--db', store],
        ['checkpoint', '--db', store, '--key', 'signer', '--out', 'never.json'],
      ];
      for (const args of commands) {
        const { brokenLink: link } = await sameJson<BrokenLinkJson>(args);
        expect(link).toMatchObject({ streamId: stream, revision });
        const [english, chinese] = await inBoth(args);
        // In English, as it always printed: the engine's kind id and message
        expect(english.code).toBe(1);
        expect(english.stdout).toBe(
          [
            'VERIFICATION FAILED: a hash chain is broken.',
            `  stream:   ${stream} (case ${caseOf(stream)})`,
            `  revision: ${revision}`,
            `  kind:     ${link.kind}`,
            `  detail:   ${link.message}`,
            'The events from this revision on cannot be trusted. Restore the database from a verified backup or export, and find out who changed it.',
            '',
          ].join('\n'),
        );
        // In Chinese: the kind as a sentence, the detail from the link's stream, revision and position
        expect(chinese.code).toBe(1);
        const lines = chinese.stdout.split('\n');
        expect(lines.slice(0, 4)).toEqual(['校验未通过：一条哈希链断开了。', `  流：    ${stream}（案件 ${caseOf(stream)}）`, `  版本号：${revision}`, `  方式：  ${kind}`]);
        expect(lines[4]).toMatch(new RegExp(`^  详情：  流“${escaped(stream)}”${detail.source}$`));
        expect(lines[4]).toContain(`在位置 ${link.position} 发现`);
        expect(englishRuns(chinese.stdout), chinese.stdout).toEqual([]);
        expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
      }
    }
  }, 120_000);
});

interface DifferencesJson {
  readonly differences: readonly ({ readonly kind: string; readonly message: string; readonly caseId?: string | null } & Record<string, unknown>)[];
}

/** A difference as the English text always printed it. */
const englishLine = (d: DifferencesJson['differences'][number]): string =>
  typeof d['streamId'] === 'string' ? `  ${d.kind}: stream ${d['streamId']}${d.caseId === null ? '' : ` (case ${d.caseId})`}, revision ${d['revision']}: ${d.message}` : `  ${d.kind}: ${d.message}`;

describe('the differences from a checkpoint in Chinese: verify --checkpoint and export --checkpoint', () => {
  it('names each difference (a stream removed, truncated, rewritten, a broken chain, the event count) in Chinese; in English as before; --json the same bytes', async () => {
    const store = tampered('differs', (h) => {
      h.prepare('DELETE FROM events WHERE stream_id = ?').run(streams[0]);
      h.prepare('DELETE FROM events WHERE stream_id = ? AND revision = (SELECT max(revision) FROM events WHERE stream_id = ?)').run(streams[1], streams[1]);
      forge(h, streams[2]!, 1);
      // The last event of a stream changed and re-hashed: its chain holds, its head is not the committed one
      const last = h.prepare('SELECT * FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').get(streams[3]) as Record<string, string | number>;
      const data = JSON.stringify({ ...(JSON.parse(last['data'] as string) as object), note: 'rewritten' });
      const hash = eventHashOfJson(last['prev_hash'] as string, {
        streamId: streams[3]!,
        revision: BigInt(last['revision']!),
        eventId: last['event_id'] as string,
        type: last['type'] as string,
        dataJson: data,
        metadataJson: last['metadata'] as string,
      });
      h.prepare('UPDATE events SET data = ?, hash = ? WHERE position = ?').run(data, hash, last['position']);
      // The streams table set to the tampered events, as a forger who knows the schema does (else each stream is also headDiffers: verifyHeadRecords.test.ts)
      h.exec('DELETE FROM streams; INSERT INTO streams (stream_id, revision, hash) SELECT stream_id, max(revision), hash FROM events GROUP BY stream_id');
    });
    const verify = ['verify', '--db', store, '--checkpoint', 'cp.json', '--key', 'signer.pub'];
    const { differences } = await sameJson<DifferencesJson>(verify);
    expect(differences.map((d) => d.kind).sort()).toEqual(['chainBroken', 'eventCountDiffers', 'streamRemoved', 'streamRewritten', 'streamTruncated']);
    const [english, chinese] = await inBoth(verify);
    expect(english.code).toBe(1);
    expect(english.stdout).toBe(
      [
        `VERIFICATION FAILED: the store differs from checkpoint cp.json (${differences.length} differences):`,
        ...differences.map(englishLine),
        'What the checkpoint committed to is no longer in the store as it was. Restore the database from a verified backup or export, and find out who changed it.',
        '',
      ].join('\n'),
    );
    const of = (kind: string) => differences.find((d) => d.kind === kind)! as Record<string, string>;
    const [removed, truncated, rewritten, counts, chain] = ['streamRemoved', 'streamTruncated', 'streamRewritten', 'eventCountDiffers', 'chainBroken'].map(of) as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
    ];
    const named = (streamId: string) => `流“${streamId}”（案件 ${caseOf(streamId)}）`;
    const chineseLines = [
      `  ${named(streams[0]!)}被删除了：检查点承诺了版本号 0..${removed['revision']}，存储中在检查点位置及以前已没有它的事件`,
      `  ${named(streams[1]!)}被截短了：版本号 ${truncated['revision']} 被删除（该流现止于版本号 ${truncated['storedRevision']}）`,
      `  ${named(streams[3]!)}被改写了：版本号 ${rewritten['revision']} 的哈希是 ${rewritten['storedHash']}，检查点承诺的是 ${rewritten['committedHash']}；该流在此版本号或之前被改动并重新计算了哈希`,
      `  存储在检查点位置及以前有 ${counts['stored']} 个事件，检查点承诺的是 ${counts['committed']} 个`,
      `  ${named(streams[2]!)}的哈希链断开了（修改）：版本号 ${chain['revision']} 的事件写入后被改动过：其内容与哈希不符，或改写后下一个事件不再链接到它（在位置 `,
    ];
    expect(chinese.code).toBe(1);
    expect(chinese.stdout.startsWith(`校验未通过：存储与检查点 cp.json 不一致（${differences.length} 处差异）：\n`), chinese.stdout).toBe(true);
    for (const line of chineseLines) expect(chinese.stdout, line).toContain(line);
    expect(englishRuns(chinese.stdout), chinese.stdout).toEqual([]);

    // export --checkpoint warns on stderr, naming the same differences
    const exported = ['export', '--db', store, '--checkpoint', 'cp.json', '--out', 'tampered.ndjson'];
    const [exportEn, exportZh] = await inBoth(exported);
    expect(exportEn.code).toBe(1);
    expect(exportEn.stderr).toContain(
      `casefold: WARNING: the store differs from checkpoint cp.json:\n${differences
        .filter((d) => d.kind !== 'chainBroken')
        .map(englishLine)
        .join('\n')}\n`,
    );
    expect(exportZh.code).toBe(1);
    expect(exportZh.stderr).toContain(`casefold：警告：存储与检查点 cp.json 不一致：\n${chineseLines.slice(0, 4).join('\n')}\n`);
    expect(englishRuns(exportZh.stderr), exportZh.stderr).toEqual([]);
  }, 120_000);
});

describe('a checkpoint that cannot be trusted, in Chinese: verify --checkpoint', () => {
  it('an edited checkpoint, one signed with another key, and the leaves of another checkpoint: each named in Chinese (exit 1); in English as before; --json the same bytes', async () => {
    const checkpoint = JSON.parse(readFileSync(join(dir, 'cp.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify({ ...checkpoint, events: (checkpoint['events'] as number) - 1 }));
    expect((await casefold(['checkpoint', '--new-key', 'intruder'])).code).toBe(0);
    const other = await casefold(['checkpoint', '--db', db, '--key', 'intruder', '--out', 'intruder.json']);
    expect(other.code, other.stderr).toBe(0);
    const store = tampered('one-event-less', (h) =>
      h.prepare('DELETE FROM events WHERE stream_id = ? AND revision = (SELECT max(revision) FROM events WHERE stream_id = ?)').run(streams[0], streams[0]),
    );
    copyFileSync(join(dir, 'cp.json'), join(dir, 'foreign.json'));
    writeFileSync(join(dir, 'foreign.json.leaves'), `${readFileSync(join(dir, 'cp.json.leaves'), 'utf8').split('\n').slice(1).join('\n')}`);
    const cases = [
      { checkpoint: 'edited.json', key: 'signer.pub', zh: ['  检查点的签名与其内容不符：检查点在签名后被改动过，其中的内容都不可信'] },
      { checkpoint: 'intruder.json', key: 'signer.pub', zh: ['  检查点不是用给出的密钥签名的：它不是签名者的检查点，或给错了密钥'] },
      {
        checkpoint: 'foreign.json',
        key: 'signer.pub',
        zh: [
          '  给出的叶子得不出检查点的根：叶子文件被改动过，或属于另一个检查点；存储中的差异能发现，但无法指出是哪个流',
          '  截至检查点的位置，存储的根与检查点的不同：有流被删除、截短、改写或插入；请给出叶子文件以指出是哪个流',
        ],
      },
    ];
    for (const { checkpoint: file, key, zh } of cases) {
      const args = ['verify', '--db', store, '--checkpoint', file, '--key', key];
      const { differences } = await sameJson<DifferencesJson>(args);
      const [english, chinese] = await inBoth(args);
      expect(english.code).toBe(1);
      expect(english.stdout.split('\n').slice(1, 1 + differences.length)).toEqual(differences.map(englishLine));
      expect(chinese.code).toBe(1);
      expect(chinese.stdout.split('\n').slice(1, 1 + zh.length)).toEqual(zh);
      expect(englishRuns(chinese.stdout), chinese.stdout).toEqual([]);
    }
  }, 120_000);
});

describe('an unusable key, leaves file or checkpoint file in Chinese', () => {
  it('refuses a key that is not one (exit 3) in Chinese, for verify --checkpoint and checkpoint; in English as before', async () => {
    for (const [args, role] of [
      [['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'garbage.pem'], 'public'],
      [['checkpoint', '--db', db, '--key', 'signer.pub', '--out', 'never.json'], 'private'],
    ] as const) {
      const [english, chinese] = await inBoth(args);
      const keyFile = args[args.indexOf('--key') + 1]!;
      expect(english.code).toBe(3);
      expect(english.stderr).toMatch(
        new RegExp(
          `^casefold: ${escaped(keyFile)}: The checkpoint key is not usable: expected an Ed25519 ${role} key.*\\. Pass the key file written by \`casefold checkpoint --new-key\` \\(or generateEd25519KeyPair\\)\\.\\n$`,
        ),
      );
      expect(chinese.code).toBe(3);
      expect(chinese.stderr).toBe(
        `casefold: ${keyFile}：密钥文件中没有可用的密钥：应为检查点所用算法（Ed25519 或 SM2）的 PEM 密钥，签署检查点用私钥，校验用公钥。请给出 \`casefold checkpoint --new-key\` 写出的密钥文件\n`,
      );
      expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
    }
  });

  it('refuses a leaves file or a checkpoint file that is not one (exit 3) in Chinese; in English as before', async () => {
    const refusals = [
      {
        args: ['verify', '--db', db, '--checkpoint', 'cp.json', '--key', 'signer.pub', '--leaves', 'garbage.leaves'],
        en: 'casefold: garbage.leaves: The leaves file\'s line 1 is not a leaf in canonical form ({"hash":…,"revision":"…","streamId":…}). Give the leaves file `casefold checkpoint` wrote beside the checkpoint\n',
        zh: 'casefold: garbage.leaves：这不是检查点的叶子文件：每行应是一个规范形式的叶子 {"hash":…,"revision":"…","streamId":…}，按流标识排序且不重复。请给出 `casefold checkpoint` 在检查点旁写出的叶子文件\n',
      },
      {
        args: ['verify', '--db', db, '--checkpoint', 'other.json', '--key', 'signer.pub'],
        en: 'casefold: other.json: The file is not a casefold checkpoint: its format is "something-else", not "casefold-checkpoint". Give the file `casefold checkpoint` wrote\n',
        zh: 'casefold: other.json：这不是 casefold 检查点：不是 JSON 对象，其他程序读来会不同，或其格式、版本或字段与检查点格式（docs/checkpoint-format.md）不符。请给出 `casefold checkpoint` 写出的文件\n',
      },
    ];
    for (const { args, en, zh } of refusals) {
      const [english, chinese] = await inBoth(args);
      expect(english.code).toBe(3);
      expect(english.stderr).toBe(en);
      expect(chinese.code).toBe(3);
      expect(chinese.stderr).toBe(zh);
      expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
      await sameJson(args);
    }
  });
});

describe('a stats period that holds no instant, in Chinese', () => {
  it('refuses --from not before --to (exit 2) in Chinese; in English as before; --json the same bytes', async () => {
    const args = ['stats', '--db', db, '--from', '2025-10-01', '--to', '2025-07-01'];
    const [english, chinese] = await inBoth(args);
    expect(english.code).toBe(2);
    expect(english.stderr).toBe(
      'casefold: statisticsReport: period: from 2025-10-01 (2025-09-30T16:00:00.000Z) is not before to 2025-07-01 (2025-06-30T16:00:00.000Z), so the period [from, to) holds no instant; give a from earlier than the to (or leave either out)\nRun `casefold stats --help` for its options.\n',
    );
    expect(chinese.code).toBe(2);
    expect(chinese.stderr).toBe('casefold: --from 不早于 --to，统计期间 [--from, --to) 不含任何时刻：请给出早于 --to 的 --from（或省略其中一个）\n运行 `casefold stats --help` 查看它的选项。\n');
    expect(englishRuns(chinese.stderr), chinese.stderr).toEqual([]);
    expect((await sameJson<{ error: { kind: string } }>(args)).error.kind).toBe('ReportInputError');
  });
});
