import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WsAdapter } from '@nestjs/platform-ws';

interface RegisteredWsServer {
  readonly path: string;
  handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    done: (client: unknown) => void,
  ): void;
  emit(event: 'connection', client: unknown, request: IncomingMessage): boolean;
}

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * platform-ws's `WsAdapter` for gateways that share the application's HTTP server with other
 * WebSocket servers — graphql-ws subscriptions of `@nestjs/graphql` on `/graphql` in
 * particular. The stock adapter destroys every upgrade request whose path has no gateway, which
 * kills the GraphQL subscription handshakes; this one leaves those to their own listener.
 *
 * `app.useWebSocketAdapter(new SharedServerWsAdapter(app))` before `app.listen`.
 */
export class SharedServerWsAdapter extends WsAdapter {
  private readonly ownListeners = new Map<Server, UpgradeListener>();

  protected override ensureHttpServerExists(port: number, httpServer?: Server): Server | undefined {
    if (this.httpServersRegistry.has(port)) return undefined;
    if (httpServer === undefined) return super.ensureHttpServerExists(port);
    this.httpServersRegistry.set(port, httpServer);
    const listener: UpgradeListener = (request, socket, head) => {
      const pathname = new URL(request.url ?? '/', 'ws://localhost').pathname;
      const servers = (this.wsServersRegistry.get(port) ?? []) as RegisteredWsServer[];
      const server = servers.find((candidate) => candidate.path === pathname);
      // Another server's path (e.g. graphql-ws): its own upgrade listener answers.
      if (server === undefined) return;
      server.handleUpgrade(request, socket, head, (client) =>
        server.emit('connection', client, request),
      );
    };
    httpServer.on('upgrade', listener);
    this.ownListeners.set(httpServer, listener);
    return httpServer;
  }

  override async dispose(): Promise<void> {
    for (const [server, listener] of this.ownListeners) server.off('upgrade', listener);
    this.ownListeners.clear();
    await super.dispose();
  }
}
