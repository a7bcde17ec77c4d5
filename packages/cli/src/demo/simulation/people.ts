import type { Party } from '@casefold/core';
import type { Prng } from './prng.js';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '平', '刚', '桂英', '玉兰'];
const EMPLOYERS = ['某建筑劳务公司', '某餐饮管理公司', '某物业服务公司', '某装饰工程公司', '某商贸有限公司', '某物流公司'];

/** A made-up Chinese personal name. */
const personName = (rng: Prng): string => rng.pick(SURNAMES) + rng.pick(GIVEN);

/** A made-up mainland mobile number (never a real subscriber's on purpose: the 1380000 range is fictional). */
const phone = (rng: Prng): string => `1380000${String(rng.int(0, 9999)).padStart(4, '0')}`;

/**
 * Parties of a generated case: one or more applicants and a respondent, each with made-up
 * personal data in its own marked `pii` field (a labour dispute's respondent is an employer).
 */
export const generateParties = (rng: Prng, caseId: string, category: string): Party[] => {
  const applicants = category === 'labour' && rng.chance(0.15) ? rng.int(2, 6) : 1;
  const parties: Party[] = [];
  for (let i = 1; i <= applicants; i++) {
    parties.push({ subjectId: `${caseId}-p${i}`, side: 'applicant', pii: { name: personName(rng), phone: phone(rng), idNumber: null } });
  }
  const respondent = category === 'labour' ? rng.pick(EMPLOYERS) : personName(rng);
  parties.push({ subjectId: `${caseId}-r1`, side: 'respondent', pii: { name: respondent, phone: rng.chance(0.6) ? phone(rng) : null, idNumber: null } });
  return parties;
};
