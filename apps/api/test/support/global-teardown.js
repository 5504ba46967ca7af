module.exports = async function globalTeardown() {
  const child = globalThis.__STINT_DATABASE_SERVER__;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  await exited;
};
