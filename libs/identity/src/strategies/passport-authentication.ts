import { type Principal, UnauthenticatedError } from '@cqrs-ddd/core';
import passport, { type Strategy } from 'passport';

/**
 * Runs one passport `strategy` against `request` and settles with the principal it proves.
 *
 * The strategy instance is the one the module built (not the global passport registry by
 * name), so two applications in one process never share strategies; as passport does for named
 * strategies, each attempt runs on a fresh object inheriting from it, so concurrent attempts do
 * not overwrite each other's callbacks. No session is used.
 *
 * @param failure message of the `UnauthenticatedError` when the strategy fails without an error
 *   (e.g. passport-local without username or password)
 * @throws what the strategy's `validate` throws (an `UnauthenticatedError` for bad credentials)
 */
export function authenticateWith(
  strategy: Strategy,
  request: object,
  failure: string,
): Promise<Principal> {
  return new Promise<Principal>((resolve, reject) => {
    const attempt = Object.create(strategy) as Strategy;
    const middleware = passport.authenticate(
      attempt,
      { session: false },
      (error: unknown, user: Principal | false | null | undefined) => {
        if (error) reject(error);
        else if (user) resolve(user);
        else reject(new UnauthenticatedError(failure));
      },
    ) as (request: object, response: object, next: (error?: unknown) => void) => void;
    middleware(request, {}, (error?: unknown) =>
      reject(error ?? new UnauthenticatedError(failure)),
    );
  });
}
