import { z } from 'zod';
import type { WorkCalendar } from './calendar';
import { isIsoDate } from './fiscal';

/** Validation of an organisation's working calendar where one enters the system. */
export const workCalendarSchema = z.object({
  skipWeekends: z.boolean(),
  holidays: z.array(z.string().refine(isIsoDate, { message: 'ต้องเป็นวันที่ YYYY-MM-DD / must be a YYYY-MM-DD date' })),
}) satisfies z.ZodType<WorkCalendar>;
