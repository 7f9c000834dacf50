// The demo's second page, built with cube-client/vue: the same data as the first page, with the
// composables doing the requests (a changed granularity aborts the query it replaces).
import { computed, createApp, defineComponent, ref } from 'vue';
import cubejs, { fetchCubeToken } from 'cube-client';
import { provideCubeApi, useCubeMeta, useCubeQuery, useCubeToken } from 'cube-client/vue';

const config = await fetch('/config.json').then((r) => r.json());
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

const Orders = defineComponent({
  setup() {
    const granularity = ref('month');
    const { resultSet, isLoading, error } = useCubeQuery(() => ({
      measures: ['Orders.count', 'Orders.totalAmount'],
      timeDimensions: [
        {
          dimension: 'Orders.createdAt',
          granularity: granularity.value,
          dateRange: ['2024-01-01', '2024-04-30'],
        },
      ],
      order: { 'Orders.createdAt': 'asc' },
    }));
    const rows = computed(() =>
      (resultSet.value?.tablePivot() ?? []).map((row) => ({
        period: String(row[`Orders.createdAt.${granularity.value}`]).slice(0, 10),
        count: Number(row['Orders.count']),
        amount: money.format(Number(row['Orders.totalAmount'])),
      })),
    );
    return { granularity, rows, isLoading, error };
  },
  template: `
    <div class="card">
      <label>Per <select v-model="granularity" id="granularity">
        <option>month</option><option>week</option><option>day</option>
      </select></label>
      <p v-if="isLoading" id="status">loading…</p>
      <p v-else-if="error" id="status" class="error">{{ error.code ?? error.name }}: {{ error.message }}</p>
      <table v-else id="table">
        <thead><tr><th>Period</th><th>Orders</th><th>Amount</th></tr></thead>
        <tbody><tr v-for="row in rows" :key="row.period">
          <td>{{ row.period }}</td><td>{{ row.count }}</td><td>{{ row.amount }}</td>
        </tr></tbody>
      </table>
      <p v-if="!isLoading && !error" id="status" class="note">{{ rows.length }} rows</p>
    </div>`,
});

const Session = defineComponent({
  setup() {
    const { status, refreshedAt, error, clearToken } = useCubeToken();
    const { response: meta } = useCubeMeta();
    const cubes = computed(() => meta.value?.cubes.map((cube) => cube.title).join(', ') ?? '…');
    const at = computed(() => (refreshedAt.value ? new Date(refreshedAt.value).toLocaleTimeString() : '–'));
    return { status, at, error, clearToken, cubes, tenant: config.tenant };
  },
  template: `
    <div class="card">
      Tenant <b>{{ tenant }}</b> · token <b id="token-status">{{ status }}</b> (last at {{ at }})
      <span v-if="error" class="error"> {{ error.message }}</span>
      <button @click="clearToken">forget the token</button>
      <p class="note">Cubes in the data model: {{ cubes }}</p>
    </div>`,
});

const app = createApp({
  components: { Orders, Session },
  template: `
    <h1>Orders, with cube-client/vue</h1>
    <p class="sub">The same Cube data as <a href="/">the main page</a>, through
      <code>useCubeQuery</code>, <code>useCubeMeta</code> and <code>useCubeToken</code>.</p>
    <Session />
    <Orders />`,
});
provideCubeApi(cubejs(fetchCubeToken('/auth/cubejs-token'), { apiUrl: config.apiUrl }), { app });
app.mount('#app');
