// Memory: heap growth after 10,000 loads through one client, each client in its own process.
import { fork } from 'node:child_process';

function measureIn(which, apiUrl, loads) {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./lib/memory-child.mjs', import.meta.url), [which, apiUrl, String(loads)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    child.on('message', (message) => (result = message));
    child.on('error', reject);
    child.on('exit', (code) =>
      result ? resolve(result) : reject(new Error(`memory child exited with ${code}`)),
    );
  });
}

export async function measureMemory({ loopback, loads = 10_000 }) {
  await loopback.configure({ rows: 10, checkTokens: false });
  return {
    loads,
    own: await measureIn('own', loopback.apiUrl, loads),
    published: await measureIn('published', loopback.apiUrl, loads),
  };
}
