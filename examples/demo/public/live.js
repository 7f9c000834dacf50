// The live panel: a subscription over Cube's WebSocket API. "Insert an order" asks the demo
// server to INSERT a row into PostgreSQL; Cube re-runs the subscription every second and pushes
// the new totals, and the badge shows where the connection stands (stop Cube to see it reconnect).
import cubejs, { fetchCubeToken } from '/vendor/cube-client/index.js';
import { WebSocketTransport } from '/vendor/cube-client/ws.js';

const $ = (id) => document.getElementById(id);
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const config = await fetch('/config.json').then((r) => r.json());

const transport = new WebSocketTransport({ apiUrl: config.wsUrl });
const liveApi = cubejs(fetchCubeToken('/auth/cubejs-token'), { apiUrl: config.apiUrl, transport });

function showState() {
  const { status, error } = transport.getConnectionState();
  $('live-state').textContent = error && status !== 'open' ? `${status}: ${error.message}` : status;
  $('live-state').dataset.status = status;
}
transport.subscribeConnectionState(showState);
showState();

/** The totals of the last pushes, newest last, drawn as bars. */
const history = [];
function renderHistory() {
  const svg = $('live-chart');
  const ns = 'http://www.w3.org/2000/svg';
  const max = Math.max(...history.map((h) => h.total), 1);
  const slot = 760 / 12;
  svg.replaceChildren(
    ...history.flatMap((h, i) => {
      const height = Math.round((h.total / max) * 100);
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(i * slot + slot * 0.2));
      rect.setAttribute('y', String(115 - height));
      rect.setAttribute('width', String(slot * 0.6));
      rect.setAttribute('height', String(height));
      rect.setAttribute('rx', '3');
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', String(i * slot + slot / 2));
      label.setAttribute('y', '132');
      label.setAttribute('text-anchor', 'middle');
      label.textContent = String(h.count);
      return [rect, label];
    }),
  );
}

let insertedAt = 0;
liveApi.subscribe(
  {
    measures: ['Live.count', 'Live.total'],
    filters: [{ member: 'Live.channel', operator: 'equals', values: [config.tenant] }],
  },
  {},
  (error, resultSet) => {
    if (error) {
      $('live-summary').textContent = `failed: ${error.code ?? error.name}: ${error.message}`;
      return;
    }
    const row = resultSet.rawData()[0] ?? {};
    const count = Number(row['Live.count'] ?? 0);
    const total = Number(row['Live.total'] ?? 0);
    if (history.at(-1)?.count === count) return; // the same totals pushed again
    history.push({ count, total });
    if (history.length > 12) history.shift();
    renderHistory();
    const latency = insertedAt
      ? `, pushed ${((Date.now() - insertedAt) / 1000).toFixed(1)} s after the insert`
      : '';
    insertedAt = 0;
    $('live-summary').textContent =
      `${count} live orders for “${config.tenant}”, ${money.format(total)}${latency}`;
  },
);

$('live-insert').addEventListener('click', async () => {
  insertedAt = Date.now();
  const res = await fetch('/live/order', { method: 'POST' });
  if (!res.ok) $('live-summary').textContent = `insert failed: ${res.status}`;
});
