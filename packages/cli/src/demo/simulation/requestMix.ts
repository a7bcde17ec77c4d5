import type { CaseRun } from './caseRun.js';
import { playGridEvent } from './scripts/gridEventScript.js';
import { playLegalAid } from './scripts/legalAidScript.js';
import { playLegalConsultation } from './scripts/legalConsultationScript.js';
import { playMediation } from './scripts/mediationScript.js';
import { playPetition } from './scripts/petitionScript.js';

/**
 * What a district centre's requests are, per 10,000 (the four centres behind one window), drawn
 * from the source (`shared/seed`, docs/getting-started.md "What the year holds"):
 *
 * - Legal consultations far outnumber everything else: 21,082 at the desk and 17,818 online
 *   beside 330 mediated cases at the one-stop centre. Here they are half the requests.
 * - Legal aid: 2,558 cases beside those 38,900 consultations, one for about every 15; the
 *   window also opens one beside a labour dispute that needs it (two linked cases).
 * - Mediations: at the district's scale rather than the one centre's 330 — the labour bureau's
 *   2,519 labour mediations in three years (about 840 a year) are seven in ten of the labour
 *   disputes here, which are over 60% of mediations (the source) — plus those converted from
 *   grid events and petitions (访调对接).
 * - Grid events: the grid workers' patrols report most, and many are settled on the spot
 *   (小事不出楼栋、小事不出网格); the five fixes for the rest. The source gives no yearly count.
 * - Petitions: a few hundred, through letters, visits, the web and phone.
 */
export const REQUEST_MIX = { legalConsultation: 5_000, gridEvent: 2_400, mediation: 1_650, legalAid: 380, petition: 570 } as const;

/** The script of each kind of request. */
const SCRIPTS: Readonly<Record<keyof typeof REQUEST_MIX, (run: CaseRun) => Promise<void>>> = {
  legalConsultation: playLegalConsultation,
  gridEvent: playGridEvent,
  mediation: playMediation,
  legalAid: playLegalAid,
  petition: playPetition,
};

/** Plays one request of the year: its kind drawn from {@link REQUEST_MIX}, then that kind's script. */
export const playRequest = async (run: CaseRun): Promise<void> => {
  run.tally.request();
  await SCRIPTS[run.rng.weighted(REQUEST_MIX)](run);
};
