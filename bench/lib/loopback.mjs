// Starts and talks to the loopback server child (server.mjs).
import { fork } from 'node:child_process';

export async function startLoopback() {
  const child = fork(new URL('./server.mjs', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (message) => resolve(message.port));
  });
  const ask = (message, answerType) =>
    new Promise((resolve) => {
      const onMessage = (answer) => {
        if (answer.type !== answerType) return;
        child.off('message', onMessage);
        resolve(answer);
      };
      child.on('message', onMessage);
      child.send(message);
    });
  return {
    apiUrl: `http://127.0.0.1:${port}/cubejs-api/v1`,
    configure: (config) => ask({ type: 'config', config }, 'ok'),
    /** Requests and rejections since the previous call. */
    stats: async () => (await ask({ type: 'stats' }, 'stats')).stats,
    stop: () => {
      child.disconnect();
      child.kill();
    },
  };
}
