// `npm start`: PostgreSQL + Cube (the same harness as the e2e suites), a tiny app server with
// the `/auth/cubejs-token` route, and a page that draws the demo data with cube-client.
//
//   npm start            then open the printed URL; Ctrl-C stops everything
//   PORT=8080 npm start  to choose the app's port (default 3000, or a free one if taken)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDemoServer } from './server.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');

function ensureBuild() {
  const needed = ['index.js', 'server.js', 'ws.js'].map((f) => join(dist, f));
  if (needed.every((f) => existsSync(f))) return;
  console.log('dist/ is missing: running `npm run build` once…');
  const res = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('`npm run build` failed; the demo needs the built client.');
    process.exit(1);
  }
}

function ensureCubeServer() {
  if (existsSync(join(root, 'test/e2e/cube/node_modules/@cubejs-backend/server-core'))) return;
  console.error(
    'The Cube server is not installed. Run once:\n  (cd test/e2e/cube && npm ci --ignore-scripts)',
  );
  process.exit(1);
}

async function listen(server, preferred) {
  const attempt = (port) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve(server.address().port);
      });
    });
  try {
    return await attempt(preferred);
  } catch (e) {
    if (e.code !== 'EADDRINUSE' || process.env.PORT) throw e;
    return attempt(0);
  }
}

async function main() {
  ensureCubeServer();
  ensureBuild();
  const { startStack, runSql } = await import(pathToFileURL(join(root, 'test/e2e/harness.mjs')).href);
  const { createTokenHandler, toNodeHandler } = await import(pathToFileURL(join(dist, 'server.js')).href);

  const stack = await startStack({ log: (msg) => console.log(`  ${msg}`) });
  let app;
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    app?.closeAllConnections?.();
    app?.close();
    await stack.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  void stack.crashed.then((why) => {
    if (stopping) return;
    console.error(`the stack stopped on its own: ${why}`);
    void stop(1);
  });

  try {
    app = createDemoServer({ stack, runSql, createTokenHandler, toNodeHandler });
    const port = await listen(app, Number(process.env.PORT || 3000));
    console.log(
      `\n  cube-client demo: http://127.0.0.1:${port}/\n  (Cube API at ${stack.apiUrl}; Ctrl-C stops everything)\n`,
    );
  } catch (e) {
    console.error(e);
    await stop(1);
  }
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(1);
});
