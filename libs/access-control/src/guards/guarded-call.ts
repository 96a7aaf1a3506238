import type { ExecutionContext } from '@nestjs/common';

/** What a `@Policy` resource resolver sees of the call being guarded. */
export interface GuardedCall {
  /** The transport: `http`, `graphql`, `ws` or `rpc`. */
  readonly transport: string;
  /** The HTTP request (`http`, and `graphql` over HTTP: its `req`). */
  readonly request?: unknown;
  /** The resolver's arguments (`graphql`). */
  readonly args?: Readonly<Record<string, unknown>>;
  /** The message payload (`ws`, `rpc`). */
  readonly data?: unknown;
  /** Nest's execution context, for anything else. */
  readonly context: ExecutionContext;
}

/** The {@link GuardedCall} of `context`, for the transports Nest knows. */
export function guardedCallOf(context: ExecutionContext): GuardedCall {
  const transport = context.getType<string>();
  switch (transport) {
    case 'http':
      return { transport, request: context.switchToHttp().getRequest(), context };
    case 'graphql':
      return {
        transport,
        args: context.getArgByIndex<Record<string, unknown> | undefined>(1),
        request: context.getArgByIndex<{ req?: unknown } | undefined>(2)?.req,
        context,
      };
    case 'ws':
      return { transport, data: context.switchToWs().getData(), context };
    case 'rpc':
      return { transport, data: context.switchToRpc().getData(), context };
    default:
      return { transport, context };
  }
}
