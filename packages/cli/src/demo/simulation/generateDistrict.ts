import type { Unit } from '@casefold/core';
import type { Prng } from './prng.js';

/** Options of {@link generateDistrict}. */
export interface GenerateDistrictOptions {
  /** Sub-districts (街道) in the district. Default 8. */
  readonly subDistricts?: number;
  /** Communities (社区) per sub-district, at least and at most. Default 4–7. */
  readonly communities?: readonly [number, number];
  /** Grids (网格) per community, at least and at most. Default 2–4. */
  readonly grids?: readonly [number, number];
  /** Micro-grids (综治微网格: a building or a few dozen households) per grid, at least and at most. Default 0–2 (Kunming: 28,052 micro-grids beside 25,246 grids). */
  readonly microGrids?: readonly [number, number];
}

/** The district's functional departments the case kinds send work to, by what they handle (`departmentKind`). */
export interface DistrictDepartments {
  /** 人社局: labour disputes (mediation). */
  readonly laborBureau: string;
  /** 司法局: the people's mediation committees. */
  readonly justiceBureau: string;
  /** 法律援助中心: legal-aid applications. */
  readonly legalAidOffice: string;
  /** 环卫: rubbish, construction waste, spoil, dirty roads, standing water (grid events). */
  readonly sanitation: string;
  /** 园林绿化: green spaces and vegetation (grid events). */
  readonly parks: string;
  /** 城管执法: illegal construction, construction waste, spoil heaps (grid events). */
  readonly urbanEnforcement: string;
  /** 纪委监委: accusations (petitions). */
  readonly disciplineInspection: string;
}

/** A generated district: its units (a valid jurisdiction directory) and the ids the simulation needs. */
export interface GeneratedDistrict {
  readonly units: readonly Unit[];
  readonly cityId: string;
  readonly districtId: string;
  readonly subDistrictIds: readonly string[];
  /** Community ids by sub-district id. */
  readonly communitiesOf: Readonly<Record<string, readonly string[]>>;
  /** Grid ids by community id. */
  readonly gridsOf: Readonly<Record<string, readonly string[]>>;
  /** Micro-grid ids by grid id (a grid may have none). */
  readonly microGridsOf: Readonly<Record<string, readonly string[]>>;
  /** The district's functional departments. */
  readonly departments: DistrictDepartments;
  /** The district's labour bureau (人社局), which takes labour disputes. */
  readonly labourBureauId: string;
  /** The district's justice bureau (司法局), which runs the people's mediation committees. */
  readonly justiceBureauId: string;
}

const PLACE_SYLLABLES = ['金', '马', '龙', '翠', '湖', '西', '东', '南', '北', '华', '新', '盘', '江', '岸', '桥', '山', '林', '园', '泉', '云', '春', '安', '和', '宁'];
const PINYIN: Readonly<Record<string, string>> = {
  金: 'jin',
  马: 'ma',
  龙: 'long',
  翠: 'cui',
  湖: 'hu',
  西: 'xi',
  东: 'dong',
  南: 'nan',
  北: 'bei',
  华: 'hua',
  新: 'xin',
  盘: 'pan',
  江: 'jiang',
  岸: 'an',
  桥: 'qiao',
  山: 'shan',
  林: 'lin',
  园: 'yuan',
  泉: 'quan',
  云: 'yun',
  春: 'chun',
  安: 'an',
  和: 'he',
  宁: 'ning',
};

/** A two-syllable place name not used yet, in characters and pinyin, neither used before (`used` holds both). */
const placeName = (rng: Prng, used: Set<string>): { readonly name: string; readonly slug: string } => {
  // Far more draws than a district's units need: running out means the options asked for too many.
  for (let attempt = 0; attempt < 100_000; attempt++) {
    const first = rng.pick(PLACE_SYLLABLES);
    const second = rng.pick(PLACE_SYLLABLES);
    const name = first + second;
    // Two names may share a pinyin slug (岸 and 安 are both "an"): ids must differ too.
    const slug = `${PINYIN[first]}${PINYIN[second]}`;
    if (first === second || used.has(name) || used.has(slug)) continue;
    used.add(name);
    used.add(slug);
    return { name, slug };
  }
  throw new RangeError('generateDistrict: more units than place names; ask for fewer');
};

const DEPARTMENTS: readonly (readonly [keyof DistrictDepartments, string, string])[] = [
  ['laborBureau', 'labour', '盘龙区人力资源和社会保障局'],
  ['justiceBureau', 'justice', '盘龙区司法局'],
  ['legalAidOffice', 'legal-aid', '盘龙区法律援助中心'],
  ['sanitation', 'sanitation', '盘龙区环境卫生管理处'],
  ['parks', 'parks', '盘龙区园林绿化局'],
  ['urbanEnforcement', 'enforcement', '盘龙区城市管理综合行政执法局'],
  ['disciplineInspection', 'discipline', '盘龙区纪委监委'],
];

/**
 * Generates the jurisdiction directory of one district of Kunming: the city, the district,
 * its sub-districts, their communities, grids and micro-grids, and the district's functional
 * departments. Unit ids are readable pinyin slugs (e.g. `jinma`, `jinma-cuihu`,
 * `jinma-cuihu-g2`, `jinma-cuihu-g2-m1`).
 */
export const generateDistrict = (rng: Prng, options: GenerateDistrictOptions = {}): GeneratedDistrict => {
  const [minCommunities, maxCommunities] = options.communities ?? [4, 7];
  const [minGrids, maxGrids] = options.grids ?? [2, 4];
  const [minMicroGrids, maxMicroGrids] = options.microGrids ?? [0, 2];
  const cityId = 'kunming';
  const districtId = 'panlong';
  // The fixed ids are taken: a sub-district's slug must not repeat them.
  const used = new Set<string>([cityId, districtId]);
  const units: Unit[] = [
    { id: cityId, name: '昆明市', level: 'city', parent: null, departmentKind: null },
    { id: districtId, name: '盘龙区', level: 'district', parent: cityId, departmentKind: null },
    ...DEPARTMENTS.map(([kind, slug, name]): Unit => ({ id: `${districtId}-${slug}`, name, level: 'department', parent: districtId, departmentKind: kind })),
  ];
  const departments = Object.fromEntries(DEPARTMENTS.map(([kind, slug]) => [kind, `${districtId}-${slug}`])) as unknown as DistrictDepartments;
  const subDistrictIds: string[] = [];
  const communitiesOf: Record<string, string[]> = {};
  const gridsOf: Record<string, string[]> = {};
  const microGridsOf: Record<string, string[]> = {};
  for (let s = 0; s < (options.subDistricts ?? 8); s++) {
    const place = placeName(rng, used);
    const subId = place.slug;
    subDistrictIds.push(subId);
    communitiesOf[subId] = [];
    units.push({ id: subId, name: `${place.name}街道`, level: 'subDistrict', parent: districtId, departmentKind: null });
    const communities = rng.int(minCommunities, maxCommunities);
    for (let c = 0; c < communities; c++) {
      const community = placeName(rng, used);
      const communityId = `${subId}-${community.slug}`;
      communitiesOf[subId].push(communityId);
      gridsOf[communityId] = [];
      units.push({ id: communityId, name: `${community.name}社区`, level: 'community', parent: subId, departmentKind: null });
      const grids = rng.int(minGrids, maxGrids);
      for (let g = 1; g <= grids; g++) {
        const gridId = `${communityId}-g${g}`;
        gridsOf[communityId].push(gridId);
        units.push({ id: gridId, name: `${community.name}社区第${g}网格`, level: 'grid', parent: communityId, departmentKind: null });
        microGridsOf[gridId] = [];
        const microGrids = rng.int(minMicroGrids, maxMicroGrids);
        for (let m = 1; m <= microGrids; m++) {
          const microGridId = `${gridId}-m${m}`;
          microGridsOf[gridId].push(microGridId);
          units.push({ id: microGridId, name: `${community.name}社区第${g}网格第${m}微网格`, level: 'microGrid', parent: gridId, departmentKind: null });
        }
      }
    }
  }
  return { units, cityId, districtId, subDistrictIds, communitiesOf, gridsOf, microGridsOf, departments, labourBureauId: departments.laborBureau, justiceBureauId: departments.justiceBureau };
};
