/**
 * The client connections a transport holds open, each with the function that cuts it off. On
 * application shutdown the transport calls {@link disconnectAll}: connections end at once,
 * without waiting on clients (a client that stopped reading would otherwise keep the HTTP
 * server's `close()` waiting for ever).
 */
export class OpenConnections<TConnection> {
  private readonly connections = new Map<TConnection, (connection: TConnection) => void>();

  /** Tracks `connection` until it is removed; `disconnect` cuts it off. Returns the removal. */
  add(connection: TConnection, disconnect: (connection: TConnection) => void): () => void {
    this.connections.set(connection, disconnect);
    return () => this.connections.delete(connection);
  }

  /** Number of tracked connections. */
  get size(): number {
    return this.connections.size;
  }

  /** Cuts off and forgets every tracked connection. */
  disconnectAll(): void {
    const open = [...this.connections];
    this.connections.clear();
    for (const [connection, disconnect] of open) disconnect(connection);
  }
}
