// How this project starts Debian's Chromium (tests, demo screenshots): headless, no sandbox (CI
// runs as root), and nothing that reaches for the network on its own, which a closed machine
// refuses many times a second.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
