/**
 * WebSocket close codes this server uses beyond graphql-ws's own (4400 bad request, 4401 unauthorized,
 * 4403 forbidden, 4408 init timeout, 4409 duplicate id, 4429 repeated init, 4500 internal error).
 * Clients should reconnect and resume from the last cursor they processed after any of these.
 */
export const StaffSyncCloseCode = {
  /** The client stopped reading: more than `maxBufferedBytes` waited to be sent. Resume from your cursor. */
  SlowConsumer: 4413,
  /** The server is shutting down; connect again (to another instance) and resume. */
  GoingAway: 1001,
  /** The employee holds as many sockets as allowed (TOO_MANY_CONNECTIONS): close one, then connect. */
  PolicyViolation: 1008,
} as const;
