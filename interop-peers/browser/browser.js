// Serves the page (target/www) on 127.0.0.1:PAGE_PORT and opens it in headless Chromium, which
// runs page.js's cases against the TestService server on SERVER_PORT (another origin), over
// https when SERVER_SCHEME=https (its self-signed certificate accepted for this run).
//   PAGE_PORT=N [SERVER_SCHEME=https] node browser.js SERVER_PORT
//                                              prints PASS/FAIL per case; exit status 1 if any failed
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require('playwright-core');

const serverPort = process.argv[2];
const pagePort = Number(process.env.PAGE_PORT);
const www = path.join(__dirname, 'target', 'www');
const types = { '.html': 'text/html', '.js': 'text/javascript', '.binpb': 'application/octet-stream' };
const pages = http.createServer((req, res) => {
  const file = path.join(www, path.basename(new URL(req.url, 'http://x').pathname) || 'index.html');
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(data);
  });
});

(async () => {
  await new Promise((r) => pages.listen(pagePort, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let failed = 1;
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true }); // the test's own certificate
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.log(`(page console) ${m.text()}`); });
    // The HTTP version of each answer from our server, as Chromium's network layer saw it.
    const protocols = new Set();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    cdp.on('Network.responseReceived', (e) => {
      if (new URL(e.response.url).port === String(serverPort)) protocols.add(e.response.protocol);
    });
    const scheme = process.env.SERVER_SCHEME || 'http';
    await page.goto(`http://127.0.0.1:${pagePort}/index.html?server=${scheme}://127.0.0.1:${serverPort}`);
    await page.waitForFunction(() => window.done === true, null, { timeout: 60000 });
    const results = await page.evaluate(() => window.results);
    const expected = scheme === 'https' ? 'h2' : 'http/1.1';
    const seen = [...protocols].join(',');
    results.push(seen === expected ? `PASS protocol_${expected}` : `FAIL protocol: expected ${expected}, saw ${seen}`);
    for (const line of results) console.log(line);
    failed = results.length === 0 || results.some((l) => !l.startsWith('PASS')) ? 1 : 0;
    console.log(`(${await browser.version()})`);
  } finally {
    await browser.close();
    pages.close();
  }
  process.exit(failed);
})().catch((e) => { console.log(`FAIL browser: ${e && e.message}`); process.exit(1); });
