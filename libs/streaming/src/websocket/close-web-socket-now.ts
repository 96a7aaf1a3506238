import type { WebSocket } from 'ws';

/** Close code and reason sent to WebSocket clients when the application shuts down. */
export const SHUTDOWN_CLOSE_FRAME = { code: 1001, reason: 'Server shutting down' } as const;

/**
 * Sends a close frame (best effort: a client that reads gets the code and reason) and destroys
 * the connection right away, instead of waiting for the client's closing handshake (up to `ws`'s
 * 30 s close timeout for a client that stopped reading).
 */
export function closeWebSocketNow(
  socket: WebSocket,
  code: number = SHUTDOWN_CLOSE_FRAME.code,
  reason: string = SHUTDOWN_CLOSE_FRAME.reason,
): void {
  if (socket.readyState === socket.OPEN) socket.close(code, reason);
  socket.terminate();
}
