import nodemailer from 'nodemailer';
import { renderNotifyTemplate, type NotificationsConfig, type NotifySmtpConfig, type NotifyWebhookConfig } from '../../config.js';
import { maskPhone } from '../../shared/phone.js';
import { text } from '../../shared/texts.js';
import type { OpenedNotification } from './notifications.outbox.js';
import { isLoopbackHost } from '../../shared/net.js';

/**
 * A delivery failure. `permanent` ones (the gateway refused the request itself) fail the message at once; the others
 * (timeouts, 5xx, refused connections) are retried with back-off. Messages never carry personal data: they end up in
 * the outbox row and the operator view.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** One way out. `send` resolves only once the provider confirmed it took the message. */
export interface NotificationSender {
  readonly name: string;
  send(message: OpenedNotification): Promise<void>;
}

export interface NotificationChannels {
  sms: NotificationSender;
  email: NotificationSender;
}

/**
 * SMS/WhatsApp through the city's gateway: POST of the JSON template with the recipient, text and message id (the id
 * lets a provider drop a repeat after a crash between its confirmation and our bookkeeping; it is also sent as the
 * Idempotency-Key header). A 2xx answer confirms; 408, 429 and 5xx are retried; other 4xx fail for good.
 */
export function createWebhookChannel(config: NotifyWebhookConfig): NotificationSender {
  return {
    name: 'webhook',
    async send(message) {
      const body = renderNotifyTemplate(config.template, { to: message.to, body: message.body, id: message.id, subject: message.subject ?? '', lang: message.lang });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': message.id };
      if (config.authHeader) headers[config.authHeader.name.toLowerCase()] = config.authHeader.value;
      let response: Response;
      try {
        response = await fetch(config.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(config.timeoutMs), redirect: 'error' });
      } catch (err) {
        const name = err instanceof Error ? err.name : '';
        if (name === 'TimeoutError' || name === 'AbortError') throw new DeliveryError(`timeout after ${config.timeoutMs} ms`);
        const cause = err instanceof Error && err.cause instanceof Error ? ((err.cause as NodeJS.ErrnoException).code ?? err.cause.name) : 'network error';
        throw new DeliveryError(`gateway unreachable (${cause})`);
      }
      // Drain the body so the connection can be reused; its content is the provider's business.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const retriable = response.status === 408 || response.status === 429 || response.status >= 500;
      throw new DeliveryError(`gateway answered HTTP ${response.status}`, !retriable);
    },
  };
}

/**
 * Transport options for SMTP_URL. smtps:// is TLS from the first byte; smtp:// must upgrade with STARTTLS
 * (`requireTLS`: a server that does not offer it gets no message, rather than one in clear text), except a mail relay
 * on this machine, where the message never crosses a network.
 */
export function smtpOptions(config: NotifySmtpConfig) {
  const url = new URL(config.url);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !isLoopbackHost(url.hostname),
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  };
}

/** E-mail over SMTP (nodemailer). The server's acceptance of the message (250 after DATA) confirms it. */
export function createSmtpChannel(config: NotifySmtpConfig): NotificationSender & { close(): void } {
  const transport = nodemailer.createTransport(smtpOptions(config));
  return {
    name: 'smtp',
    async send(message) {
      try {
        await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject ?? text(message.lang, 'notifications.emailSubject'),
          text: message.body,
          messageId: `<${message.id}@jagabaya>`,
          headers: { 'Content-Language': message.lang },
        });
      } catch (err) {
        const e = err as { code?: unknown; responseCode?: unknown };
        const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
        const code = typeof e.code === 'string' ? e.code : 'error';
        // 5xx from the server: the message or recipient was refused for good. Connection problems and 4xx retry.
        const permanent = responseCode !== null && responseCode >= 500;
        throw new DeliveryError(`SMTP ${code}${responseCode === null ? '' : ` ${responseCode}`}`, permanent);
      }
    },
    close() {
      transport.close();
    },
  };
}

export type LogFn = (fields: Record<string, unknown>, message: string) => void;

export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  return `${address[0]}***${address.slice(at)}`;
}

/** What an operator or a log may show of a recipient: "0812-****-7890", "k***@example.org". */
export function maskRecipient(channel: string, to: string): string {
  if (channel === 'sms') return maskPhone(to);
  if (channel === 'email') return maskEmail(to);
  return channel;
}

/** Development: the message goes to the log (recipient masked, text in full so links can be followed). */
export function createLogChannel(log: LogFn): NotificationSender {
  return {
    name: 'log',
    async send(message) {
      log({ notificationId: message.id, channel: message.channel, to: maskRecipient(message.channel, message.to), lang: message.lang, subject: message.subject, body: message.body }, 'notification (log channel, not delivered)');
    },
  };
}

/**
 * In live mode, a channel without settings delivers nothing: its messages stay queued (retried with back-off, so
 * setting the variable and restarting still delivers them) and end as failed for the operator. Never "sent".
 */
function unconfiguredChannel(what: string, variable: string): NotificationSender {
  return {
    name: 'unconfigured',
    async send() {
      throw new DeliveryError(`${what} channel not configured (${variable})`);
    },
  };
}

/** The channels the configuration asks for: in log mode every one writes to the log. */
export function createChannels(config: NotificationsConfig, log: LogFn): NotificationChannels & { describe(): string[]; close(): void } {
  const live = config.mode === 'live';
  const logChannel = createLogChannel(log);
  const smtp = live && config.smtp ? createSmtpChannel(config.smtp) : null;
  const sms = !live ? logChannel : config.webhook ? createWebhookChannel(config.webhook) : unconfiguredChannel('SMS', 'NOTIFY_WEBHOOK_URL');
  const email = !live ? logChannel : (smtp ?? unconfiguredChannel('e-mail', 'SMTP_URL'));
  const state = (configured: string | null, variable: string) =>
    !live ? 'LOG ONLY (NOTIFY_MODE=log)' : (configured ?? `NOT CONFIGURED: messages wait in the queue, then fail (set ${variable})`);
  return {
    sms,
    email,
    describe() {
      return [
        `SMS/WhatsApp: ${state(config.webhook ? `gateway ${new URL(config.webhook.url).host}` : null, 'NOTIFY_WEBHOOK_URL')}`,
        `E-mail:       ${state(config.smtp ? `SMTP ${new URL(config.smtp.url).host}` : null, 'SMTP_URL and SMTP_FROM')}`,
      ];
    },
    close() {
      smtp?.close();
    },
  };
}
