/**
 * The five prokes items a visitor scores 1–5 after checking out: the ONE list of their codes, in the order every
 * form shows them (server, check-in page, web app). Their labels are in the text catalogue, `ratingItems.<code>`.
 */
export const RATING_ITEMS = ['masks', 'handwashing', 'distancing', 'temperature', 'cleanliness'] as const;
export type RatingItem = (typeof RATING_ITEMS)[number];
