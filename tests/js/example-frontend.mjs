// A user of examples/frontend in Chromium: a person's page, the wing list, the person again from the
// list and back to the list (both answered by Apollo's cache with no new request), an unknown person.
// Prints what happened as JSON.
// Usage: node example-frontend.mjs <frontend url> <chromium path> <hmppsId of the list's first person> <unknown hmppsId>
import { chromium } from 'playwright-core';

const [url, executablePath, person, unknown] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const out = { console: [], failedRequests: [], graphqlRequests: [] };
try {
  const page = await browser.newPage();
  page.on('console', (m) => out.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => out.console.push({ type: 'pageerror', text: String(e) }));
  page.on('requestfailed', (r) => out.failedRequests.push(`${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    if (r.url().endsWith('/graphql') && r.method() !== 'OPTIONS') {
      out.graphqlRequests.push(JSON.parse(r.postData() ?? '{}').operationName ?? r.method());
    }
  });
  const pageIs = (name) => page.waitForSelector(`#app[data-page="${name}"]`, { timeout: 20000 });

  const readPerson = async () => ({
    name: await page.locator('#person-name').innerText(),
    cell: await page.locator('#cell').innerText(),
    alerts: await page.locator('#alerts li').allInnerTexts(),
    url: page.url(),
  });
  // A deep link to a person, then the wing list: the list's query selects less of the same people and
  // cells, which a cache without ids would replace (and warn about), losing the person's page.
  await page.goto(`${url}#/person/${encodeURIComponent(person)}`);
  await pageIs('person');
  out.developmentMode = await page.evaluate(() => window.apolloDevelopmentMode);
  out.person = await readPerson();
  await page.locator('#back').click();
  await pageIs('wing-list');
  out.wingList = await page.locator('#wing-list tbody tr').allInnerTexts();
  out.requestsBeforeReturning = out.graphqlRequests.length;
  // Opening the person from the list, and going back to the list: both already in the cache.
  const first = page.locator('#wing-list tbody a').first();
  out.openedPerson = await first.innerText();
  await first.click();
  await pageIs('person');
  out.personAgain = await readPerson();
  await page.locator('#back').click();
  await pageIs('wing-list');
  out.wingListAgain = await page.locator('#wing-list tbody tr').allInnerTexts();
  out.requestsAfterReturning = out.graphqlRequests.length;

  await page.evaluate((id) => { location.hash = `#/person/${id}`; }, unknown);
  await page.waitForSelector('#person-error', { timeout: 20000 });
  out.notFound = await page.locator('#person-error').innerText();
  await page.waitForTimeout(300); // late console messages
} finally {
  await browser.close();
}
console.log(JSON.stringify(out));
