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

/** A two-syllable place name not used yet, in characters and pinyin. */
const placeName = (rng: Prng, used: Set<string>): { readonly name: string; readonly slug: string } => {
  if (used.size >= PLACE_SYLLABLES.length * (PLACE_SYLLABLES.length - 1)) throw new RangeError('generateDistrict: more units than place names; ask for fewer');
  for (;;) {
    const first = rng.pick(PLACE_SYLLABLES);
    const second = rng.pick(PLACE_SYLLABLES);
    const name = first + second;
    if (first === second || used.has(name)) continue;
    used.add(name);
    return { name, slug: `${PINYIN[first]}${PINYIN[second]}` };
  }
};

/**
 * Generates the jurisdiction directory of one district of Kunming: the city, the district,
 * its sub-districts, their communities and grids, and the district's labour and justice
 * bureaus. Unit ids are readable pinyin slugs (e.g. `jinma`, `jinma-cuihu`, `jinma-cuihu-g2`).
 */
export const generateDistrict = (rng: Prng, options: GenerateDistrictOptions = {}): GeneratedDistrict => {
  const [minCommunities, maxCommunities] = options.communities ?? [4, 7];
  const [minGrids, maxGrids] = options.grids ?? [2, 4];
  const used = new Set<string>();
  const cityId = 'kunming';
  const districtId = 'panlong';
  const units: Unit[] = [
    { id: cityId, name: '昆明市', level: 'city', parent: null, departmentKind: null },
    { id: districtId, name: '盘龙区', level: 'district', parent: cityId, departmentKind: null },
    { id: `${districtId}-labour`, name: '盘龙区人力资源和社会保障局', level: 'department', parent: districtId, departmentKind: 'laborBureau' },
    { id: `${districtId}-justice`, name: '盘龙区司法局', level: 'department', parent: districtId, departmentKind: 'justiceBureau' },
  ];
  const subDistrictIds: string[] = [];
  const communitiesOf: Record<string, string[]> = {};
  const gridsOf: Record<string, string[]> = {};
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
      }
    }
  }
  return { units, cityId, districtId, subDistrictIds, communitiesOf, gridsOf, labourBureauId: `${districtId}-labour`, justiceBureauId: `${districtId}-justice` };
};
