/**
 * The contract's names and envelopes without its schemas: what a transport needs at run time to
 * route requests and events. It imports only types, so the sandboxed preload can bundle it
 * without pulling in zod. Each list is a record keyed by the contract's own names, so the
 * compiler refuses a name that is missing here or one the contract does not have.
 */
import type { EventMessage, EventName } from './contract/events';
import type { RequestName } from './contract/requests';

export type { EventMessage, EventName, RequestName };

const REQUESTS: Record<RequestName, true> = {
  'app.info': true,
  'datasets.list': true,
  'datasets.loadDemo': true,
  'datasets.loadPaths': true,
  'datasets.reclassify': true,
  'datasets.resume': true,
  'datasets.delete': true,
  'datasets.rescore': true,
  'detector.list': true,
  'detector.confirm': true,
  'jobs.cancel': true,
  'jobs.list': true,
  'alerts.query': true,
  'alerts.queue': true,
  'alerts.decideGroup': true,
  'alerts.detail': true,
  'alerts.decide': true,
  'advisor.status': true,
  'advisor.setModel': true,
  'advisor.download': true,
  'advisor.setPrompt': true,
  'kg.summary': true,
  'kg.graph': true,
  'training.start': true,
  'training.control': true,
  'training.status': true,
  'training.study': true,
  'training.studyControl': true,
  'training.studyStatus': true,
  'feed.start': true,
  'feed.stop': true,
  'feed.switchDetector': true,
  'feed.list': true,
  'export.decisions': true,
  'incidents.list': true,
  'incidents.get': true,
  'incidents.decide': true,
  'incidents.report': true,
  'incidents.answer': true,
  'autoApprove.get': true,
  'autoApprove.set': true,
  'detector.report': true,
  'signatures.get': true,
  'audit.verify': true,
  'audit.list': true,
};

/** Every request name, for deriving transports. */
export const REQUEST_NAMES = Object.keys(REQUESTS) as RequestName[];

/** Type guard for request names arriving over a transport. */
export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(REQUESTS, name);
}

const EVENTS: Record<EventName, true> = {
  'job.progress': true,
  'job.finished': true,
  'datasets.changed': true,
  'advisor.changed': true,
  'alerts.changed': true,
  'incidents.changed': true,
  'training.progress': true,
  'training.studyProgress': true,
  'feed.status': true,
};

/** Every event name. */
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

/** Type guard for event names arriving over a transport. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(EVENTS, name);
}

/** Electron IPC: the prefix of every request's channel (`rampart:<request name>`). */
export const REQUEST_CHANNEL_PREFIX = 'rampart:';
/** Electron IPC: the channel the main process pushes events on. */
export const EVENT_CHANNEL = 'rampart:event';

/** Channel of one request. */
export function requestChannel(name: RequestName): string {
  return REQUEST_CHANNEL_PREFIX + name;
}

/**
 * Why a request failed: arguments the contract refuses, or a fault in the core; the headless host
 * adds its HTTP-level refusals (token, origin, unknown export).
 */
export type ReplyErrorCode =
  'invalid_request' | 'internal' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict';

/** What every transport answers a request with, so all of them report errors the same way. */
export type ApiReply =
  | { ok: true; result: unknown }
  /** `state`: with a conflict, the fresh state the request met (e.g. who decided the alert). */
  | { ok: false; error: string; code: ReplyErrorCode; state?: unknown };

/** Narrow an untrusted value to the reply envelope. */
export function isApiReply(v: unknown): v is ApiReply {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}
