// The sales-point and digital maps in a real Chromium: Leaflet draws the
// markers from the page's JSON (tiles need the internet: without it the
// markers sit on a grey background), a client-side filter redraws them,
// "Gần tôi" sorts by distance, and an officer's click on the map fills in the
// coordinates. With OUT_DIR, saves docs/screenshots/sales-points-map-*.png
// and digital-map-1280.png.
// Usage: node sales_points_map.mjs http://127.0.0.1:PORT [OUT_DIR]
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, out] = process.argv.slice(2);
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
let passed = 0, failed = 0;

async function check(name, fn) {
  try { await fn(); passed++; console.log(`ok   ${name}`); }
  catch (e) { failed++; console.log(`FAIL ${name}\n${e.stack || e}`); }
}

async function open(viewport, errors) {
  const context = await browser.newContext({ viewport, locale: 'vi-VN',
    geolocation: { latitude: 10.03, longitude: 105.78 }, permissions: ['geolocation'] });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // Tiles fail without the internet; refused forms answer 422 on purpose.
    if (m.type() === 'error' && !/tile\.openstreetmap|ERR_|status of 422/.test(m.text())) errors.push(m.text());
  });
  return page;
}

const markers = (page) => page.locator('#ocop-map path.leaflet-interactive');
const active = async (query) => (await (await fetch(`${base}/api/v1/sales-points?active=true&limit=1${query}`)).json()).total;

await check('the public map draws every active sales point and follows the filter', async () => {
  const errors = [];
  const page = await open({ width: 1280, height: 1000 }, errors);
  await page.goto(`${base}/diem-ban`, { waitUntil: 'networkidle' });
  await markers(page).first().waitFor();
  assert.equal(await markers(page).count(), await active(''));
  if (out) await page.screenshot({ path: `${out}/sales-points-map-1280.png` });
  await page.waitForTimeout(500);
  await page.selectOption('form.inline-filters select[name=province]', 'can-tho');
  await page.click('form.inline-filters button[type=submit]');
  await page.waitForURL(/province=can-tho/);
  const want = await active('&province=can-tho');
  await page.waitForFunction((n) => document.querySelectorAll('#ocop-map path.leaflet-interactive').length === n, want);
  assert.equal(await page.locator('.sales-point-card').count(), want);
  await page.click('#near-me');
  await page.waitForURL(/near=10\.030%2C105\.780|near=10\.030,105\.780/);
  assert.match(await page.locator('.sales-point-card .muted').first().textContent(), / km$/);
  assert.deepEqual(errors, [], 'no errors in the console');
  await page.context().close();
});

await check('the public map at 375 px', async () => {
  const errors = [];
  const page = await open({ width: 375, height: 1100 }, errors);
  await page.goto(`${base}/diem-ban?province=can-tho`, { waitUntil: 'networkidle' });
  await markers(page).first().waitFor();
  const box = await page.locator('#ocop-map').boundingBox();
  assert.ok(box.width <= 375, 'the map fits the phone');
  if (out) await page.screenshot({ path: `${out}/sales-points-map-375.png` });
  assert.deepEqual(errors, []);
  await page.context().close();
});

await check('the digital map has one toggle per layer and lists what it cannot place', async () => {
  const errors = [];
  const page = await open({ width: 1280, height: 1300 }, errors);
  await page.goto(`${base}/ban-do?province=can-tho`, { waitUntil: 'networkidle' });
  await markers(page).first().waitFor();
  assert.equal(await page.locator('.leaflet-control-layers-selector').count(), 4);
  assert.ok(await page.getByText('chưa có vị trí trên bản đồ').first().isVisible());
  if (out) await page.screenshot({ path: `${out}/digital-map-1280.png` });
  // Turning the sales points off hides their markers.
  const before = await markers(page).count();
  await page.locator('.leaflet-control-layers-overlays label', { hasText: 'Điểm bán OCOP' }).locator('input').uncheck();
  assert.ok((await markers(page).count()) < before);
  assert.deepEqual(errors, []);
  await page.context().close();
});

await check('an officer picks the position on the map', async () => {
  const errors = [];
  const page = await open({ width: 1280, height: 1000 }, errors);
  const login = await page.request.post(`${base}/api/v1/auth/login`,
    { data: { email: 'canbo.cantho@demo.chocop.vn', password: 'ocop-demo-2026' } });
  assert.equal(login.status(), 200);
  await page.goto(`${base}/can-bo/diem-ban/moi`, { waitUntil: 'networkidle' });
  await page.waitForSelector('#ocop-map.leaflet-container');
  const box = await page.locator('#ocop-map').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  assert.match(await page.inputValue('#lat'), /^\d+\.\d{5}$/);
  assert.match(await page.inputValue('#lon'), /^\d+\.\d{5}$/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
