// Runs interop cases by name (all by default): prints PASS or FAIL per case, then exits with
// status 1 if any failed. Shared by the Node peers' clients.
'use strict';

module.exports = async function runCases(cases, names, cleanup = () => {}) {
  let failed = 0;
  for (const name of names.length ? names : Object.keys(cases)) {
    try {
      await cases[name]();
      console.log(`PASS ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e && e.message}`);
    }
  }
  cleanup();
  process.exit(failed ? 1 : 0);
};
