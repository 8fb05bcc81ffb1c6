import Type from 'typebox';
import { REGION_CODE_PATTERN } from '../regions/index.js';
import { ISO_WEEK_PATTERN } from './iso-week.js';

export const WeeklyReportQuery = Type.Object({
  region: Type.Optional(Type.String({ minLength: 2, maxLength: 40, pattern: REGION_CODE_PATTERN })),
  week: Type.String({ pattern: ISO_WEEK_PATTERN, description: 'ISO week, YYYY-Www' }),
});

export const Subscription = Type.Object({ subscribed: Type.Boolean(), email: Type.Union([Type.String(), Type.Null()]) });
export const SubscriptionInput = Type.Object({ subscribed: Type.Boolean(), email: Type.Optional(Type.String({ maxLength: 254 })) });
