/**
 * The one window (一窗式受理): one place where a citizen's request is received, whatever it is,
 * by a first-contact owner (首问首办) who triages it into a case of the right kind, or into
 * several cases (e.g. a labour dispute needing legal aid: a mediation and a legal-aid
 * application), linked as coming from the same request. How the window triages is data: which
 * kinds each matter becomes, and what each kind calls the window's channels.
 */

/** One case a matter becomes: its kind (workflow id) and, when the kind files it so, its category. */
export interface TriageRoute {
  readonly kind: string;
  /** The case's category; absent, the request's category is used. */
  readonly category?: string;
}

/** A window's triage rules, as data. */
export interface OneWindow {
  /**
   * The window's channels and what each kind calls them, e.g. a walk-in `visit` is a
   * mediation's `window`, a petition's `visit` and a grid event's `citizen` report.
   */
  readonly channels: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** What each matter becomes: one route, or several (cases linked as coming from the same request). */
  readonly matters: Readonly<Record<string, readonly TriageRoute[]>>;
}

/**
 * The one-stop centre of the source (docs/domain.md; Wuhua district, Kunming): four centres
 * behind one window: comprehensive governance, grid command, petitions, dispute mediation;
 * the mediation desk's first-contact owner sends legal questions to the lawyers on duty and
 * legal-aid applications to the legal-aid office.
 */
export const centreOneWindow: OneWindow = {
  channels: {
    visit: { mediation: 'window', petition: 'visit', gridEvent: 'citizen', legalConsultation: 'window', legalAid: 'window' },
    phone: { mediation: 'legalHotline12348', petition: 'phone', gridEvent: 'hotline', legalConsultation: 'legalHotline12348', legalAid: 'legalHotline12348' },
    online: { mediation: 'govApp', petition: 'web', gridEvent: 'citizen', legalConsultation: 'govApp', legalAid: 'govApp' },
    letter: { petition: 'letter' },
  },
  matters: {
    civilDispute: [{ kind: 'mediation' }],
    labourDispute: [{ kind: 'mediation', category: 'labour' }],
    labourDisputeNeedingLegalAid: [
      { kind: 'mediation', category: 'labour' },
      { kind: 'legalAid', category: 'labour' },
    ],
    legalQuestion: [{ kind: 'legalConsultation' }],
    legalAidApplication: [{ kind: 'legalAid' }],
    grievance: [{ kind: 'petition', category: 'grievance' }],
    suggestion: [{ kind: 'petition', category: 'suggestion' }],
    accusation: [{ kind: 'petition', category: 'accusation' }],
    cityIssue: [{ kind: 'gridEvent' }],
  },
};
