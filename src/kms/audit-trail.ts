/**
 * @module kms/audit-trail
 * A CloudTrail-shaped audit trail (kms.md §9). Every call on a customer-managed or AWS-managed
 * key, success or failure, DryRun included, and every service event (RotateKey, DeleteKey) is
 * one record; calls on AWS-owned keys are not recorded, as in AWS. Records never hold
 * plaintext, ciphertext blobs, key material, grant tokens or policies' responses.
 * `lookupEvents` answers like CloudTrail's LookupEvents: newest first, with the record as a
 * JSON string in `CloudTrailEvent`.
 */
import { InvalidMarkerException, ValidationException } from '../common/errors.js';
import type { AuditRecord } from './_records.js';
import type { LookupEvent, LookupEventsRequest, LookupEventsResponse } from './types.js';

const DEFAULT_MAX_RESULTS = 50;

/** The trail's records, oldest first. */
export class AuditTrail {
  readonly #events: AuditRecord[] = [];

  /**
   * Appends a record (records arrive in time order).
   * @returns its sequence number, the order in which it is persisted
   */
  append(event: AuditRecord): number {
    this.#events.push(event);
    return this.#events.length - 1;
  }

  /** Loads persisted records in their stored (sequence) order. */
  load(events: readonly AuditRecord[]): void {
    this.#events.push(...events);
  }

  /** Number of records. */
  get size(): number {
    return this.#events.length;
  }

  /**
   * Queries the trail.
   * @param request - filters: EventName, KeyId (key id or ARN, matched against resources),
   *   StartTime/EndTime (inclusive), CloudTrail LookupAttributes, MaxResults (1..50), NextToken
   * @returns matching events, newest first
   * @throws {@link ValidationException} for more than one lookup attribute or a bad MaxResults
   * @throws {@link InvalidMarkerException} for a NextToken this trail did not issue
   */
  lookup(request: LookupEventsRequest = {}): LookupEventsResponse {
    const attrs = request.LookupAttributes ?? [];
    if (attrs.length > 1) throw new ValidationException('You can specify only one lookup attribute.');
    const max = request.MaxResults ?? DEFAULT_MAX_RESULTS;
    if (!Number.isInteger(max) || max < 1 || max > 50)
      throw new ValidationException('MaxResults must be an integer between 1 and 50.');
    let skip = 0;
    if (request.NextToken !== undefined) {
      const m = /^t([0-9]+)$/.exec(request.NextToken);
      if (!m) throw new InvalidMarkerException('Invalid NextToken');
      skip = Number(m[1]);
    }
    /* Precondition: StartTime and EndTime are Dates. */
    for (const [name, t] of [['StartTime', request.StartTime], ['EndTime', request.EndTime]] as const) {
      if (t !== undefined && !(t instanceof Date && !Number.isNaN(t.getTime())))
        throw new ValidationException(`${name} must be a valid Date.`);
    }
    // CloudTrail times are to the second: compare at that precision, bounds inclusive.
    const start = request.StartTime === undefined ? undefined : Math.floor(request.StartTime.getTime() / 1000) * 1000;
    const end = request.EndTime === undefined ? undefined : request.EndTime.getTime();
    const keyFilter = request.KeyId;
    const matches: AuditRecord[] = [];
    for (let i = this.#events.length - 1; i >= 0; i--) {
      const e = this.#events[i]!;
      const at = Date.parse(e.eventTime);
      if (start !== undefined && at < start) continue;
      if (end !== undefined && at > end) continue;
      if (request.EventName !== undefined && e.eventName !== request.EventName) continue;
      if (keyFilter !== undefined && !e.resources.some((r) => r.ARN === keyFilter || r.ARN.endsWith(`/${keyFilter}`)))
        continue;
      if (attrs[0] && !matchesAttribute(e, attrs[0].AttributeKey, attrs[0].AttributeValue)) continue;
      matches.push(e);
    }
    const page = matches.slice(skip, skip + max);
    const out: LookupEventsResponse = { Events: page.map(toLookupEvent) };
    if (skip + max < matches.length) out.NextToken = `t${skip + max}`;
    return out;
  }
}

function matchesAttribute(e: AuditRecord, key: string, value: string): boolean {
  switch (key) {
    case 'EventName':
      return e.eventName === value;
    case 'EventId':
      return e.eventID === value;
    case 'ReadOnly':
      return String(e.readOnly) === value;
    case 'Username':
      return usernameOf(e) === value;
    case 'ResourceName':
      return e.resources.some((r) => r.ARN === value);
    default:
      return false;
  }
}

function usernameOf(e: AuditRecord): string | undefined {
  const id = e.userIdentity;
  if (typeof id['userName'] === 'string') return id['userName'];
  if (typeof id['invokedBy'] === 'string') return id['invokedBy'];
  const arn = id['arn'];
  return typeof arn === 'string' ? arn.slice(arn.lastIndexOf('/') + 1) : undefined;
}

function toLookupEvent(e: AuditRecord): LookupEvent {
  const username = usernameOf(e);
  return {
    EventId: e.eventID,
    EventName: e.eventName,
    ReadOnly: String(e.readOnly),
    EventTime: new Date(e.eventTime),
    EventSource: e.eventSource,
    ...(username === undefined ? {} : { Username: username }),
    Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: JSON.stringify(e),
  };
}
