/** The part of autocannon's (untyped) programmatic API the HTTP benchmark uses. */
declare module 'autocannon' {
  /** One request of a client's sequence; `context` is per client (connection). */
  export interface AutocannonRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (
      request: AutocannonRequest,
      context: Record<string, unknown>,
    ) => AutocannonRequest | undefined;
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }

  export interface AutocannonOptions {
    url: string;
    connections?: number;
    duration?: number;
    requests?: AutocannonRequest[];
  }

  /** Percentiles of a histogram (latency in ms, requests per second). */
  export interface Histogram {
    average: number;
    p50: number;
    p99: number;
    total?: number;
  }

  export interface AutocannonResult {
    requests: Histogram;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }

  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export default autocannon;
}
