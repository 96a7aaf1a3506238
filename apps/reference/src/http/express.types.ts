/**
 * The parts of Express's request and response objects this app uses (`@types/express` is not
 * a dependency; `@nestjs/platform-express` runs Express 5).
 */
export interface ExpressRequest {
  readonly method: string;
  readonly url: string;
  readonly originalUrl: string;
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The matched route (its template in `path`), once Express routed the request. */
  readonly route?: { readonly path: string };
}

/** See {@link ExpressRequest}. */
export interface ExpressResponse {
  readonly headersSent: boolean;
  readonly statusCode: number;
  setHeader(name: string, value: string): this;
  status(code: number): this;
  type(mediaType: string): this;
  send(body: string): this;
  json(body: unknown): this;
  end(): this;
  once(event: 'finish' | 'close', listener: () => void): this;
}
