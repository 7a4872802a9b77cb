// Screenshots of the events pages for docs/screenshots, in a real Chromium:
// the public month calendar at 375 and 1280 px, and an officer's event page
// at 375 px (signed in as the demo officer of Cần Thơ).
// Usage: node events_screenshots.mjs http://127.0.0.1:PORT OUT_DIR YYYY-MM EVENT_CODE
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, out, month, code] = process.argv.slice(2);
assert.ok(base && out && month && code, 'usage: node events_screenshots.mjs BASE_URL OUT_DIR YYYY-MM EVENT_CODE');
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });

async function shoot(context, path, width, name) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  console.log(`${out}/${name}.png`);
  await page.close();
}

const visitor = await browser.newContext();
for (const width of [1280, 375]) {
  await shoot(visitor, `/su-kien/lich?thang=${month}`, width, `events-calendar-${width}`);
}
const officer = await browser.newContext();
const login = await officer.request.post(`${base}/api/v1/auth/login`, {
  data: { email: 'canbo.cantho@demo.chocop.vn', password: 'ocop-demo-2026' },
});
assert.equal(login.status(), 200);
await shoot(officer, `/can-bo/su-kien/${code}`, 375, 'events-officer-375');
await browser.close();
