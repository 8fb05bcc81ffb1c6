/*
 * Self-screening on the suspect criteria of KMK HK.01.07/MENKES/413/2020 (revision 5), domain.md §7.1. A suspect meets
 * one of: (a) a sign of acute respiratory infection (ISPA) and, in the 14 days before it began, travel to or residence
 * in an area with local transmission; (b) a sign of ISPA and contact with a confirmed or probable case in those 14
 * days; (c) severe ISPA or pneumonia needing hospital care with no other convincing cause. A close contact without
 * symptoms is quarantined 14 days and tested. Pure: the answers in, the advice out; nothing is stored here.
 */

export const SCREENING_SYMPTOMS = ['fever', 'cough', 'sore_throat', 'short_breath', 'runny_nose', 'loss_of_smell'] as const;
export type ScreeningSymptom = (typeof SCREENING_SYMPTOMS)[number];

export interface ScreeningAnswers {
  symptoms: ScreeningSymptom[];
  /** Breathing so hard that the person needs a hospital (criterion c). */
  severe: boolean;
  /** Contact with a confirmed or probable case in the last 14 days. */
  contact: boolean;
  /** Travel from, or residence in, an area with local transmission in the last 14 days. */
  travel: boolean;
}

/**
 * - `emergency`: go to a hospital's emergency room now (criterion c);
 * - `stay_home`: stay home, away from others, and contact the puskesmas (a suspect by a or b, or a close contact);
 * - `get_tested`: symptoms without contact or travel: see the puskesmas and get tested;
 * - `none`: no action needed now.
 */
export type ScreeningAdvice = 'emergency' | 'stay_home' | 'get_tested' | 'none';
export type SuspectCriterion = 'a' | 'b' | 'c';

export interface ScreeningResult {
  advice: ScreeningAdvice;
  suspect: boolean;
  criteria: SuspectCriterion[];
  /** A close contact without symptoms: 14 days of quarantine from the contact. */
  closeContact: boolean;
  /** Travel or residence in a transmission area without symptoms: watch for symptoms for 14 days. */
  watchSymptoms: boolean;
}

export function isScreeningSymptom(value: string): value is ScreeningSymptom {
  return (SCREENING_SYMPTOMS as readonly string[]).includes(value);
}

export function evaluateScreening(answers: ScreeningAnswers): ScreeningResult {
  const ispa = answers.symptoms.length > 0;
  const criteria: SuspectCriterion[] = [];
  if (ispa && answers.travel) criteria.push('a');
  if (ispa && answers.contact) criteria.push('b');
  if (answers.severe) criteria.push('c');
  const closeContact = !ispa && !answers.severe && answers.contact;
  const watchSymptoms = !ispa && !answers.severe && !answers.contact && answers.travel;
  const advice: ScreeningAdvice = answers.severe ? 'emergency' : criteria.length > 0 || closeContact ? 'stay_home' : ispa ? 'get_tested' : 'none';
  return { advice, suspect: criteria.length > 0, criteria, closeContact, watchSymptoms };
}
