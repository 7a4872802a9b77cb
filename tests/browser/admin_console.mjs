// The administrator's console in a real Chromium on a phone (375×812) and a
// desktop (1280×900), with JavaScript on and off: the overview with the
// settings, the accounts (an officer created), a plan uploaded, previewed
// and stored, the annual statistics, an account's page and the audit log.
// axe-core finds no serious or critical violation on any of them; every
// step leaves a screenshot.
// Usage: node admin_console.mjs http://127.0.0.1:PORT [artifact-dir]
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.argv[2];
assert.ok(base, 'usage: node admin_console.mjs BASE_URL [ARTIFACT_DIR]');
const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = process.argv[3] || path.join(here, '../../target/artifacts/journeys');
fs.mkdirSync(artifacts, { recursive: true });
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args });
const screens = { 375: { width: 375, height: 812 }, 1280: { width: 1280, height: 900 } };
const failures = [];
// Names of this run's accounts and plans: the script may run again on the same server.
const run = Date.now().toString(36);

const plan = (id, value) => `id = "${id}"
title = "Kế hoạch thử của trình duyệt ${id}"
area = "Đồng Tháp"
period = { from = "2026-01-01", to = "2026-12-31" }
reports = [{ kind = "quarterly", due = "03-10" }]

[[targets]]
metric = "certified_products"
op = ">="
value = ${value}
unit = "count"
source = "Thử: số sản phẩm"

[[targets]]
metric = "products_on_ecommerce_pct"
op = ">="
value = 60
unit = "percent"
source = "Thử: tỷ lệ lên sàn"
`;

async function shot(page, name) {
  const file = path.join(artifacts, `admin-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}

async function settled(page, js) {
  await page.waitForLoadState('networkidle');
  if (js) {
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), null, { timeout: 20000 });
  }
}

// axe runs in the page, so only where JavaScript is on; the same markup is
// served with it off.
async function audit(page, js, name) {
  if (!js) return;
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  for (const v of result.filter((v) => v.impact === 'serious' || v.impact === 'critical')) {
    failures.push(`${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.join(' | ')}`);
  }
}

async function signedIn(width, js) {
  const context = await browser.newContext({ viewport: screens[width], javaScriptEnabled: js });
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`page error @${width}: ${e}`));
  await page.goto(`${base}/dang-nhap`, { waitUntil: 'networkidle' });
  await settled(page, js);
  await page.locator('main input[name=email]').fill('quantri@demo.chocop.vn');
  await page.locator('main input[name=password]').fill('ocop-demo-2026');
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/quan-tri', { timeout: 20000 }),
    page.locator('form[action$="sign_in"] button[type=submit]').click(),
  ]);
  await settled(page, js);
  return page;
}

async function visit(page, js, label, url, expect) {
  await page.goto(`${base}${url}`, { waitUntil: 'networkidle' });
  await settled(page, js);
  const text = await page.locator('main').textContent();
  assert.ok(text.includes(expect), `${label}: "${expect}" on ${url}`);
  await audit(page, js, `${label} ${url}`);
}

for (const [width, js] of [[375, false], [1280, true], [375, true], [1280, false]]) {
  const label = `${width}-${js ? 'js' : 'nojs'}`;
  try {
    const page = await signedIn(width, js);
    assert.ok((await page.locator('main').textContent()).includes('STRIPE_SECRET_KEY'), `${label}: the settings are listed`);
    await audit(page, js, `overview @${label}`);
    await shot(page, `overview-${label}`);

    await visit(page, js, `accounts @${label}`, '/quan-tri/tai-khoan?vai-tro=officer', 'canbo.cantho@demo.chocop.vn');
    await shot(page, `accounts-${label}`);
    await page.fill('#officer-email', `canbo.${run}.${width}.${js ? 'js' : 'nojs'}@example.vn`);
    await page.fill('#officer-name', 'Cán bộ thử');
    await page.fill('#officer-area', 'Đồng Tháp/Lai Vung');
    if (js) {
      // Sent by script, the page stays and lists the new account.
      await page.click('form.stacked-form button[type=submit]');
      await page.waitForFunction((email) => document.querySelector('main').textContent.includes(email), `canbo.${run}.${width}.js@example.vn`, { timeout: 20000 });
      await page.click(`tr:has-text("canbo.${run}.${width}.js@example.vn") a`);
      await page.waitForURL((u) => /^\/quan-tri\/tai-khoan\/\d+$/.test(u.pathname), { timeout: 20000 });
    } else {
      await Promise.all([
        page.waitForURL((u) => /^\/quan-tri\/tai-khoan\/\d+$/.test(u.pathname), { timeout: 20000 }),
        page.click('form.stacked-form button[type=submit]'),
      ]);
    }
    await settled(page, js);
    // A link followed in the hydrated page loads the account after the
    // address changes: wait for it.
    await page.waitForFunction(() => document.querySelector('main').textContent.includes('Đồng Tháp/Lai Vung'), null, { timeout: 20000 })
      .catch(() => assert.fail(`${label}: the officer's area`));
    await audit(page, js, `account @${label}`);
    await shot(page, `account-${label}`);

    const id = `thu-${run}-${width}-${js ? 'js' : 'nojs'}`;
    await visit(page, js, `plans @${label}`, '/quan-tri/ke-hoach', 'can-tho-2026');
    await page.setInputFiles('#plan-file', { name: `${id}.toml`, mimeType: 'text/plain', buffer: Buffer.from(plan(id, 9)) });
    await Promise.all([
      page.waitForURL((u) => u.pathname.startsWith('/quan-tri/ke-hoach/tai-len/'), { timeout: 20000 }),
      page.click('form[action="/quan-tri/ke-hoach/tai-len"] button[type=submit]'),
    ]);
    await settled(page, js);
    assert.ok((await page.locator('main').textContent()).includes('2 mục tiêu'), `${label}: the preview lists the targets`);
    await audit(page, js, `plan preview @${label}`);
    await shot(page, `plan-preview-${label}`);
    if (js) {
      await page.click('main form button[type=submit]');
      await page.waitForFunction(() => document.querySelector('main').textContent.includes('Đã lưu lúc'), null, { timeout: 20000 });
    } else {
      await Promise.all([
        page.waitForURL((u) => u.pathname === `/bao-cao/${id}`, { timeout: 20000 }),
        page.click('main form button[type=submit]'),
      ]);
    }
    await page.goto(`${base}/bao-cao/${id}`, { waitUntil: 'networkidle' });
    assert.ok((await page.locator('main').textContent()).includes(`Kế hoạch thử của trình duyệt ${id}`), `${label}: the stored plan is reported`);
    await shot(page, `plan-report-${label}`);

    await visit(page, js, `annual @${label}`, '/quan-tri/thong-ke-nam', 'Giá trị giao dịch');
    await shot(page, `annual-${label}`);
    await visit(page, js, `audit log @${label}`, '/quan-tri/nhat-ky', 'plan.uploaded');
    await shot(page, `audit-${label}`);
    await page.context().close();
  } catch (e) {
    failures.push(`${label}: ${e.stack || e}`);
  }
}
await browser.close();
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('admin console: overview, accounts, an officer created, a plan uploaded, previewed, stored and reported, annual statistics, audit log at 375 and 1280 px, JavaScript on and off; axe clean');
