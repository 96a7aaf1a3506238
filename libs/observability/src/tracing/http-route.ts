import type { IncomingMessage } from 'node:http';

/** Route label of requests no route handled (unknown paths, refused bodies). */
export const UNMATCHED_ROUTE = 'unmatched';

/** What Express adds to a request by the time its response finishes. */
export interface RoutedRequest extends IncomingMessage {
  readonly route?: { readonly path?: unknown };
  readonly baseUrl?: string;
}

/**
 * The route template of a finished request (`/orders/:id`, never the raw URL, so label values
 * and span names stay bounded), {@link UNMATCHED_ROUTE} when no route handled it. Handlers
 * mounted below a path (GraphQL, static assets) match a catch-all `/{*all}` under their mount
 * path (`baseUrl`): they count under the mount path. Read on Express; other platforms report
 * the mount path or `unmatched`.
 */
export function routeTemplateOf(request: RoutedRequest): string {
  const path = request.route?.path;
  if (typeof path === 'string') {
    return `${request.baseUrl ?? ''}${path.replace(/(?:\/\{\*\w+\}|\{\/\*\w+\})$/, '')}` || '/';
  }
  return request.baseUrl || UNMATCHED_ROUTE;
}
