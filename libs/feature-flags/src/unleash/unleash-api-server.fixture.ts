import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UnleashFeature } from './unleash-feature.mapping.js';

/** A request the fixture received, body parsed as JSON. */
export interface UnleashApiRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

/**
 * A local server implementing the part of the Unleash client API an SDK uses:
 * `GET /client/features` serves the features given (replace them with {@link setFeatures}),
 * `POST /client/register` and `POST /client/metrics` are accepted and recorded. Requests without
 * the expected `Authorization` header (when `token` is set) get 401.
 */
export class UnleashApiServerFixture {
  /** Every request received, in order. */
  readonly requests: UnleashApiRequest[] = [];
  private readonly server: Server;

  private constructor(
    private features: readonly UnleashFeature[],
    private readonly token: string | undefined,
  ) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, response, Buffer.concat(chunks)));
    });
  }

  /** Starts the server on a free port of 127.0.0.1. */
  static async start(
    features: readonly UnleashFeature[] = [],
    options: { token?: string } = {},
  ): Promise<UnleashApiServerFixture> {
    const fixture = new UnleashApiServerFixture(features, options.token);
    await new Promise<void>((resolve) => fixture.server.listen(0, '127.0.0.1', resolve));
    return fixture;
  }

  private handle(request: IncomingMessage, response: ServerResponse, body: Buffer): void {
    const text = body.toString('utf8');
    const path = new URL(request.url ?? '/', 'http://fixture').pathname;
    this.requests.push({
      method: request.method ?? 'GET',
      path,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    if (this.token !== undefined && request.headers.authorization !== this.token) {
      response.writeHead(401).end();
    } else if (request.method === 'GET' && path === '/client/features') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ version: 2, features: this.features, segments: [] }));
    } else if (request.method === 'POST' && /^\/client\/(register|metrics)$/.test(path)) {
      response.writeHead(202).end();
    } else {
      response.writeHead(404).end();
    }
  }

  /** Base URL to give the SDK as `url`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Serves `features` from the next poll on. */
  setFeatures(features: readonly UnleashFeature[]): void {
    this.features = features;
  }

  /** Requests received on `path`. */
  requestsTo(path: string): UnleashApiRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Stops the server, dropping open keep-alive connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.server.close((error) => (error ? reject(error) : resolve())),
    );
  }
}
