// A person exploring in GraphiQL: Chromium opens the graph's GraphiQL page, runs the default wing-list
// query with the run button, and reports what the results pane shows. Prints JSON.
// Usage: node graphiql.mjs <graph url> <chromium path> <screenshot path>
import { chromium } from 'playwright-core';

const [url, executablePath, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.locator('.graphiql-execute-button').click();
  const results = page.locator('.result-window');
  // The results pane fills in when the answer arrives; its text is split across editor lines.
  let text = '';
  for (const deadline = Date.now() + 20000; Date.now() < deadline && !text.includes('totalCount');) {
    await page.waitForTimeout(200);
    text = await results.innerText().catch(() => '');
  }
  await page.screenshot({ path: screenshot });
  console.log(JSON.stringify({ title: await page.title(), failedRequests: failed, results: text }));
} finally {
  await browser.close();
}
