// Helpers of the real-time suites: a channel of the Live cube per test, INSERTs through psql,
// a WebSocket constructor that records what the server sent, and a subscription that collects
// the pushed counts with their arrival times.
import WebSocket from 'ws';
import { runSql } from '../harness.mjs';
import type { WebSocketConstructor, WebSocketTransport } from '../../../src/ws/index';
import type { WebSocketResult } from '../../../src/ws/WebSocketResult';
import { freshMarker, stack } from './stack';

export const liveQuery = (channel: string) => ({
  measures: ['Live.count'],
  filters: [{ member: 'Live.channel', operator: 'equals' as const, values: [channel] }],
});

export function insertLive(channel: string, rows = 1): void {
  const values = Array.from({ length: rows }, () => `('${channel}')`).join(', ');
  runSql(stack.pg, `INSERT INTO public.live_events (channel) VALUES ${values};`);
}

export const newChannel = freshMarker;

/** A `ws` constructor that records each connection attempt and every frame the server sent. */
export function recordingWebSocket() {
  const record = {
    attempts: [] as number[],
    frames: [] as { at: number; frame: Record<string, unknown> }[],
  };
  class Recording extends WebSocket {
    constructor(url: string) {
      super(url);
      record.attempts.push(Date.now());
      this.on('message', (data) =>
        record.frames.push({ at: Date.now(), frame: JSON.parse(String(data)) as Record<string, unknown> }),
      );
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructor, record };
}

export interface Watch {
  counts: { count: number; at: number }[];
  failures: WebSocketResult[];
  /** Resolves with the arrival time of the first count >= `count` (rejects after `ms`). */
  reach(count: number, ms?: number): Promise<number>;
  unsubscribe(): Promise<void>;
}

/** Subscribes to the channel's count; every pushed result lands in `counts`. */
export function watchCount(
  transport: WebSocketTransport,
  channel: string,
  onCount?: (count: number) => void,
): Watch {
  const request = transport.request('subscribe', { query: liveQuery(channel), queryType: 'multi' });
  const counts: Watch['counts'] = [];
  const failures: WebSocketResult[] = [];
  const waiters = new Set<() => void>();
  void request.subscribe(function onReply(reply, next): Promise<void> | void {
    if (reply.failure) failures.push(reply);
    const body = reply.body as { results?: { data: Record<string, string>[] }[] };
    const row = body.results?.[0]?.data[0];
    if (row) {
      counts.push({ count: Number(row['Live.count']), at: Date.now() });
      onCount?.(Number(row['Live.count']));
    }
    for (const waiter of [...waiters]) waiter();
    if (!reply.failure) return next();
  });
  return {
    counts,
    failures,
    unsubscribe: () => request.unsubscribe(),
    reach: (count, ms = 20000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `count ${count} not pushed within ${ms} ms; got ${counts.map((c) => c.count).join(',')}`,
            ),
          );
        }, ms);
        function check() {
          const hit = counts.find((c) => c.count >= count);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit.at);
        }
        waiters.add(check);
        check();
      }),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
