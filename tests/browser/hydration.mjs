// Hydration and no-JavaScript reading, in a real Chromium.
// Usage: node hydration.mjs http://127.0.0.1:PORT [screenshot-dir]
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const base = process.argv[2];
const shots = process.argv[3];
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
let passed = 0, failed = 0;

async function check(name, fn) {
  try { await fn(); passed++; console.log(`ok   ${name}`); }
  catch (e) { failed++; console.log(`FAIL ${name}\n${e.stack || e}`); }
}

// A product that can be bought: the first item of the API list with stock.
const list = await (await fetch(`${base}/api/v1/products?limit=100`)).json();
const buyable = list.items.find((p) => p.in_stock);
assert.ok(buyable, 'the demo catalog has a product in stock');

await check('product page hydrates: the quantity control updates the total', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${base}/san-pham/${buyable.slug}`, { waitUntil: 'networkidle' });
  const value = page.getByTestId('quantity-value');
  const total = page.getByTestId('quantity-total');
  const before = await total.textContent();
  // Clicking before the wasm has hydrated does nothing; retry until it does.
  await assert.doesNotReject(async () => {
    for (let i = 0; i < 50; i++) {
      await page.getByRole('button', { name: 'Thêm một' }).click();
      if ((await value.textContent()).trim() !== '1') return;
      await page.waitForTimeout(200);
    }
    throw new Error('the + button never changed the quantity: not hydrated');
  });
  const after = await total.textContent();
  assert.notEqual(after, before, 'total follows the quantity');
  const unit = buyable.price_vnd;
  const qty = Number((await value.textContent()).trim());
  const expected = (unit * qty).toLocaleString('de-DE') + ' ₫';
  assert.equal(after.trim(), expected);
  assert.deepEqual(errors, [], 'no errors in the console');
  if (shots) await page.screenshot({ path: `${shots}/product-375.png`, fullPage: true });
  await page.close();
});

await check('home page reads fine with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const cards = await page.locator('.product-card').count();
  assert.ok(cards >= 10, `products listed without JavaScript (${cards})`);
  assert.match(await page.locator('.product-card .stars').first().textContent(), /OCOP [345] sao/);
  if (shots) await page.screenshot({ path: `${shots}/home-375-nojs.png`, fullPage: false });
  await page.goto(`${base}/san-pham/${buyable.slug}`);
  assert.match(await page.locator('.story').textContent(), /Câu chuyện sản phẩm/);
  assert.match(await page.locator('.certification').textContent(), /Chứng nhận OCOP/);
  await context.close();
});

await check('desktop product page has no horizontal overflow at 375 px', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await page.goto(`${base}/san-pham/${buyable.slug}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the phone`);
  await page.close();
});

await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
