import raw from '../../forms/programme.json';
import { programmeSchema } from './programme-schema';

/**
 * The programme as shipped (`forms/programme.json`), checked once when first imported:
 * its steps, their forms and who fills them, deadlines and yearly targets.
 */
export const programme = programmeSchema.parse(raw);

/** The forms villages fill through their links (摸底, 自评), in programme order. */
export const villageFormIds: readonly string[] = programme.steps.flatMap((s) =>
  s.filledBy === 'village' && s.formId ? [s.formId] : [],
);

/** The step of a form, for its title and deadline. */
export const stepOfForm = (formId: string) => programme.steps.find((s) => s.formId === formId);

/** The township's evaluation forms (评估验收, 回头看) with the date field each takes effect on. */
export const evaluationForms: ReadonlyMap<string, { title: string; dateField: string }> = new Map(
  programme.steps.flatMap((s) =>
    s.filledBy === 'township' && s.formId && s.effectiveDateField
      ? [[s.formId, { title: s.title, dateField: s.effectiveDateField }] as const]
      : [],
  ),
);
