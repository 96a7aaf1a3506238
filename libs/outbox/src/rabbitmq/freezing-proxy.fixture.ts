import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the test broker whose broker-to-client direction can be frozen: the
 * bytes the broker sends are dropped, as when it hangs or the network drops packets. Unlike
 * `TcpProxy.cut`, nothing closes: only timeouts can notice.
 */
export class FreezingProxy {
  private frozen = false;
  private readonly clients = new Set<Socket>();
  private acceptedCount = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {
    server.on('connection', (client) => this.forward(client));
  }

  /** Starts a proxy on a free local port forwarding to the broker of `url`. */
  static async start(url: string): Promise<FreezingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FreezingProxy(server, new URL(url));
  }

  /** The broker URL with the proxy as host and port. */
  get url(): string {
    const address = this.server.address();
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String(typeof address === 'object' && address ? address.port : 0);
    return url.toString();
  }

  /** Connections accepted since the start. */
  get accepted(): number {
    return this.acceptedCount;
  }

  /** Connections still open. */
  get open(): number {
    return this.clients.size;
  }

  /** Drops everything the broker sends from now on. */
  freeze(): void {
    this.frozen = true;
  }

  /** Forwards the broker's bytes again (connections open while frozen lost some: drop them). */
  thaw(): void {
    this.frozen = false;
  }

  /** Closes every connection and the proxy. */
  async stop(): Promise<void> {
    for (const client of this.clients) client.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: Socket): void {
    this.acceptedCount += 1;
    this.clients.add(client);
    const upstream = connect(Number(this.target.port) || 5672, this.target.hostname);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!this.frozen) client.write(chunk);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.clients.delete(client);
        client.destroy();
        upstream.destroy();
      });
    }
  }
}
