'use strict';
// Preloaded (NODE_OPTIONS=--require) into every node process of a `test-zones` run: the test
// runner and each of its workers append the clock and zone they see when they start and when
// they end, so the run can prove that the faked moment and zone reached the tests.
const { appendFileSync } = require('node:fs');

const file = process.env.STINT_CLOCK_REPORT;
if (file) {
  /** @param {'start' | 'exit'} at */
  const report = (at) => {
    const now = new Date();
    const line = {
      pid: process.pid,
      at,
      epoch_ms: now.getTime(),
      local: now.toString(),
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      argv: process.argv.slice(1, 3).join(' '),
    };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // A report that can't be written shows up as missing lines, which the run refuses.
    }
  };
  report('start');
  process.once('exit', () => report('exit'));
}
