// The account's own notifications and the outbox operator's view, as the web client sees them.
import { request } from '../../api/client';
import type { ApiResponse } from '../../api/types';

export type MyNotification = ApiResponse<'listMyNotifications'>[number];
export type Outbox = ApiResponse<'listNotifications'>;
export type OutboxStatus = 'queued' | 'sent' | 'failed';

export const notificationsApi = {
  mine: (signal?: AbortSignal) => request<MyNotification[]>('/me/notifications', { signal }),
  markRead: (id: string) => request<{ id: string }>(`/me/notifications/${id}/read`, { method: 'POST' }),
  outbox: (status: OutboxStatus, signal?: AbortSignal) => request<Outbox>('/notifications', { query: { status }, signal }),
  retry: (id: string) => request<{ id: string }>(`/notifications/${id}/retry`, { method: 'POST' }),
};
