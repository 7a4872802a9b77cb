// axe-core on the pages people use most, in a real Chromium at 375 and 1280
// pixels, with JavaScript on (the hydrated page people get): home, product
// list, product page, cart (with a product in it), checkout, the stall's
// product editor (signed in as a producer) and a plan report. Any violation
// of impact "serious" or "critical" fails, listed with its elements.
// Usage: node accessibility.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
// Run through the browser's automation, not as a <script> tag: the site's
// Content-Security-Policy refuses inline scripts without its nonce, and the
// audit should see the page under its real policy.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.argv[2];
assert.ok(base, 'usage: node accessibility.mjs BASE_URL');
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });

const { items } = await (await fetch(`${base}/api/v1/products?limit=50`)).json();
const product = items.find((p) => p.in_stock) || items[0];
assert.ok(product, 'the demo catalog has a certified product');

async function hydrated(page) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), null, { timeout: 20000 });
  await page.waitForLoadState('networkidle');
}

async function audit(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.filter((v) => !bad.includes(v));
  if (minor.length) console.log(`  ${name}: minor: ${minor.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
  return bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.join(' | ')}`);
}

const failures = [];
for (const width of [375, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: width === 375 ? 812 : 900 } });
  const page = await context.newPage();
  const visit = async (name, path) => {
    await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    await hydrated(page);
    failures.push(...(await audit(page, `${name} @${width}`)));
  };
  await visit('home', '/');
  await visit('list', '/san-pham');
  await visit('product', `/san-pham/${product.slug}`);
  // A product in the cart, through the page's own form.
  await page.locator('form.add-to-cart button[type=submit], form[action*="cart_add"] button[type=submit]').first().click();
  await page.waitForLoadState('networkidle');
  await visit('cart', '/gio-hang');
  await visit('checkout', '/thanh-toan');
  await visit('plan report', '/bao-cao/can-tho-2026');
  // The stall's product editor, signed in as a producer member.
  await page.goto(`${base}/dang-nhap`, { waitUntil: 'networkidle' });
  await hydrated(page);
  await page.locator('main input[name=email]').fill('htx.phusa@demo.chocop.vn');
  await page.locator('main input[name=password]').fill('ocop-demo-2026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/quan-ly', { timeout: 20000 }),
    page.locator('main form button[type=submit]').first().click(),
  ]);
  const stall = await (await page.request.get(`${base}/api/v1/stall/products`)).json();
  const own = (stall.items || stall)[0];
  assert.ok(own && own.code, `the producer has a product: ${JSON.stringify(stall).slice(0, 200)}`);
  await visit('stall editor', `/quan-ly/san-pham/${own.code}`);
  await context.close();
  // The administrator's audit log, in a browser of its own.
  const admin = await browser.newContext({ viewport: { width, height: width === 375 ? 812 : 900 } });
  const adminPage = await admin.newPage();
  await adminPage.goto(`${base}/dang-nhap?next=/quan-tri/nhat-ky`, { waitUntil: 'networkidle' });
  await hydrated(adminPage);
  await adminPage.locator('main input[name=email]').fill('quantri@demo.chocop.vn');
  await adminPage.locator('main input[name=password]').fill('ocop-demo-2026');
  await Promise.all([
    adminPage.waitForURL((u) => u.pathname === '/quan-tri/nhat-ky', { timeout: 20000 }),
    adminPage.locator('main form button[type=submit]').first().click(),
  ]);
  await adminPage.waitForLoadState('networkidle');
  await hydrated(adminPage);
  failures.push(...(await audit(adminPage, `audit log @${width}`)));
  await admin.close();
}
await browser.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('axe: no serious or critical violation on home, list, product, cart, checkout, stall editor, plan report, audit log at 375 and 1280 px');
