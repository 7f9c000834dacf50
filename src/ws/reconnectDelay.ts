/**
 * The pause before reconnect attempt `attempt` (0 for the first after a drop): a window that
 * doubles with each failed attempt up to `max`, and a random point in its upper three quarters.
 *
 * The window is what bounds a fleet: when a restarted Cube drops N sockets at the same moment,
 * their first attempts spread over `base`, so the server sees about N / (0.75 * base) connections
 * per second, never N at once. The quarter kept free means that even with an unlucky random
 * source one client never retries faster than `base / 4`.
 *
 * @param random - a source of numbers in [0, 1).
 */
export function reconnectDelay(attempt: number, base: number, max: number, random: () => number): number {
  const window = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(window * (0.25 + 0.75 * random()));
}
