import { payloadFingerprint } from '@cqrs-ddd/core';
import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import type { AccessRequest } from '../policies/access-policy.js';
import type { HttpPolicyDecisionPointOptions } from './http-policy-decision-point.options.js';
import { parsePdpResult } from './pdp-result.parser.js';
import {
  PolicyDecisionPoint,
  type PolicyDecisionPointAnswer,
} from './policy-decision-point.port.js';

const DEFAULT_TIMEOUT_MS = 250;
const DEFAULT_CACHE_TTL_MS = 5_000;
const DEFAULT_CACHE_MAX_ENTRIES = 10_000;

/**
 * OPA-compatible PDP client: `POST <url>` with `{ input: { principal, action, resource,
 * environment } }`; accepts `{ result: boolean }` or `{ result: { allow, reason? } }`.
 * Fails closed: a timeout, network error, non-2xx status or malformed body is a denial
 * (`policy decision point unavailable (...)`), never cached. Definitive answers are cached
 * for `cacheTtlMs`, keyed by the input without `environment.now` / `environment.correlationId`.
 */
export class HttpPolicyDecisionPoint extends PolicyDecisionPoint {
  private readonly logger = new Logger('AccessControl');
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly cache?: LRUCache<string, PolicyDecisionPointAnswer>;

  /** @throws AccessControlConfigurationError for an invalid URL, timeout or cache option. */
  constructor(options: HttpPolicyDecisionPointOptions) {
    super();
    this.url = parseUrl(options?.url);
    this.timeoutMs = positiveInteger(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'pdp.timeoutMs');
    this.headers = { ...options.headers };
    const ttl = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    if (ttl !== 0) {
      this.cache = new LRUCache({
        ttl: positiveInteger(ttl, 'pdp.cacheTtlMs'),
        max: positiveInteger(
          options.cacheMaxEntries ?? DEFAULT_CACHE_MAX_ENTRIES,
          'pdp.cacheMaxEntries',
        ),
      });
    }
  }

  /** Asks the PDP (or the cache); resolves to a denial on any failure, never rejects. */
  async decide(request: AccessRequest): Promise<PolicyDecisionPointAnswer> {
    const input = {
      principal: request.principal,
      action: request.action,
      resource: request.resource,
      environment: request.environment,
    };
    const { cache } = this;
    const key = cache && cacheKey(input);
    const cached = key && cache?.get(key);
    if (cached) return cached;
    const { answer, definitive } = await this.ask(input);
    if (definitive && key) cache?.set(key, answer);
    return answer;
  }

  private async ask(
    input: object,
  ): Promise<{ answer: PolicyDecisionPointAnswer; definitive: boolean }> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let status: string;
    try {
      const response = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...this.headers,
        },
        body: JSON.stringify({ input }),
        signal,
      });
      if (response.ok) {
        const answer = parsePdpResult(parseJson(await response.text()));
        if (answer) return { answer, definitive: true };
        status = 'malformed response';
      } else {
        await response.body?.cancel();
        status = `HTTP ${response.status}`;
      }
    } catch {
      // The timeout is the only abort (while connecting or reading the body); its
      // DOMException may come from another realm, so the signal says what happened.
      status = signal.aborted ? `timeout after ${this.timeoutMs} ms` : 'network error';
    }
    this.logger.warn(`Policy decision point ${this.url.origin}${this.url.pathname}: ${status}`);
    const reason = `policy decision point unavailable (${status})`;
    return { answer: { allowed: false, reason }, definitive: false };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function cacheKey(input: { environment: object }): string {
  const {
    now: _now,
    correlationId: _correlationId,
    ...environment
  } = input.environment as {
    now?: unknown;
    correlationId?: unknown;
  };
  return payloadFingerprint('pdp', { ...input, environment });
}

function parseUrl(url: unknown): URL {
  const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new AccessControlConfigurationError("'pdp.url' must be an absolute http(s) URL");
  }
  return parsed;
}

function positiveInteger(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new AccessControlConfigurationError(`'${name}' must be a positive integer`);
  }
  return value as number;
}
