/** The event type that records an erasure. */
export const PERSONAL_DATA_ERASED = 'PersonalDataErased';

/** The stream that records a subject's erasures: `personal-data-<subjectId>` (not a case stream). */
export const erasureStreamOf = (subjectId: string): string => `personal-data-${subjectId}`;
