// Runs before start/test on whatever Node is on PATH, so it stays plain CommonJS for old versions too.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Gatehouse needs Node.js 24 (pinned in .nvmrc) or 26; this is Node ${process.versions.node}.\n` +
      'Use `nvm use`, or: npm install --prefix /opt/gatehouse-node node@24 && export PATH=/opt/gatehouse-node/node_modules/.bin:$PATH',
  );
  process.exit(1);
}
