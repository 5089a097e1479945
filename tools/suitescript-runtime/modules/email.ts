/**
 * N/email: `send({ author, recipients, subject, body, cc, bcc, replyTo })` (20 units), captured on the account
 * (`account.emails`). The author is an employee internal id; at most 10 recipients (and 10 cc, 10 bcc); recipients
 * are addresses or entity internal ids. Attachments and related records are not implemented.
 */
import { sse } from '../errors';
import type { Execution } from '../execution';
import { missingArg, notImplemented, opts, strict, wrongType } from '../strict';
import type { EmailEntry } from '../types';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function addresses(value: unknown, what: string, required: boolean): string[] {
  if (value === undefined || value === null || value === '') {
    if (required) throw missingArg(`email.send: options.${what}`);
    return [];
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 && required) throw missingArg(`email.send: options.${what}`);
  if (list.length > 10) throw sse('SSS_MAXIMUM_NUMBER_RECIPIENTS_EXCEEDED', `No more than 10 ${what} may be specified.`);
  return list.map((r) => {
    if (typeof r === 'number' && Number.isInteger(r)) return String(r);
    if (typeof r !== 'string') throw wrongType(`options.${what}`, 'string, number or array');
    if (!/^\d+$/.test(r) && !EMAIL_RE.test(r.trim())) throw sse('INVALID_EMAILS_FOUND', `${r} is not a valid email address.`);
    return r.trim();
  });
}

export function createEmailModule(ex: Execution): object {
  const send = (options?: unknown): void => {
    const o = opts(options, 'email.send');
    const author = o['author'];
    if (author === undefined || author === null || author === '') throw missingArg('email.send: options.author');
    const authorId = typeof author === 'number' ? author : typeof author === 'string' && /^-?\d+$/.test(author) ? Number(author) : NaN;
    if (!Number.isInteger(authorId)) throw wrongType('options.author', 'number (employee internal id)');
    const recipients = addresses(o['recipients'], 'recipients', true);
    const cc = addresses(o['cc'], 'cc', false);
    const bcc = addresses(o['bcc'], 'bcc', false);
    const subject = o['subject'];
    const body = o['body'];
    if (subject === undefined || subject === null) throw missingArg('email.send: options.subject');
    if (body === undefined || body === null) throw missingArg('email.send: options.body');
    if (typeof subject !== 'string') throw wrongType('options.subject', 'string');
    if (typeof body !== 'string') throw wrongType('options.body', 'string');
    if (o['attachments'] !== undefined && o['attachments'] !== null) throw ex.fault('email.send: attachments are not implemented');
    ex.gov.charge('N/email.send');
    const entry: EmailEntry = { author: authorId, recipients, cc, bcc, subject, body, scriptId: ex.scriptId, deploymentId: ex.deploymentId, time: ex.now() };
    if (typeof o['replyTo'] === 'string') entry.replyTo = o['replyTo'];
    ex.account.recordEmail(entry);
  };
  return strict(ex, 'N/email', {
    send: Object.assign(send, { promise: notImplemented(ex, 'N/email.send.promise') }),
    sendBulk: notImplemented(ex, 'N/email.sendBulk'),
    sendCampaignEvent: notImplemented(ex, 'N/email.sendCampaignEvent'),
  });
}
