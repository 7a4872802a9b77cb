// Screenshots of the storefront for docs/screenshots, in a real Chromium.
// Usage: node screenshots.mjs http://127.0.0.1:PORT OUT_DIR
// Waits until the demo illustrations of the first products are drawn, so the
// pictures show the site as a shopper sees it a minute after start.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, out] = process.argv.slice(2);
assert.ok(base && out, 'usage: node screenshots.mjs BASE_URL OUT_DIR');
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });

// Every certified product's details, through the paged API.
async function details() {
  const out = [];
  for (let page = 1; ; page++) {
    const { items } = await (await fetch(`${base}/api/v1/products?limit=100&page=${page}`)).json();
    if (items.length === 0) return out;
    for (const p of items) out.push(await (await fetch(`${base}/api/v1/products/${p.code}`)).json());
  }
}
let all = await details();
for (let i = 0; i < 120 && !all.every((p) => p.images.length > 0); i++) {
  await new Promise((r) => setTimeout(r, 2000));
  all = await details();
}
const product = all.find((p) => p.stock > 0 && p.story && p.images.length > 0) || all[0];
const detail = product;
const productHtml = await (await fetch(`${base}/san-pham/${product.slug}`)).text();
const stall = productHtml.match(/href="\/gian-hang\/([^"]+)"/)[1];

const pages = [
  ['home', '/'],
  ['list', '/san-pham'],
  ['product', `/san-pham/${product.slug}`],
  ['stall', `/gian-hang/${stall}`],
  ['search', '/tim-kiem?q=mat+ong'],
  ['search-nothing', '/tim-kiem?q=nuoc+mxm&stars=5'],
  ['plans', '/bao-cao'],
  ['plan-report', '/bao-cao/can-tho-2026'],
];
for (const [name, path] of pages) {
  for (const width of [375, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: width === 375 ? 812 : 900 } });
    await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    // Lazy pictures below the fold load as they are scrolled to.
    await page.evaluate(async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 600) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 50));
      }
      window.scrollTo(0, 0);
    });
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${out}/${name}-${width}.png`, fullPage: true });
    console.log(`${out}/${name}-${width}.png`);
    await page.close();
  }
}
console.log(`product: ${detail.name} (${product.code})`);
await browser.close();
