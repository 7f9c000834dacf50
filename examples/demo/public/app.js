// The demo page: everything the client needs is the token route and Cube's URL.
import cubejs, { fetchCubeToken } from '/vendor/cube-client/index.js';

const $ = (id) => document.getElementById(id);
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const monthName = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });

const config = await fetch('/config.json').then((r) => r.json());

let tokensReceived = 0;

// Decoding the payload here is only for display; the client does the same to plan refreshes.
function describeToken(token) {
  tokensReceived += 1;
  const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  const seconds = payload.exp - payload.iat;
  const when = new Date().toLocaleTimeString();
  return tokensReceived === 1
    ? `token for tenant “${payload.tenant}”, valid ${seconds} s, received at ${when}; the client refreshes it ahead of expiry`
    : `token for tenant “${payload.tenant}” refreshed ahead of expiry at ${when} (token #${tokensReceived})`;
}

const cubeApi = cubejs(fetchCubeToken('/auth/cubejs-token'), {
  apiUrl: config.apiUrl,
  onTokenRefreshed: (token) => {
    $('token').textContent = describeToken(token);
  },
});

function renderTenants() {
  const holder = $('tenant-buttons');
  for (const tenant of config.tenants) {
    const button = document.createElement('button');
    button.textContent = tenant;
    button.setAttribute('aria-pressed', String(tenant === config.tenant));
    button.addEventListener('click', async () => {
      await fetch(`/login?tenant=${tenant}`, { method: 'POST' });
      location.reload();
    });
    holder.appendChild(button);
  }
}

function renderChart(rows) {
  const svg = $('chart');
  const ns = 'http://www.w3.org/2000/svg';
  const max = Math.max(...rows.map((r) => r.amount), 1);
  const width = 760;
  const height = 220;
  const slot = width / rows.length;
  svg.replaceChildren();
  rows.forEach((row, i) => {
    const barHeight = Math.round((row.amount / max) * (height - 50));
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('x', String(i * slot + slot * 0.2));
    rect.setAttribute('y', String(height - 25 - barHeight));
    rect.setAttribute('width', String(slot * 0.6));
    rect.setAttribute('height', String(barHeight));
    rect.setAttribute('rx', '4');
    rect.dataset.month = row.month;
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', String(i * slot + slot / 2));
    value.setAttribute('y', String(height - 30 - barHeight));
    value.setAttribute('text-anchor', 'middle');
    value.textContent = money.format(row.amount);
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', String(i * slot + slot / 2));
    label.setAttribute('y', String(height - 8));
    label.setAttribute('text-anchor', 'middle');
    label.textContent = row.label;
    svg.append(rect, value, label);
  });
}

function renderTable(rows) {
  const body = $('table').querySelector('tbody');
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = document.createElement('tr');
      for (const text of [row.label, String(row.count), money.format(row.amount)]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      }
      return tr;
    }),
  );
}

async function load() {
  const resultSet = await cubeApi.load({
    measures: ['Orders.count', 'Orders.totalAmount'],
    timeDimensions: [
      { dimension: 'Orders.createdAt', granularity: 'month', dateRange: ['2024-01-01', '2024-04-30'] },
    ],
    order: { 'Orders.createdAt': 'asc' },
  });
  const rows = resultSet.tablePivot().map((r) => {
    const month = String(r['Orders.createdAt.month']);
    return {
      month,
      label: monthName.format(new Date(`${month.slice(0, 10)}T00:00:00Z`)),
      count: Number(r['Orders.count']),
      amount: Number(r['Orders.totalAmount']),
    };
  });
  renderChart(rows);
  renderTable(rows);
  $('kpi-count').textContent = String(rows.reduce((s, r) => s + r.count, 0));
  $('kpi-amount').textContent = money.format(rows.reduce((s, r) => s + r.amount, 0));
  $('status').textContent = `${rows.length} months, loaded at ${new Date().toLocaleTimeString()}`;
}

$('slow').addEventListener('click', async () => {
  const button = $('slow');
  button.disabled = true;
  let polls = 0;
  try {
    const resultSet = await cubeApi.load(
      {
        measures: ['Slow.answer'],
        // A fresh value per click makes a new query, so Cube's cache does not answer at once.
        filters: [{ member: 'Slow.label', operator: 'notEquals', values: [String(Date.now())] }],
      },
      {
        progressCallback: () => {
          polls += 1;
          $('slow-status').textContent = `Continue wait × ${polls}…`;
        },
      },
    );
    $('slow-status').textContent =
      `answer ${resultSet.tablePivot()[0]['Slow.answer']} after ${polls} “Continue wait” polls`;
  } catch (e) {
    $('slow-status').textContent = `failed: ${e.code ?? e.name}: ${e.message}`;
  } finally {
    button.disabled = false;
  }
});

renderTenants();
load().catch((e) => {
  $('status').textContent = `failed: ${e.code ?? e.name}: ${e.message}`;
  $('status').className = 'error';
});
