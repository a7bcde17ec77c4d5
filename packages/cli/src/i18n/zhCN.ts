import type { FieldError } from '@casefold/core';
import { messagesOf } from '@casefold/dashboard';
import type { BrokenLink, BrokenLinkKind, CheckpointDifference, EvidenceRefusal } from '@casefold/engine';
import type { CliMessages, CommandHelpText } from './cliMessages.js';

/** `--principal` and `--policy` (of `serve` and `export`). */
const PRINCIPAL_OPTION_HELP: Readonly<Record<string, string>> = {
  principal: '命令代表谁运行：JSON 格式的主体，{ "id", "assignments": [{ "role", "unit" }, …], "subjectId"?, "accusedIn"? }（docs/security.md）',
  policy: '授权策略，JSON 数组，每个案件类别一条（默认：随附的策略）；需要 --principal',
};

/** The Chinese help of every command, by command name; each option's line by option name. */
const COMMAND_HELP: Readonly<Record<string, CommandHelpText>> = {
  demo: {
    summary: '生成一个区级中心真实的一年（四个中心、一个窗口），并显示看板',
    description: [
      '模拟昆明一个区级中心的一年：综治、网格指挥、信访、矛盾调解四个中心合署办公、一窗受理，',
      '加上一站式中心的法律服务。法律咨询（约占一半，46% 在线）、网格事件（多为网格巡查发现，',
      '不少在网格或微网格就地化解，其余按“五定”立案、分类派遣、处置、核查、返工、评价）、',
      '调解申请（劳动争议超过 60%；分流、逐级上报、时限、督办、赋强公证的协议）、信访事项',
      '（登记、转送、告知、60 日内办理、答复意见书、复查、复核、终结）和法律援助申请',
      '（转交、批准或不予援助、指派）。请求来自一个窗口（部分分为两件关联案件）、线上、网格巡查、',
      '转办和来信；部分网格事件和信访转为调解（访调对接）。每条指令都经过真实的指令处理；事件',
      '存入数据库，然后打印按类别的全年汇总和四个看板（案件总览、化解层级、时限、统计）。',
      '',
      '同一种子得到同样的数据和同样的输出。数据库须是新的或空的（或用 --force 替换一个没有',
      '其他进程打开的 casefold 数据库）。',
    ].join('\n'),
    options: {
      cases: '全年受理的请求数（默认 8000；部分请求开两件关联案件，转办另开案件）',
      seed: '任意文字；同一种子得到同样的一年（默认 2025）',
      year: '模拟的年份（默认 2025）',
      force: '替换 --db 处已有的 casefold 数据库（另一进程打开时拒绝）',
    },
  },
  dashboards: {
    summary: '显示案件总览、化解层级、时限和统计看板',
    description: [
      '先把保存在存储数据库中的行读模型更新到最新事件（只折叠各自检查点之后的事件；第一次运行',
      '从第一个事件起建立它们），再打印四个看板。时限在 --as-of 时刻按中国大陆工作日历判定，',
      '默认是最近一个事件的时间。每个看板按案件类别',
      '（mediation 人民调解、petition 信访、gridEvent 网格事件、legalConsultation 法律咨询、',
      'legalAid 法律援助）列出数字；--kind 只看一个类别。',
    ].join('\n'),
    options: {
      'as-of': '在这个 UTC 时刻判定时限（默认：最近一个事件）',
      kind: '只看这个类别的案件（流程标识，例如 gridEvent）',
    },
  },
  replay: {
    summary: '用全部事件重建读模型（审计回放）',
    description: [
      '丢弃存储的读模型，用引擎的投影运行器从第一个位置起重新折叠全部事件：案件总览、化解',
      '层级、时限和统计投影，以及 `dashboards`、`stats` 和 `serve` 读取的行读模型（先删除，再',
      '从第一个事件重建）。打印回放的事件数、案件数和用时。之后 `casefold dashboards` 显示',
      '回放得到的数字，它们必须与回放前相同。删除任何读模型之前先读取并解码每个事件：有事件无法',
      '解码时退出码 4，读模型保持原样。',
      '',
      '加 --verify 时，同一遍读取也像 `casefold verify` 一样检查每个流的哈希链，只有所有链都',
      '完好才存储重建的读模型；遇到断开的链接时，像 `verify` 一样报告，保留原来的读模型，退出码 1。',
    ].join('\n'),
    options: { verify: '同时校验每条哈希链；全部完好才存储重建的读模型' },
  },
  verify: {
    summary: '校验每个流的哈希链（防篡改证据）',
    description: [
      '按位置顺序读取存储的每个事件，检查每个流的哈希链：每个事件的 SHA-256 哈希与其内容相符',
      '并链接到前一个事件，版本号依次为 0、1、2……遇到第一个断开的链接时，打印流（及案件）、',
      '版本号、篡改方式（修改、删除、插入、调序），退出码 1。',
      '在 SQLite 上还比较存储为每个流记录的链头（streams 表）与最后一个存储的事件（链头不符：',
      '有事件被绕过存储从流末尾删除或添加），并比较同一文件中读模型的检查点与存储的最后位置（读模型',
      '构建到了其后：有事件被从存储末尾删除，或读模型属于另一个存储）。',
      '未能读到全部事件时（在 PostgreSQL 上，仍在进行的写入挡住了读取），也退出码 1，并说明已',
      '检查了多少事件。',
      '加 --checkpoint FILE --key PUBKEY 时，还证明存储仍然包含签名检查点（`casefold checkpoint`）',
      '承诺的全部内容，并列出每处差异：流被删除、截短、改写或插入（含版本号）、检查点被改动、换了密钥。',
    ].join('\n'),
    options: {
      checkpoint: '`casefold checkpoint` 写出的检查点，用来校验存储',
      key: '检查点必须使用的签名公钥（PEM）',
      leaves: '检查点的叶子文件（默认：检查点旁的 FILE.leaves）',
    },
  },
  checkpoint: {
    summary: '为整个存储签署检查点（各流链头上的默克尔根）',
    description: [
      '先检查每条哈希链（同 `casefold verify`），再把存储在最后位置的签名检查点写入 FILE，把叶子',
      '（每个流的标识、最后版本号和链头哈希）写入 FILE.leaves。检查点是一个小的规范 JSON 文档，',
      '含叶子上的默克尔根，用 KEYFILE 中的私钥签名（格式见 docs/checkpoint-format.md）。请把它和',
      '公钥保存在存储的写入者改不到的地方：之后 `casefold verify --checkpoint FILE --key KEYFILE.pub`',
      '证明存储仍包含它承诺的全部内容，并列出每处差异。哈希链断开的存储不签检查点（退出码 1）。',
      '--algorithm ed25519（默认）用 SHA-256 计算树、用 Ed25519 签名；--algorithm sm2 用 SM3 计算树、',
      '用 SM2 签名（GB/T 32905、GB/T 32918；密钥为 OpenSSL、GmSSL 写出的 SM2 曲线 PEM，或十六进制）。',
      '`verify --checkpoint` 从检查点读取算法。',
      '--new-key OUT 写出该算法的新密钥对：OUT（私钥，权限 0600）和 OUT.pub（公钥）。',
    ].join('\n'),
    options: {
      key: '用来签名的私钥（PEM）',
      algorithm: 'ed25519（SHA-256 与 Ed25519，默认）或 sm2（SM3 与 SM2）',
      out: '检查点（及 FILE.leaves）写到哪里',
      label: '检查点中标识存储的文字（默认：存储位置）',
      previous: '上一个检查点，本检查点与它相链接',
      'new-key': '把一对新密钥（--algorithm 的算法）写入 OUT 和 OUT.pub，别的什么也不做',
    },
  },
  timeline: {
    summary: '逐个事件显示一件案件，及每个事件后的时限',
    description: [
      '读取案件的流，用内置的 caseTimeline 投影折叠：每个事件的时间、办理人和摘要（不含个人信息），',
      '以及事件后案件的时限（按中国大陆日历的到期时间，计时中、已暂停、已超期、按时或超时）。',
      '标题写明案件类别（流程及版本）；每个时限显示其规则名称。',
      '事件发生一小时以后才录入的，显示录入时间（“延后录入”）；只凭日期按时完成的时限显示',
      '“按时办结、延后录入”。',
    ].join('\n'),
    options: {},
  },
  stats: {
    summary: '中心公布的数字，按某一期间受理的案件计算',
    description: [
      '统计在 [--from, --to) 期间受理的案件：按渠道和类别的受理（线上占比、劳动争议占比）、审核',
      '结果、按调解类型的调解及成功率、协议金额与请求金额、赋强公证、办结及按时办结率、回访满意度、上报。',
      'DATE 为 YYYY-MM-DD（北京时间零点）或 UTC 时刻，例如 2025-07-01T00:00:00Z。',
      '不含任何时刻的期间（--from 不早于 --to）是用法错误（退出码 2）。数字来自保存在存储数据库中的',
      '统计行读模型，先更新到最新事件。',
    ].join('\n'),
    options: {
      from: '第一天（含）；默认：最早',
      to: '最后一天的次日（不含），须晚于 --from；默认：不设截止',
    },
  },
  serve: {
    summary: '以本机只读网页提供看板（中文或英文）',
    description: [
      '把案件总览、时限与督办、化解层级、统计和每件案件的时间线作为网页提供，数字与',
      '`casefold dashboards` 相同，直到按 Ctrl+C。页面随新存入的事件更新。它不写入事件（同',
      '`dashboards`，它使存储的读模型保持最新）。加 --principal FILE 时，每个页面只显示授权策略（随附的',
      '策略，或 --policy FILE）允许该主体查看的内容，并接受任何 --host；没有访问策略时只在本机（127.0.0.1）',
      '提供：拒绝其他 --host。页面的语言由 --lang 决定（见“通用选项”）。见 docs/dashboard.md。',
    ].join('\n'),
    options: {
      port: '监听的端口（默认 8700；0 表示任选一个空闲端口）',
      host: '监听的地址（默认 127.0.0.1；没有 --principal 时只能是本机地址）',
      ...PRINCIPAL_OPTION_HELP,
    },
  },
  export: {
    summary: '把全部事件（连同哈希链）写成 NDJSON',
    description: [
      '把存储写成 NDJSON（格式见 docs/cli.md）：含单位目录的头行，按位置顺序每个事件一行（含哈希字段），',
      '以及含计数和各流链头默克尔根（同检查点）的结尾行，因此文件中被删去、截短或重新计算哈希的案件',
      '会被 `casefold import` 拒绝。加 --checkpoint FILE（`casefold checkpoint` 写出的）时，头行还带有',
      '该签名检查点，文件带有其叶子：之后 `casefold import --key PUBKEY` 证明文件包含签名者承诺的内容。',
      '写到标准输出，或写到 --out FILE（先写 FILE.partial 再改名，中断的导出不会看似完整）。',
      '`casefold import` 读回它。',
      '途中检查每条哈希链。哈希链断开的存储（事件写入后被修改、删除或插入）仍会完整导出作为证据，',
      '但命令会警告，指出第一个断开的流和版本号，退出码 1。',
      '写不了的 --out FILE（目录、不存在的目录、无权限）在读取任何事件前即被拒绝；途中写入出错',
      '（磁盘已满）会删除 FILE.partial，退出码 2。标准输出提前关闭（`| head`）时静默停止。',
      '默认不导出个人信息：每个当事人的明文 pii 写为 {"withheld":true}（受保护存储中加密的个人信息',
      '保持加密，其密钥从不导出）。这样的行与其哈希不再相符，`casefold import` 会拒绝：',
      '--with-personal-data 以明文写出个人信息，用于要导入的副本（docs/personal-data.md）。它需要 --principal FILE，',
      '即接收个人信息的主体，其授权策略（随附的策略，或 --policy FILE）须允许其查看所导出的每件案件的个人信息；',
      '否则什么也不写出。提供情况（谁、哪些案件、何时）在标准错误上说明。',
      '加 --case ID（可重复）时改为写出这些案件的证据包，以签名的 --checkpoint 证明',
      '（docs/evidence-bundle.md）。证据包同样不含个人信息（--redact，默认：含个人信息的事件保留哈希和',
      '带承诺的视图，承诺的开启值写入 BUNDLE.openings，权限 0600）；--with-personal-data 把个人信息',
      '留在证据包中，并在标准错误上说明。',
    ].join('\n'),
    options: {
      out: '写入这个文件而不是标准输出',
      checkpoint: '本存储的检查点（`casefold checkpoint`），随导出携带',
      leaves: '检查点的叶子文件（默认：检查点旁的 FILE.leaves）',
      case: '改为写出这件案件的证据包（需要 --checkpoint 和 --out；见 docs/evidence-bundle.md）',
      'with-personal-data': '以明文写出当事人的个人信息（默认不写）；在标准错误上说明',
      redact: '与 --case 一起（默认）：不写含个人信息的事件，只留哈希承诺',
      ...PRINCIPAL_OPTION_HELP,
    },
  },
  import: {
    summary: '检查每条哈希链后，导入 NDJSON 导出文件中的事件',
    description: [
      '读取导出文件（文件，或 - 表示标准输入），写入任何内容之前先检查全部：JSON 语法、头行（含',
      '单位目录）和结尾行、每个字段、每个事件的哈希与内容、每个流的链、案件事件的模式，以及文件',
      '是否接续数据库中已有的链。第 2 版导出（格式见 docs/checkpoint-format.md）带有各流链头的默克尔根：',
      '文件中被删去、截短或重新计算哈希的案件会被拒绝，文件带有检查点（`casefold export --checkpoint`）',
      '时还会指出是哪一件。加 --key PUBKEY 时检查点必须用该密钥签名：即使伪造者重新计算了文件的根，',
      '改动的文件也导入不了。报告第一个问题及其行号，什么也不导入。文件逐行读取，内存有界。数据库',
      '已有的流（例如早先导入过同一文件）相符的跳过，所以再次导入无害，并能完成中途停止的导入',
      '（退出码 6）。数据库不存在时会创建。',
      '之后运行 `casefold dashboards`（它会追上）。',
    ].join('\n'),
    options: { key: '文件的检查点必须使用的签名公钥（PEM）' },
  },
};

/** The common options' lines in Chinese, by option name. */
const GLOBAL_OPTION_HELP: Readonly<Record<string, string>> = {
  db: 'SQLite 数据库文件（默认：当前目录下的 casefold.db）',
  store: '事件存放的位置：sqlite:FILE、文件名、postgres://user:password@host:port/database 或 esdb://user:password@host:2113?tls=false',
  projections: '仅用于 esdb://：读模型存放的位置，SQLite 文件或 postgres://…（默认：当前目录下的 esdb-HOST-PORT-PREFIX.read-models.db）',
  'stream-prefix': '仅用于 esdb://：该存储的 EventStoreDB 流名前缀（默认 casefold-）',
  'lock-timeout': '等待另一进程释放写锁的时间（默认 5000）',
  tenant: '多个租户共用的存储中的一个租户（如 xishan）：只涉及该租户的案件、读模型和设置（见 docs/tenancy.md）',
  json: '在标准输出打印一个 JSON 文档而不是文字',
  lang: '文字输出、帮助和错误信息的语言（默认：取自 LC_ALL、LC_MESSAGES 或 LANG，zh… 为 zh-CN，其余为 en）',
  help: '显示命令的帮助',
};

/** The dashboard's names of the unit levels (微网格, 网格, 社区, …). */
const LEVELS = messagesOf('zh-CN').level as Readonly<Record<string, string>>;

/** How cases came in, as the demo's year counts them. */
const INTAKE_ROUTE_NAMES: Readonly<Record<string, string>> = { window: '窗口', online: '线上', patrol: '巡查', transfer: '转办', letter: '来信', conversion: '转类别' };

/** The policies a principal was checked against, after 按: the `--policy` file, or the shipped ones. */
const policies = (file: string | null): string => (file === null ? '随附的策略' : `策略文件 ${file} `);

/** The fields a decoder found wrong (its own words are English: the paths name the fields). */
const fieldList = (problems: readonly FieldError[]): string => `有误的字段：${problems.map(({ path }) => path).join('、')}`;

/** What the evidence bundle's engine refused, by kind. */
const EVIDENCE_REFUSALS: { readonly [K in EvidenceRefusal['kind']]: (streamId: string | null, position: string, revision: string | null) => string } = {
  algorithmUnsupported: () => '检查点的树所用的哈希算法与给出的不同：请使用检查点指明的算法',
  leavesDiffer: () => '给出的叶子得不出检查点的根：请给出与检查点一起写出的叶子文件',
  streamNotCommitted: (streamId, position) => `检查点（位置 ${position}）没有承诺流“${streamId}”：没有这件案件，或案件是在检查点之后创建的；请签署更新的检查点`,
  streamDiffers: (streamId, _position, revision) => `流“${streamId}”不再包含检查点承诺的内容${revision === null ? '' : `（检查点承诺到版本号 ${revision}）`}`,
};

/** How a hash chain was broken: the verify help's word (修改、删除、插入、调序) and what it means. */
const BROKEN_LINK_KINDS: Readonly<Record<BrokenLinkKind, { readonly word: string; readonly meaning: string }>> = {
  changed: { word: '修改', meaning: '事件写入后被改动过' },
  removed: { word: '删除', meaning: '有事件被删除' },
  inserted: { word: '插入', meaning: '链中有不属于原链的事件' },
  reordered: { word: '调序', meaning: '事件的顺序与版本号不符' },
  ambiguous: { word: '歧义', meaning: '存储的 JSON 在不同程序读来内容不同' },
  headDiffers: { word: '链头不符', meaning: '存储为流记录的链头不是它最后一个存储的事件' },
};

/** What is wrong at a broken link's revision, by its kind (the engine's message names more, in English; these are its structured fields). */
const BROKEN_LINK_PROBLEMS: Readonly<Record<BrokenLinkKind, (revision: string, where: string) => string>> = {
  changed: (revision, where) => `版本号 ${revision} 的事件写入后被改动过：其内容与哈希不符，或改写后下一个事件不再链接到它${where}`,
  removed: (revision, where) => `从版本号 ${revision} 起缺少事件${where}：这些事件被删除了`,
  inserted: (revision, where) => `版本号 ${revision} 处的事件不属于原来的链${where}：它是被插入的`,
  reordered: (revision, where) => `版本号 ${revision} 的事件顺序错乱${where}：事件的顺序与版本号不符`,
  ambiguous: (revision, where) =>
    `版本号 ${revision} 的事件存储的 JSON 与其哈希相符，但其他程序读出的内容不同（同一对象中有重复的键、双精度数无法精确表示的数字或孤立的代理字符）${where}：它在写入后被改动过`,
  headDiffers: (revision, where) => `存储为该流记录的链头（streams 表）与其最后一个存储的事件从版本号 ${revision} 起不符${where}：流末尾的事件被绕过存储删除或添加，或链头记录被改动过`,
};

/** A broken link's problem, without its stream: where it was noticed (its position, or the stream's end). */
const brokenLinkProblem = (link: BrokenLink): string => BROKEN_LINK_PROBLEMS[link.kind](String(link.revision), link.position === null ? '（在流的末尾发现）' : `（在位置 ${link.position} 发现）`);

/** What a stream's broken link shows, after the stream's name: its head record, or its hash chain, broken. */
const brokenLinkFound = (link: BrokenLink): string =>
  `${link.kind === 'headDiffers' ? '的链头记录与其最后一个存储的事件不符' : '的哈希链断开了'}（${BROKEN_LINK_KINDS[link.kind].word}）：${brokenLinkProblem(link)}`;

/** A stream difference's words, with the stream's broken link when it has one. */
const withLink = (words: string, link: BrokenLink | undefined): string => (link === undefined ? words : `${words}；该流${brokenLinkFound(link)}`);

/** The `moreChainsBroken` words: `count` streams more, `headsDiffer` of them by their head records. */
const moreBroken = (count: number, headsDiffer: number): string => {
  if (headsDiffer === 0) return `另有 ${count} 个流的哈希链断开了（以上只列出前面几个）`;
  if (headsDiffer === count) return `另有 ${count} 个流的链头记录与其最后一个存储的事件不符（以上只列出前面几个）`;
  return `另有 ${count} 个流有问题：${count - headsDiffer} 个流的哈希链断开了，${headsDiffer} 个流的链头记录与其最后一个存储的事件不符（以上只列出前面几个）`;
};

/** A range of revisions, as the engine names them. */
const revisions = (from: bigint, to: bigint): string => (from === to ? `版本号 ${from}` : `版本号 ${from}..${to}`);

/** One difference from a checkpoint, after its indent; `stream`: the stream and its case, named. */
const checkpointDifference = (difference: CheckpointDifference, stream: string): string => {
  switch (difference.kind) {
    case 'algorithmUnsupported':
      return '检查点所用的哈希或签名算法与校验时给出的不同：请使用检查点指明的算法';
    case 'keyDiffers':
      return '检查点不是用给出的密钥签名的：它不是签名者的检查点，或给错了密钥';
    case 'signatureInvalid':
      return '检查点的签名与其内容不符：检查点在签名后被改动过，其中的内容都不可信';
    case 'previousDiffers':
      return '检查点没有接续给出的上一个检查点';
    case 'leavesDiffer':
      return '给出的叶子得不出检查点的根：叶子文件被改动过，或属于另一个检查点；存储中的差异能发现，但无法指出是哪个流';
    case 'rootDiffers':
      return '截至检查点的位置，存储的根与检查点的不同：有流被删除、截短、改写或插入；请给出叶子文件以指出是哪个流';
    case 'streamRemoved':
      return withLink(`${stream}被删除了：检查点承诺了${revisions(0n, difference.revision)}，存储中在检查点位置及以前已没有它的事件`, difference.link);
    case 'streamInserted':
      return withLink(`${stream}是插入的：它在检查点位置及以前有${revisions(0n, difference.revision)}，检查点没有承诺它`, difference.link);
    case 'streamTruncated':
      return withLink(`${stream}被截短了：${revisions(difference.revision, difference.committedRevision)} 被删除（该流现止于版本号 ${difference.storedRevision}）`, difference.link);
    case 'streamExtended':
      return withLink(
        `${stream}在检查点位置及以前、承诺的链头（版本号 ${difference.committedRevision}）之后还有${revisions(difference.revision, difference.storedRevision)}：它们是插入的`,
        difference.link,
      );
    case 'streamRewritten':
      return withLink(
        `${stream}被改写了：版本号 ${difference.revision} 的哈希是 ${difference.storedHash}，检查点承诺的是 ${difference.committedHash}；该流在此版本号或之前被改动并重新计算了哈希`,
        difference.link,
      );
    case 'eventCountDiffers':
      return `存储在检查点位置及以前有 ${difference.stored} 个事件，检查点承诺的是 ${difference.committed} 个`;
    case 'chainBroken':
      return `${stream}${brokenLinkFound(difference.link)}`;
    case 'moreChainsBroken':
      return moreBroken(difference.count, difference.headsDiffer);
  }
};

/** A difference from a checkpoint, naming its stream (and case). */
const differenceLine = (difference: CheckpointDifference, caseId: string | null): string =>
  checkpointDifference(difference, 'streamId' in difference ? `流“${difference.streamId}”${caseId === null ? '' : `（案件 ${caseId}）`}` : '');

/** A report's refused argument, by the field its error names; other fields by their name. */
const REPORT_INPUTS: Readonly<Record<string, string>> = {
  'statisticsReport: period': '--from 不早于 --to，统计期间 [--from, --to) 不含任何时刻：请给出早于 --to 的 --from（或省略其中一个）',
  'statisticsReport: from': '统计期间的起点须为 YYYY-MM-DD 日期或 ISO-8601 UTC 时刻',
  'statisticsReport: to': '统计期间的终点须为 YYYY-MM-DD 日期或 ISO-8601 UTC 时刻',
  'statisticsReport: unit': '所给的单位不在单位目录中：请给出单位或部门的标识',
  'deadlineReport: now': '判定时限的时刻须为 ISO-8601 UTC 时刻',
  'deadlineReport: window': '从判定时刻起的“即将到期”窗口会超出 9999-12-31T23:59:59.999Z（casefold 能写出的最后时刻）：请在更早的时刻判定时限',
};

/** The Chinese (mainland) catalogue; the statuses are the words citizens see online. */
export const zhCN: CliMessages = {
  language: 'zh-CN',
  help: {
    usage: (usage) => `用法：casefold ${usage}`,
    mainUsage: '用法：casefold <命令> [选项]',
    options: '选项：',
    commonOptions: '通用选项：',
    mayBeRepeated: '（可重复）',
    exitCodes: [
      '退出码：',
      '  0  成功',
      '  1  检查未通过（verify、replay --verify、checkpoint 或 export 发现断开的哈希链，或读模型超出存储末尾）',
      '  2  用法错误（未知的命令或选项、参数有误、--out 文件无法写入）',
      '  3  输入数据有误（NDJSON 格式错误、未知的案件编号、会断开哈希链的导入）',
      '  4  存储错误（数据库不存在、被锁定、磁盘已满、无法连接、版本过新、不是 casefold 数据库、已损坏、事件无法读取）；未写入任何事件',
      '  5  内部错误（程序缺陷：请报告）',
      '  6  中途停止（demo、import）：信息中说明已写入多少事件以及如何完成',
    ],
    tagline: 'casefold —— 基层矛盾纠纷调解的事件溯源案件流程（默认使用 SQLite 文件）。',
    commands: '命令：',
    more: '运行 `casefold <命令> --help` 查看命令的选项。快速开始：`casefold demo`。',
    command: (name, english) => {
      const help = COMMAND_HELP[name];
      return help === undefined ? english : { summary: help.summary, description: help.description, options: { ...english.options, ...help.options } };
    },
    globalOption: (name, english) => GLOBAL_OPTION_HELP[name] ?? english,
  },
  errors: {
    unknownCommand: (shown, commands) => `未知的命令 ${shown}；可用的命令：${commands}`,
    optionBeforeCommand: (shown) => `${shown} 写在了命令之前：请先写命令，再写它的选项（casefold <命令> [选项]，例如 casefold verify --json）`,
    needs: (command, positionals) => `${command} 需要 ${positionals}`,
    unexpectedArgument: (shown) => `多余的参数 ${shown}`,
    badOption: (nodeMessage) => {
      const unknown = /^Unknown option '([^']*)'/.exec(nodeMessage);
      if (unknown !== null) return `未知的选项 '${unknown[1]}'`;
      const missing = /^Option '([^']*)' argument missing/.exec(nodeMessage);
      if (missing !== null) return `选项 '${missing[1]}' 缺少取值`;
      const flag = /^Option '([^']*)' does not take an argument/.exec(nodeMessage);
      if (flag !== null) return `选项 '${flag[1]}' 不带取值`;
      return `命令行无法识别（${nodeMessage}）`;
    },
    seeMainHelp: '运行 `casefold --help` 查看全部命令。',
    seeCommandHelp: (command) => `运行 \`casefold ${command} --help\` 查看它的选项。`,
    languageOption: (shown) => `--lang 只能是 zh-CN 或 en，收到的是 ${shown}`,
    wholeNumber: (name, min, max, shown) => `--${name} 须为 ${min} 到 ${max} 之间的整数，收到的是 ${shown}`,
    date: (name, shown) => `--${name} 须为日期（如 2025-06-01）或 UTC 时刻（如 2025-06-01T08:00:00Z），收到的是 ${shown}`,
    instant: (name, shown) => `--${name} 须为 UTC 时刻（如 2025-12-31T08:00:00Z），收到的是 ${shown}`,
    kind: (name, kinds, shown) => `--${name} 须为案件类别之一：${kinds}；收到的是 ${shown}`,
    tenantImport:
      'import 按存储时的原样写入文件中的流，而租户的导出在流标识中保留了租户（xishan/case-…）：与 --tenant 同用时拒绝执行。未导入任何内容；请不带 --tenant 导入（到单独的数据库），再用 --tenant 读取该租户',
    tenantForce: '--force 会替换整个数据库文件，连同所有租户的案件：与 --tenant 同用时拒绝执行。未做任何改动；请换一个 --tenant 写入该租户的演示，或写入单独的数据库',
    tenant: (shown) => `--tenant 须为租户标识：一个小写字母，其后至多 15 个小写字母或数字（如 xishan）；收到的是 ${shown}`,
    badInput: (where, reason, hint) =>
      `${where === null ? '' : `${where.source}${where.line === undefined ? '' : ` 第 ${where.line} 行`}：`}` + (hint === null ? reason : `${reason.replace(/[.。]$/, '')}。${hint}`),
    noSuchCase: (shown, store) => `${store} 中没有案件 ${shown}`,
    caseIdHint: '演示数据中的案件编号形如 PL-2025-00042-gridEvent（<请求>-<类别>）；`casefold export` 列出每个案件（其流为 case-<案件编号>）',
    didYouMean: (caseIds) => `您要找的是不是 ${caseIds.join('、')}？`,
    storeUnavailable: (reason, hint) => `无法使用存储：${reason}。${hint}；本命令未写入任何事件。`,
    projectionConflict: (projection) =>
      `本命令每次尝试存储读模型“${projection}”时，另一个 casefold 命令（replay、dashboards 或 stats）都已更新了它；` +
      '本命令什么也没有存储，也没有改动任何事件。请等另一个命令结束后再运行（一次只运行一个 replay）。',
    reportInput: (error) => REPORT_INPUTS[error.field] ?? `报表参数 ${error.field} 无效：请检查命令行给出的取值`,
    undecodableEvent: (message) => `无法解码存储中的事件：${message} 事件写入后被改动也会无法解码：请运行 \`casefold verify\`，它会指出存储是否被篡改。`,
    storeFault: (message) => `存储无法使用：${message}`,
    rowTableDamaged: (refusal) => `读模型的行表已在存储之外被改动：${refusal}。未写入任何内容；这些行由事件派生：\`casefold replay\` 会从事件重建读模型（包括内置行表），不改动任何事件。`,
  },
  store: {
    cannotUse: (location, reason, hint) => `无法使用存储 ${location}：${reason}。${hint}`,
    missing: '那里没有数据库',
    missingHint: '请用 `casefold demo --db FILE` 或 `casefold import FILE --db FILE` 创建一个，或让 --db 指向已有的文件。',
    noTenantEvents: (tenantId) => `其中没有租户“${tenantId}”的事件`,
    noTenantEventsHint: '未做任何改动；请核对 --tenant（即写入该租户案件时所用的编号，例如 `casefold demo --tenant xishan`），或去掉它以读取整个存储。',
    locked: '数据库被锁定或正忙（另一个进程正在写入）',
    lockedHint: '未做任何改动；请等另一个进程结束（或调大 --lock-timeout）后再运行本命令。',
    tooNew: (found, known) => `它由更新版本的 casefold 写入（模式版本 ${found}；本版本最高只认识 ${known}）`,
    tooNewHint: '文件未被改动；请升级 casefold 后再打开它。',
    badDirectory: (problems) => `其中保存的单位目录无效（${problems}）`,
    badDirectoryHint: '未做任何改动；请把有效的单位目录导入一个新数据库（`casefold export`，修正头行中的目录，`casefold import`）',
    forceRefused: '另一个进程打开着这个数据库（可能正在写入），所以 --force 不会删除它',
    forceRefusedHint: '未删除任何内容；请停止另一个进程（或等它结束），或换一个 --db，然后再运行演示',
    lockHeld: (detail) => `数据库被锁定：另一个进程持有它的写锁 ${detail}`,
    lockHeldHint: '请等另一个进程结束（或调大 --lock-timeout），然后再运行本命令',
    diskFull: (detail) => `存放数据库的磁盘已满 ${detail}`,
    diskFullHint: '请腾出一些磁盘空间，然后再运行本命令',
    diskFailed: (detail) => `磁盘读写数据库失败 ${detail}`,
    diskFailedHint: '请检查磁盘和文件系统，然后再运行本命令',
    sqliteFailed: (detail) => `SQLite 无法继续 ${detail}`,
    sqliteFailedHint: '请检查可用内存、磁盘空间和打开文件数的上限，然后再运行本命令',
    serverGone: (detail) => `PostgreSQL 服务器已断开、正在重启或没有应答 ${detail}`,
    serverGoneHint: '请检查服务器是否在运行并接受连接，然后再运行本命令',
  },
  servers: {
    notCasefoldHint: '未做任何改动；请让 --db 指向 casefold 数据库或新文件。',
    openFailedHint: (advice) => `未做任何改动；${advice}。`,
    adapterMissing: (kind, specifier) => `没有安装 ${kind} 适配器（找不到 ${specifier}）`,
    adapterMissingHint: (kind, specifier) => `未连接任何服务器；要使用 ${kind} 存储请安装 ${specifier}（npm install ${specifier}），或使用 SQLite 文件。`,
    malformedPostgres: (reason) => `连接字符串格式不正确（${reason}）`,
    postgresForm: "未连接任何服务器；请使用 --store 'postgres://user:password@host:5432/database' 的形式。",
    noDatabase: (target) => `${target} 上没有这个数据库`,
    noDatabaseHint: '未做任何改动；请先创建它（例如 `createdb NAME`），或在地址中写已有的数据库。',
    loginRefused: (target, code) => `${target} 的服务器拒绝登录（${code}）`,
    loginRefusedHint: '未做任何改动；请检查连接字符串中的用户、密码和数据库名。',
    postgresTooNew: (target, found, known) => `${target} 上的存储由更新版本的 casefold 写入（模式版本 ${found}；本版本最高只认识 ${known}）`,
    postgresTooNewHint: '未做任何改动；请升级 casefold 后再使用它。',
    postgresDown: 'PostgreSQL 服务器未运行、无法连接或没有及时应答',
    postgresDownHint: '未做任何改动；请检查服务器是否在运行、主机和端口是否正确，然后再运行本命令。',
    noPostgresStore: (schema) => `该数据库中没有 casefold 存储（没有模式“${schema}”及其表）`,
    noPostgresStoreHint: '未创建任何内容；请用 `casefold demo --store URL` 或 `casefold import FILE --store URL` 创建，或写出存放存储的数据库。',
    malformedEventStoreDb: (reason) => `连接字符串格式不正确（${reason}）`,
    eventStoreDbForm: "未连接任何服务器；请使用 --store 'esdb://user:password@host:2113?tls=false' 的形式。",
    badPrefix: (reason) => `--stream-prefix ${reason}`,
    badPrefixHint: '未连接任何服务器；请换一个 --stream-prefix。',
    accessDenied: (target, operation) => `${target} 的服务器拒绝访问（${operation}）`,
    accessDeniedHint: '未写入任何内容；请检查连接字符串中的用户和密码，以及该用户对存储的流和 $all 的权限。',
    eventStoreDbDown: 'EventStoreDB 服务器未运行、无法连接或没有及时应答',
    eventStoreDbDownHint: '未做任何改动；请检查服务器是否在运行，主机、端口和 tls= 设置是否正确，然后再运行本命令。',
    pairedHoldsEvents: (paired) => `投影存储 ${paired} 中有自己的事件：它是一个 casefold 存储，不是本存储的读模型`,
    pairedHoldsEventsHint: '未做任何改动；请给 --projections 一个新的文件或数据库存放读模型。',
    pairedElsewhere: (paired, hosts, prefix) => `投影存储 ${paired} 存放的是另一个 EventStoreDB 存储的读模型（主机“${hosts}”，流“${prefix}…”）；它的检查点在这里没有意义`,
    pairedElsewhereHint: '未做任何改动；请给 --projections 一个本存储专用的文件或数据库，或给出建立它时的 --stream-prefix 和主机。',
    noEvents: (prefix) => `服务器上流名前缀“${prefix}”下没有 casefold 事件`,
    noEventsHint: '未创建任何内容；请用 `casefold demo --store URL` 或 `casefold import FILE --store URL` 创建存储，或给出建立它时的 --stream-prefix。',
  },
  location: {
    both: '--db FILE 和 --store LOCATION 只能给一个，不能都给',
    esdbOnly: (option) => `${option} 只用于 EventStoreDB 存储；请与 --store 'esdb://host:2113?tls=false' 一起给出`,
    memory: '命令行只处理数据库文件，不处理 :memory:（每个命令是单独的进程）；请用临时文件',
    dbConnectionString: "--db 只接受 SQLite 文件名，但给出的值像是连接字符串（不显示：其中可能有密码）；PostgreSQL 请用 --store 'postgres://user:password@host:5432/database'",
    notEventStoreDb: (argument) => `${argument} 只接受 SQLite 文件或 postgres:// 地址，不接受 EventStoreDB 地址（不显示：其中可能有密码）`,
    eventStoreDbForm: (argument) =>
      `${argument}：EventStoreDB 位置须是以 esdb:// 或 esdb+discover:// 开头的地址（不显示给出的值：其中可能有密码）；请用 --store 'esdb://user:password@host:2113?tls=false'`,
    postgresForm: (argument) => `${argument}：PostgreSQL 位置须是以 postgres:// 开头的地址（不显示给出的值：其中可能有密码）；请用 ${argument} 'postgres://user:password@host:5432/database'`,
    sqliteNeedsFile: (argument) => `${argument} sqlite: 需要文件名，例如 sqlite:casefold.db`,
    keywordValue: (argument) => `${argument}：不支持 PostgreSQL 的“关键字=值”连接字符串（'host=… dbname=…'，不显示：其中可能有密码）；请用 postgres://user:password@host:5432/database`,
    unknownScheme: (argument, scheme) => `${argument}：未知的存储类型“${scheme}://”（其余部分不显示）；请用 SQLite 文件（sqlite:FILE 或路径）、postgres://… 或 esdb://…`,
    noEventStoreDbHost: "--store：EventStoreDB 地址中没有可读的主机（不显示：其中可能有密码）；请用 --store 'esdb://user:password@host:2113?tls=false'",
    fileNameCredential: (argument, notShown) => `${argument} 需要文件名，但给出的值像是连接字符串或含有密码 ${notShown}；请给出文件的路径`,
  },
  output: {
    cannotWrite: (target, reason, hint) => `无法把导出写入“${target}”：${reason}。${hint}`,
    stopped: (command, written, reason, hint) => `${command} 在写入 ${written.toLocaleString('en-US')} 个事件后停止：${reason}。${hint}`,
    writingFailed: (why) => `写入失败：${why}`,
    checkStdout: '请检查标准输出写到哪里（磁盘满了？），或使用 --out FILE',
    cannotLookAt: (target, why) => `无法查看 ${target}：${why}`,
    isDirectory: '它是一个目录',
    nameInDirectory: (example) => `请给出其中的文件名，例如 --out ${example}`,
    notRegularFile: '它不是普通文件（是设备、管道或套接字），导出会替换它',
    giveFileName: '请给出文件名，或不加 --out 写到标准输出',
    cannotCreate: (partial, why) => `无法创建 ${partial}：${why}`,
    hintNoDirectory: (directory) => `目录必须存在：请创建目录 ${directory}，或换一个 --out FILE`,
    hintNotDirectory: '路径中有一部分是文件而不是目录：请换一个 --out FILE',
    hintNoPermission: '请选择你有权写入的目录，或换一个 --out FILE',
    hintDiskFull: '请腾出磁盘空间，或在有空间的磁盘上换一个 --out FILE；未写完的文件已删除，什么也没有导出',
    hintOther: '请检查路径和磁盘，或换一个 --out FILE；未写完的文件已删除，什么也没有导出',
    notKept: '；正在进行的追加没有保留',
    maybeStored: '（正在进行的追加没有得到确认；如果连接在提交时断开，服务器仍可能已存储了它）',
    storedWhole: (written) => (written === 1 ? '已写入的事件完整存储，连同其哈希链' : `已写入的 ${written.toLocaleString('en-US')} 个事件完整存储，连同其哈希链`),
    resume: (stored, hint, resume) => `${stored}。${hint}；${resume}`,
    importAgain: '再次运行同样的导入即可完成：它会跳过数据库已有的事件，补上其余的',
    fixWhatItNames: '请修正信息中指出的问题',
  },
  dashboards: {
    catchingUp: '追赶中',
    replaying: '回放中',
    replayingVerifying: '回放并校验中',
    noDirectory: '本数据库没有保存单位目录：不知道街道（随事件导入一份，见 docs/cli.md）。',
    ofKind: (kind) => `（类别：${kind}）`,
    beijingTime: (time) => `北京时间 ${time}`,
    caseBoard: {
      heading: (kind, total, open) => `案件总览${kind} —— 共 ${total} 件，未办结 ${open} 件`,
      byKindAndStatus: '按类别和公开状态',
      kind: '类别',
      cases: '件数',
      status: (_status, word) => word,
      byStatus: '按公开状态（群众在线上看到的状态）',
      statusHeader: '状态',
      share: '占比',
      byStageAll: '按内部环节（各类别的环节标识合在一起；--kind 显示一个类别的环节及其名称）',
      byStage: '按内部环节',
      stage: '环节',
      byLevel: '按承办单位层级',
      level: '层级',
    },
    level: (level) => LEVELS[level] ?? level,
    escalation: {
      heading: (kind) => `化解层级${kind} —— 小事不出网格/楼栋、小事不出社区、大事不出街道`,
      summary: (settled, grid, community, subDistrict, escalations, escalated, converted) =>
        `已化解 ${settled} 件：网格或楼栋内 ${grid}，社区内 ${community}，街道内 ${subDistrict}；${escalated} 件案件共上报 ${escalations} 次；${converted} 件转为其他类别`,
      byKind: '按类别（占已化解案件的比例）',
      byKindColumns: ['类别', '件数', '已化解', '网格/楼栋', '社区', '街道', '上报', '转类别'],
      settledByLevel: '已化解案件按化解层级',
      settled: '已化解',
      byStep: '按上报路径（逐级上报）',
      step: '路径',
      escalations: '上报次数',
      bySubDistrict: '按街道',
      bySubDistrictColumns: ['街道', '件数', '已化解', '街道内化解', '上报'],
      noSubDistrict: '（不属任何街道）',
    },
    deadlines: {
      heading: (kind, asOf, open, dueSoonUntil) =>
        `时限${kind} —— 判定时间 ${asOf}；未办结案件 ${open} 件，${dueSoonUntil === null ? '即将到期 = 未知（时间窗跨入没有节假日数据的年份）' : `即将到期 = ${dueSoonUntil} 前到期`}`,
      byRule: '按时限规则统计计时中的时限',
      byRuleColumns: ['时限规则', '计时中', '已暂停', '即将到期', '已超期', '已延期'],
      allRules: '全部规则',
      byKind: '按类别（各类别自己的规则）',
      byKindColumns: ['类别', '未办结', '计时中', '已暂停', '即将到期', '已超期', '已延期', '红牌'],
      supervision: (normal, yellow, red) => `未办结案件的督办：未督办 ${normal} 件，黄牌督办 ${yellow} 件，红牌督办 ${red} 件`,
      mostOverdue: '超期最久',
      mostOverdueColumns: ['案件', '类别', '时限规则', '单位', '到期', '已超期', '督办'],
      overdueDays: (days) => `${days} 天`,
      onTimeRecordedLate: '按时办结、延后录入（仅凭到期前日期的事项按时、到期后才录入）',
      onTimeRecordedLateColumns: ['案件', '类别', '时限规则', '单位', '到期', '事项日期', '录入时间'],
    },
    statistics: {
      heading: '统计 —— 中心公布的数字',
      statsHeading: '统计',
      period: (from, to) => (from === null && to === null ? '全部案件' : `受理时间 ${from ?? '最早'} 至 ${to ?? '现在'} 之前的案件`),
      keyFigures: '主要数字',
      keyFiguresColumns: ['指标', '数值', '说明'],
      figure: {
        received: '受理案件',
        online: '其中线上',
        labour: '劳动争议',
        accepted: '受理',
        rejected: '不予受理（已回访）',
        mediationsStarted: '开始调解',
        mediationsEnded: '调解结束',
        casesMediated: '调解案件',
        mediatedOnline: '线上来的调解案件',
        amountInvolved: '涉及金额',
        claimedInMediated: '调解案件的请求金额',
        labourMediations: '劳动争议调解',
        agreed: (amount) => `协议 ${amount}`,
        successRate: '调解成功率',
        successRateNote: '达成协议 ÷ 调解结束',
        amountAgreed: '协议金额',
        agreements: (n) => `${n} 份协议`,
        amountClaimed: '请求金额',
        claims: (n) => `${n} 项请求`,
        notarized: '赋强公证',
        notarizedNote: '具有强制执行效力的协议',
        closed: '已办结',
        settlementRate: '化解率',
        settlementRateNote: '已化解 ÷ 受理',
        onTimeRate: '按时办结率',
        onTimeRateNote: '全部时限按时 ÷ 已办结',
        ofWhichRecordedLate: '其中延后录入',
        ofWhichRecordedLateNote: '仅凭到期后才录入的事项按时',
        eventsRecordedLate: '延后录入的事件',
        eventsRecordedLateNote: (cases) => `发生一小时以后才录入；${cases} 件案件`,
        callbacksMade: '回访',
        reached: (n) => `接通 ${n} 次`,
        satisfactionRate: '满意率',
        satisfactionRateNote: '非常满意 + 满意 ÷ 有效答复',
        satisfactionWithBasic: '含基本满意的满意率',
        satisfactionWithBasicNote: '+ 基本满意',
        escalations: '上报次数',
        cases: (n) => `${n} 件案件`,
        consultations: '法律咨询',
        consultationsNote: (online, onSite) => `线上 ${online}，现场 ${onSite}`,
        legalAid: '法律援助案件',
        legalAidNote: (applications, refused) => `申请 ${applications} 件，不予援助 ${refused} 件`,
      },
      byKind: '按类别',
      byKindColumns: ['类别', '受理', '线上', '已处理', '已办结'],
      byUnit: '按单位和部门',
      byUnitColumns: ['单位', '件数', '调解', '线上', '涉及金额', '劳动争议', '劳动争议协议', '法律咨询', '法律援助'],
      byChannel: '按渠道',
      channel: '渠道',
      byCategory: '按纠纷类别',
      category: '纠纷类别',
      byTrack: '按调解类型',
      track: '调解类型',
      ended: '结束',
      byReason: '不予受理的理由',
      reason: '理由',
      byOutcome: '已办结案件按结果',
      outcome: '结果',
      cases: '件数',
      share: '占比',
    },
  },
  demo: {
    progress: '模拟中',
    title: (year, seed) => `casefold 演示 —— 盘龙区中心的一年（${year}），四个中心一窗受理，种子 ${seed}`,
    totals: (requests, cases, commands, events, store) => `${requests} 个请求 → ${cases} 件案件，${commands} 条指令经指令处理 → ${events} 个事件存入 ${store}`,
    next: '接下来：`casefold timeline <案件编号>`、`casefold stats --from 2025-07-01`、`casefold verify`、`casefold replay`。',
    elapsed: (simulated, total) => `模拟、存储和投影用时 ${simulated}；总计 ${total}。`,
    seconds: (seconds) => `${seconds} 秒`,
    notEmptyFile: (fileName, events) => `${fileName} 中已有 ${events} 个事件；演示要写入新的数据库。请换一个 --db，或用 --force 替换这个数据库`,
    notEmptySchema: (events) => `该 PostgreSQL 模式中已有 ${events} 个事件；演示要写入新的数据库。请换一个数据库`,
    notEmptyPrefix: (prefix) => `EventStoreDB 流名前缀“${prefix}”下已有 casefold 事件；演示要写入新的存储。请换一个 --stream-prefix 或服务器`,
    restart: {
      sqlite: '数据库中是一次没做完的演示：请用同样的选项运行 `casefold demo --force` 替换它，或删除该文件',
      postgres: '该模式中是一次没做完的演示：请删除它（DROP SCHEMA casefold CASCADE）后再运行演示',
      eventStoreDb: '该流名前缀下是一次没做完的演示：请换一个 --stream-prefix 再运行演示（并删除读模型文件）',
    },
    year: {
      heading: (requests, cases, kinds) => `全年 —— ${requests} 个请求，${kinds} 个类别共 ${cases} 件案件，一窗式受理`,
      byKind: '新开案件，按类别和来源',
      columns: ['类别', '件数', '占比'],
      route: (route) => INTAKE_ROUTE_NAMES[route] ?? route,
      linked: (requests) => `${requests} 个请求在窗口分为两件关联案件（需要法律援助的劳动争议：调解 + 法律援助）`,
      conversions: (cases, from) => `${cases} 件案件转为调解（访调对接）：${from}`,
      conversionFrom: (n, kind) => `${kind} ${n} 件`,
      none: '无',
      onTheSpot: (settled, share, grids, microGrids) => `${settled} 件网格事件就地化解（小事不出网格），占网格事件的 ${share}：网格 ${grids} 件，微网格（楼栋）${microGrids} 件`,
      finalMatters: (petitions) => `${petitions} 件已终结事项的信访在登记时不予受理（MatterAlreadyFinal，《信访工作条例》第三十六条）`,
    },
  },
  serve: {
    remoteHost: (shown) =>
      `--host ${shown} 可以从其他计算机访问，但没有配置访问策略：没有策略时 serve 只在本机监听。请去掉 --host（127.0.0.1），或使用 ::1 或 localhost，或给出 --principal FILE，使页面只显示策略允许该主体查看的内容`,
    cannotListen: (host, port, code) => `无法在 ${host} 的端口 ${port} 上监听（${code}）：可能有别的程序在用它；请换一个 --port，或用 --port 0 任选空闲端口`,
    localOnly: (host) => `未配置访问策略：只在本机提供（${host}）。只读。按 Ctrl+C 停止。`,
    opening: (store) => `正在读取 ${store} 的读模型；读完后即提供页面（50 万件案件约需一分钟）……`,
    scoped: (policyFile, principal, host) => `每个页面只显示主体 ${principal} 按${policies(policyFile)}可以查看的内容，对 ${host} 上的每个请求都如此。只读。按 Ctrl+C 停止。`,
    serving: (store, language, url) => `${store} 的 casefold 看板（${language}）：${url}`,
  },
  principal: {
    notJson: (argument, problem) => `作为 ${argument} 给出的文件不是 JSON（${problem}）`,
    policyWithoutPrincipal: '--policy 规定的是主体可以查看的内容：请同时给出 --principal FILE',
    noPrincipal: (problems) => `作为 --principal 给出的文件中没有有效的主体（${fieldList(problems)}）`,
    noPrincipalHint: '请按接入系统认证的结果给出 { "id": …, "assignments": [{ "role": …, "unit": … }] }',
    policiesNotArray: '作为 --policy 给出的文件不是策略的 JSON 数组（每个案件类别一条）',
    unusablePolicies: (problems) => `授权策略无法使用（${fieldList(problems)}）`,
    unusablePoliciesHint: '请修正（见 docs/writing-workflows.md），或去掉 --policy 以使用随附的策略',
  },
  personalData: {
    principalWithout: '--principal 指明个人信息提供给谁：请与 --with-personal-data 一起给出',
    needsPrincipal:
      '--with-personal-data 会提供个人信息，接收个人信息的主体须有权查看：请给出 --principal FILE（JSON 格式的主体，即接入系统认证的结果：{ "id", "assignments": [{ "role", "unit" }] }），' +
      '其授权策略（随附的策略，或 --policy FILE；见 docs/security.md）须允许其查看所导出的每件案件的 personalData 部分。未写入任何内容',
    refused: (principal, refused, exported, policyFile, ids) =>
      `按${policies(policyFile)}，主体 "${principal}" 无权查看所导出的 ${exported.toLocaleString('en-US')} 件案件中 ${refused.toLocaleString('en-US')} 件的个人信息（${ids}）：未写入任何内容。` +
      '请不带 --with-personal-data 导出（不含个人信息），或给出策略允许查看这些案件 personalData 部分的主体',
    notice: (disclosedIn, cases, everyCase, principal, policyFile, at) => {
      const what = disclosedIn.kind === 'evidenceBundle' ? `证据包 ${disclosedIn.out} ` : disclosedIn.out === undefined ? '本次导出' : `导出文件 ${disclosedIn.out} `;
      const which = everyCase ? `本存储全部 ${cases.length.toLocaleString('en-US')} 件案件` : `案件 ${cases.join('、')} `;
      return (
        `casefold：通知：${what}以明文包含${which}的个人信息（姓名、电话和身份证号码），应 --with-personal-data 的要求，按${policies(policyFile)}提供给主体 "${principal}"，时间 ${at}。` +
        '请把本通知与提供记录一并保存，并把文件放在只有有权查看的人才能读取的地方。'
      );
    },
  },
  evidence: {
    needsCheckpointAndOut: 'export --case 需要 --checkpoint FILE（`casefold checkpoint` 写出的）和 --out BUNDLE',
    needsLeaves: '证据包需要检查点的叶子，才能对照检查点的根证明每件案件',
    needsLeavesHint: '请给出 --leaves FILE，或把 FILE.leaves 放在检查点旁',
    redactOrPersonalData: '--redact（默认）和 --with-personal-data 只能给出一个',
    refusal: (refusal, position, revision) => EVIDENCE_REFUSALS[refusal.kind](refusal.streamId, position, revision),
    notCommittedHint: '请核对案件编号，或在案件创建之后签署检查点',
    leavesHint: '请给出 `casefold checkpoint` 写出的检查点文件和叶子文件',
    notWritten: (checkpointFile) => `未写出证据包：存储与检查点 ${checkpointFile} 不一致：`,
    notWrittenAdvice: '只有仍然包含检查点所承诺内容的案件才能制作证据包。运行 `casefold verify --checkpoint` 查看每一处差异。',
    written: (cases, events, out, checkpointFile, position) =>
      `${cases.toLocaleString('en-US')} 件案件（${events.toLocaleString('en-US')} 个事件）的证据包已写入 ${out}，已对照检查点 ${checkpointFile}（位置 ${position}）证明。`,
    notCovered: (events) => `${events.toLocaleString('en-US')} 个事件在检查点之后录入：证据包中列为未覆盖；请签署新的检查点以覆盖它们。`,
    withheld: (events, openingsFile) => `${events.toLocaleString('en-US')} 个含个人信息的事件已隐去内容；其承诺的开启值（即个人信息）在 ${openingsFile} 中：不要随证据包一起分享。`,
    checkAnywhere: '在任何地方都可以用 node verify-evidence.mjs BUNDLE --key PUBKEY 校验它（packages/cli/standalone/verify-evidence.mjs）。',
  },
  checkpoint: {
    cannotRead: (argument, why) => `无法读取作为 ${argument} 给出的文件（${why}）`,
    checkPath: '请检查路径和权限',
    cannotWrite: (file, why) => `无法写入“${file}”（${why}）；请给出一个你有权写入的目录中的文件`,
    needs: (command, option) => `${command} 需要 --${option}`,
    algorithm: (algorithms, name) => `--algorithm 只能是 ${algorithms.join(' 或 ')}，不能是“${name}”`,
    keyExists: (file) => `“${file}”已存在，密钥从不覆盖；请给 --new-key 一个新名字`,
    wroteKeys: (algorithm, file) => `已把 ${algorithm} 私钥写入 ${file}（只有你能读取），公钥写入 ${file}.pub。`,
    keepKey: '请把私钥放在存储的写入者拿不到的地方；把公钥交给校验的人。',
    written: (events, streams, position, out, leaves, seconds) => `${streams} 个流共 ${events} 个事件（到位置 ${position}）的检查点已写入 ${out}（叶子在 ${leaves}），用时 ${seconds} 秒。`,
    root: (root, hash, signature, key) => `根 ${root}（${hash}），用 ${signature} 密钥 ${key} 签名。`,
    notCheckpoint: () => '这不是 casefold 检查点：不是 JSON 对象，其他程序读来会不同，或其格式、版本或字段与检查点格式（docs/checkpoint-format.md）不符',
    giveCheckpoint: '请给出 `casefold checkpoint` 写出的文件',
    notLeaves: () => '这不是检查点的叶子文件：每行应是一个规范形式的叶子 {"hash":…,"revision":"…","streamId":…}，按流标识排序且不重复',
    giveLeaves: '请给出 `casefold checkpoint` 在检查点旁写出的叶子文件',
    unusableKey: () => '密钥文件中没有可用的密钥：应为检查点所用算法（Ed25519 或 SM2）的 PEM 密钥，签署检查点用私钥，校验用公钥。请给出 `casefold checkpoint --new-key` 写出的密钥文件',
    differs: (file, count) => `校验未通过：存储与检查点 ${file} 不一致（${count} 处差异）：`,
    difference: (difference, caseId) => `  ${differenceLine(difference, caseId)}`,
    restore: '检查点承诺的内容已不在存储中。请从经过校验的备份或导出文件恢复数据库，并查明是谁改动了它。',
    holds: (file, events, streams, position, takenAt) => `完好：存储包含检查点 ${file} 承诺的全部内容（${streams} 个流共 ${events} 个事件，到位置 ${position}，签于 ${takenAt}，由给出的密钥签名），`,
    intact: (events, streams) => `并且每条哈希链都完好（${streams} 个流共 ${events} 个事件）。`,
  },
  export: {
    progress: '导出中',
    exported: (events, streams, out) => `已把 ${streams} 个流共 ${events} 个事件导出到 ${out}。`,
    redactWithoutCase: '--redact 只用于证据包：请给出 --case ID',
    cutShort: (toStdout, hint) => `${toStdout ? '输出在结尾行之前就停止了，所以 `casefold import` 会拒绝它。' : '什么也没有导出。'}${hint}`,
    broken: (streamId, caseId, revision, position, reason, brokenEvents) =>
      `casefold：警告：存储的一条哈希链断开了：流“${streamId}”${caseId === null ? '' : `（案件 ${caseId}）`}版本号 ${revision}（位置 ${position}）：${reason}；共有 ${brokenEvents.toLocaleString('en-US')} 个事件校验不通过。`,
    brokenAdvice: '导出文件按数据库存储的原样包含每个事件，可作为证据，但 `casefold import` 会拒绝它。请对数据库运行 `casefold verify` 查看详情，并从经过校验的备份恢复数据库。',
    differs: (checkpointFile) => `casefold：警告：存储与检查点 ${checkpointFile} 不一致：`,
    differsAdvice: '导出文件按数据库存储的原样包含每个事件和检查点，可作为证据，但 `casefold import` 会拒绝它。请对数据库运行 `casefold verify --checkpoint` 查看详情，并从经过校验的备份恢复数据库。',
  },
  import: {
    progress: '导入中',
    differentDirectory: '数据库已保存了另一份单位目录；保留了原目录，没有导入文件中的目录。',
    imported: (events, store, streams, already, checked) =>
      `已把 ${events} 个事件导入 ${store}（文件中有 ${streams} 个流${already === null ? '' : `，其中 ${already} 个事件原已存在`}）；每条链都已检查${checked}。`,
    commitment: {
      none: '（第 1 版文件：没有全库的根可供检查）',
      root: '，各流链头上的根也已检查',
      checkpoint: '，根和文件中的检查点也已检查（未检查其签名：请给出 --key）',
      signedCheckpoint: '，根和由给出的密钥签名的检查点也已检查',
    },
    streamWrittenMeanwhile: (streamId, expected, actual) =>
      `本次导入写入期间，另一个进程向流“${streamId}”写入了事件（导入预期${expected === null ? '该流尚不存在' : `版本号 ${expected}`}，该流${actual === null ? '不存在' : `现为版本号 ${actual}`}）：有两次导入或另一个写入者同时在写`,
    streamWrittenMeanwhileHint: '未做任何改动；请等另一个进程结束后再运行同一导入：它会跳过数据库已有的事件，补上其余的。',
  },
  importFile: {
    nothingImported: '什么也没有导入；请修正文件或重新导出',
    moreAfterEnd: '结尾行之后还有内容',
    notJson: (problem) => `不是有效的 JSON（${problem}）`,
    notObject: '应为 JSON 对象',
    notHeader: (format) => `第一行必须是头行 {"kind":"header","format":"${format}",…}`,
    isThisAnExport: '这是 casefold 的导出文件（`casefold export`）吗？',
    unsupportedVersion: (version, readable) => `不支持格式版本 ${version}；本版本 casefold 能读的版本：${readable.join('、')}`,
    useWriterVersion: '请使用写出该文件的 casefold 版本',
    badCheckpoint: (problem) => `头行中的检查点无法使用：${problem}`,
    noCheckpointInVersion1: '第 1 版文件不带检查点',
    badDirectory: (problems) => `头行中的单位目录无效：${problems}`,
    fixDirectory: '什么也没有导入；请修正头行中的目录，或重新导出',
    leafPlacement: '叶子行只能紧跟在带检查点的头行之后',
    leafFields: '叶子行需要 "streamId"、"revision"（十进制字符串）和 "hash"',
    endCounts: '结尾行需要 "events" 和 "streams" 计数',
    endRoot: (version) => `第 ${version} 版导出的结尾行需要各流链头的 "root"`,
    unknownKind: (kind) => `未知的行类型 ${kind}；应为 "event" 或 "end"`,
    at: (streamId, revision, problem) => `流“${streamId}”版本号 ${revision}：${problem}`,
    invalidEvent: (type, field, reason) => `不是有效的 ${type} 事件（${field === null ? '' : `字段 ${field}：`}${reason}）`,
    cannotRead: (why) => `无法读取文件（${why}）`,
    checkPath: '请检查路径和权限；什么也没有导入',
    empty: '文件是空的',
    cutOff: '缺少结尾行 {"kind":"end",…}：文件被截断了',
    exportAgain: '请重新导出；什么也没有导入',
    noCheckpointForKey: '文件不带检查点，无法用 --key 检查',
    exportWithCheckpoint: '请用 `casefold export --checkpoint FILE` 导出，或不加 --key 导入',
    countsDiffer: (endEvents, endStreams, events, streams) => `结尾行记有 ${endStreams} 个流共 ${endEvents} 个事件，但文件中有 ${streams} 个流共 ${events} 个事件`,
    rootDiffers: (streams, root, endRoot) => `文件中 ${streams} 个流链头上的根是 ${root}，不是结尾行的 ${endRoot}：导出后有案件被删去、截短或重新计算了哈希`,
    differsFromCheckpoint: (difference, caseId) => `文件与其检查点不一致：${differenceLine(difference, caseId)}`,
    problems: (problems) => problems.join('；'),
    changedWhileImported: (problem) => `${problem}（导入期间文件被改动了）`,
    importAgain: '请在没有程序写入该文件时重新导入',
    brokenChainHint: '什么也没有导入。如果文件是 `casefold export` 原样导出的，说明源数据库本身被改动过：请对导出它的数据库运行 `casefold verify`，并从经过校验的备份重新导出',
    tamperedHint: '什么也没有导入。文件在 `casefold export` 写出之后被改动过：请从数据库（用 `casefold verify --checkpoint` 校验过的）或经过校验的备份重新导出',
    changedContent: '哈希与事件内容不符（事件写入后被改动过）',
    withheldContent: '导出时未包含该事件的个人信息（原处为 {"withheld":true}），所以事件与其哈希不再相符：不含个人信息导出的文件用于分享，不用于导入',
    withheldHint: '请用 `casefold export --with-personal-data` 重新导出（或从加密保存个人信息的存储导出，其导出可完整导入）；什么也没有导入',
    expectedRevision: (revision) => `本流下一个应是版本号 ${revision}（事件缺失、重复或顺序错乱）`,
    prevHashUnlinked: (revision) => `prevHash 没有链接到版本号 ${revision} 的哈希（此前有事件被修改、删除或插入）`,
    genesis: '流的第一个事件的 prevHash 必须是起始哈希（64 个 0）',
    startsLate: (revision, before) => `流从版本号 ${revision} 开始：缺少版本号 0..${before}`,
    tooLong: (line, mib) => `第 ${line} 行超过 ${mib} MiB，即单个事件的上限（在这么多字节内没有结束）`,
    notUtf8: '该行不是有效的 UTF-8',
    utf8Hint: '什么也没有导入；导出文件是 UTF-8 文本',
    tooLongHint: '什么也没有导入；这是 casefold 的导出文件（`casefold export`）吗？',
    wouldBreak: '导入会断开数据库的哈希链，所以什么也没有导入',
    streamProblem: (streamId, problem) => `流“${streamId}”：${problem}`,
    differsFromDatabase: (revision) => `文件中的版本号 ${revision} 与数据库中的不同`,
    noSuchStream: (revision) => `文件从版本号 ${revision} 接续该流，但数据库中没有这个流`,
    databaseEndsBefore: (revision, head) => `文件从版本号 ${revision} 接续该流，但数据库中该流止于版本号 ${head}`,
    doesNotLink: (revision, head) => `版本号 ${revision} 没有链接到数据库中的版本号 ${head}`,
  },
  verify: {
    progress: '校验中',
    ok: (events, streams) => `完好：${streams} 个流共 ${events} 个事件；每条哈希链都完好。`,
    incomplete: (why) => `校验不完整：${why}。`,
    incompleteDetail: (events, hint) => `已读到的 ${events} 个事件完好，其余未检查。${hint}`,
    incompleteRead: (reached, until) => `对存储的读取在位置 ${reached} 结束，早于最后一个事件的位置 ${until}（一个仍在进行的事务挡住了读取）`,
    incompleteReadHint: '请在没有写入进行时再运行本命令。',
    broken: (kind) => (kind === 'headDiffers' ? '校验未通过：一个流的链头记录与其最后一个存储的事件不符。' : '校验未通过：一条哈希链断开了。'),
    stream: (stream, caseId) => `  流：    ${stream}${caseId === null ? '' : `（案件 ${caseId}）`}`,
    revision: (revision) => `  版本号：${revision}`,
    kind: (kind) => `  方式：  ${BROKEN_LINK_KINDS[kind].word}：${BROKEN_LINK_KINDS[kind].meaning}`,
    detail: (link) => `  详情：  流“${link.streamId}”${brokenLinkProblem(link)}`,
    brokenAdvice: '从这个版本号起的事件不可信。请从经过校验的备份或导出文件恢复数据库，并查明是谁改动了它。',
    readModelsAhead: (position, lastPosition) => `校验未通过：读模型已构建到位置 ${position}，但存储止于位置 ${lastPosition}。`,
    readModel: (name, others) => `  读模型：${name}${others > 0 ? `（另有 ${others} 个读模型也超出了存储的末尾）` : ''}`,
    readModelsAheadAdvice:
      '存储的事件止于读模型已折叠的位置之前：有事件被从存储末尾删除，或这些读模型属于另一个存储（每条哈希链仍可能完好：没有事件链接到最后一个事件）。请从经过校验的备份或导出文件恢复数据库，并查明是谁改动了它；从另一个存储复制来的读模型可用 `casefold replay` 重建。',
  },
  replay: {
    partly: (why) => `回放只校验了一部分：${why}。`,
    partlyDetail: (position, hint) => `看板已用位置 ${position} 及以前的事件重建，这些事件完好；\`casefold dashboards\` 会折叠其后的事件但不校验它们。${hint}`,
    done: (position, cases, store, projections, seconds, verified) =>
      `已把 ${store} 中位置 ${position} 及以前的全部事件（${cases} 件案件）回放到 ${projections}，用时 ${seconds} 秒${verified ? '；每条哈希链都完好' : ''}。`,
  },
  timeline: {
    title: (caseId, events, kind, version) => `案件 ${caseId} 的时间线（${events} 个事件；类别 ${kind}@${version}；时间为北京时间）`,
    columns: ['#', '时间', '办理人', '事项', '时限'],
    recordedLate: (occurred, recorded) => `${occurred}（延后录入：${recorded}）`,
    deadlinesTitle: '最近事件后的时限',
    deadlineColumns: ['时限规则', '名称', '开始', '到期', '延期', '状态'],
    unknownDue: (years) => `未知：缺少 ${years} 年的节假日数据`,
    metRecordedLate: (at) => `按时办结、延后录入（${at}）`,
    met: '按时',
    missed: '超时',
    breached: '已超期',
    paused: '已暂停',
    running: '计时中',
  },
};
