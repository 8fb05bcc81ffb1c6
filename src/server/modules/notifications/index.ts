/* The front door of the notifications module: what app.ts, main.ts and other modules may use. */
export { createNotificationsService, type NotificationsService } from './notifications.service.js';
export { notificationsRoutes } from './notifications.routes.js';
export { enqueueNotification, NOTIFICATION_TEXTS, smsText, type NotificationMessage } from './notifications.outbox.js';
export { startNotificationJobs } from './notifications.jobs.js';
export type { NotificationsTable } from './notifications.table.js';
export { createNotificationPersonRecords, type NotificationPersonRecords, type PersonMessage } from './person-records.js';
export { queuedBacklog } from './notifications.repository.js';
export { ACCOUNT_MESSAGE_KINDS, type AccountEvent, type AccountMessageKind, type AccountRecipient } from './account-messages.service.js';
