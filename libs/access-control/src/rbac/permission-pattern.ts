import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';

/**
 * Permissions and actions are `:`-separated names, `<resource>:<verb>` (`order:confirm`).
 *
 * Matching rules (case-sensitive):
 * - a pattern without `*` matches exactly that action;
 * - `*` is only allowed as the whole last segment and matches one or more further segments:
 *   `order:*` matches `order:read` and `order:item:add`, but not `order` itself nor `orders:read`;
 * - `*` alone matches every action.
 * `*` anywhere else (`*:read`, `order:re*`) is rejected at start.
 */
export function matchesPermission(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith(':*')) return action.startsWith(pattern.slice(0, -1));
  return pattern === action;
}

/**
 * Checks that `pattern` is a valid permission / action pattern (see {@link matchesPermission}).
 * @param owner where the pattern comes from, for the error message (e.g. `role 'order:reader'`).
 * @throws AccessControlConfigurationError naming the owner and the pattern.
 */
export function assertPermissionPattern(
  pattern: unknown,
  owner: string,
): asserts pattern is string {
  const segments = typeof pattern === 'string' ? pattern.split(':') : [];
  const valid =
    segments.length > 0 &&
    segments.every((segment, index) => {
      if (segment === '*') return index === segments.length - 1;
      return segment.trim() === segment && segment !== '' && !segment.includes('*');
    });
  if (!valid) {
    throw new AccessControlConfigurationError(
      `${owner} has an invalid permission pattern ${JSON.stringify(pattern)}: use ` +
        `':'-separated non-empty names, with '*' only as the whole last segment (order:*, *)`,
    );
  }
}
