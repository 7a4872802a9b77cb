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
      if ((await value.inputValue()).trim() !== '1') return;
      await page.waitForTimeout(200);
    }
    throw new Error('the + button never changed the quantity: not hydrated');
  });
  const after = await total.textContent();
  assert.notEqual(after, before, 'total follows the quantity');
  const unit = buyable.price_vnd;
  const qty = Number((await value.inputValue()).trim());
  const expected = (unit * qty).toLocaleString('de-DE') + ' ₫';
  assert.equal(after.trim(), expected);
  assert.deepEqual(errors, [], 'no errors in the console');
  if (shots) await page.screenshot({ path: `${shots}/product-375.png`, fullPage: true });
  await page.close();
});

await check('the Content-Security-Policy allows every page to hydrate and refuses injected script', async () => {
  const paths = ['/', `/san-pham/${buyable.slug}`, '/san-pham', '/tim-kiem?q=mam', '/diem-ban', '/ban-do',
    '/su-kien', '/su-kien/lich', '/dang-nhap', '/gio-hang', '/khong-co-trang-nay'];
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Init scripts come from the browser's automation, not the page: the
  // policy does not apply to them.
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  const page = await context.newPage();
  const messages = [];
  page.on('console', (m) => { if (/content.security.policy/i.test(m.text())) messages.push(m.text()); });
  for (const path of paths) {
    const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    assert.match(response.headers()['content-security-policy'] || '', /script-src 'self' 'nonce-/, `${path}: policy sent`);
    await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 20000 });
    assert.deepEqual(await page.evaluate(() => window.__csp), [], `${path}: no violation`);
  }
  assert.deepEqual(messages, [], 'no policy message in the console');
  // Enforced: a script put in the page without the nonce does not run.
  const ran = await page.evaluate(() => new Promise((resolve) => {
    window.__injected = false;
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.appendChild(script);
    setTimeout(() => resolve(window.__injected), 200);
  }));
  assert.equal(ran, false, 'an injected inline script is refused');
  assert.ok((await page.evaluate(() => window.__csp)).some((v) => v.startsWith('script-src')), 'and reported');
  await context.close();
});

await check('home page reads fine with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  await page.goto(`${base}/`);
  const cards = await page.locator('.product-card').count();
  assert.ok(cards >= 8, `products listed without JavaScript (${cards})`);
  assert.match(await page.locator('.product-card .stars').first().textContent(), /OCOP [345] sao/);
  if (shots) await page.screenshot({ path: `${shots}/home-375-nojs.png`, fullPage: false });
  await page.goto(`${base}/san-pham/${buyable.slug}`);
  assert.match(await page.locator('.story').textContent(), /Câu chuyện sản phẩm/);
  assert.match(await page.locator('.certification').textContent(), /Chứng nhận OCOP/);
  await context.close();
});

await check('no page is wider than a 375 px phone, in either language', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  for (const lang of ['vi', 'en']) {
    for (const path of [`/san-pham/${buyable.slug}`, '/', '/chinh-sach/quy-che-hoat-dong', '/gioi-thieu']) {
      await page.goto(`${base}${path}?lang=${lang}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} (${lang}) is ${overflow}px wider than the phone`);
    }
  }
  await page.close();
});

// The shopper's way through the shop: home → group → product → stall → back,
// in both languages, with JavaScript on (client-side navigation: the page is
// never reloaded, which a marker on `window` proves) and off (plain links).
const words = {
  vi: { stall: /Sản phẩm OCOP/, cert: /Chứng nhận OCOP/ },
  en: { stall: /OCOP products/, cert: /OCOP certification/ },
};
for (const lang of ['vi', 'en']) {
  for (const js of [true, false]) {
    await check(`journey home → group → product → stall → back (${lang}, JavaScript ${js ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 375, height: 812 } });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${base}/?lang=${lang}`, { waitUntil: 'networkidle' });
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      if (js) {
        await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
        await page.evaluate(() => { window.__journeyMarker = 'kept'; });
      }
      const follow = async (selector, path) => {
        const link = page.locator(selector).first();
        const href = await link.getAttribute('href');
        const title = await page.locator('h1').first().textContent();
        await link.click();
        await page.waitForURL((u) => u.pathname.startsWith(path), { timeout: 15000 });
        // With JavaScript the address changes first and the page follows
        // from a server call: wait for the new page's title.
        await page.waitForFunction((old) => {
          const h1 = document.querySelector('h1');
          return h1 && h1.textContent !== old;
        }, title, { timeout: 15000 });
        assert.ok(href.startsWith(path), `${selector} → ${href}`);
        return href;
      };
      await follow('main a[href^="/nhom/"]', '/nhom/');
      assert.ok(await page.locator('.product-card').count() > 0, 'the group lists products');
      const productHref = await follow('.product-card a.card-link', '/san-pham/');
      const productTitle = (await page.locator('h1').first().textContent()).trim();
      assert.match(await page.locator('.certification').textContent(), words[lang].cert);
      await follow('main a[href^="/gian-hang/"]', '/gian-hang/');
      assert.match(await page.locator('main').textContent(), words[lang].stall);
      await page.goBack({ waitUntil: 'networkidle' });
      await page.waitForURL((u) => u.pathname === productHref);
      await page.waitForFunction((t) => document.querySelector('h1')?.textContent.trim() === t, productTitle);
      assert.equal(await page.getAttribute('html', 'lang'), lang, 'the language is kept');
      if (js) {
        assert.equal(await page.evaluate(() => window.__journeyMarker), 'kept', 'navigated without a full reload');
      }
      assert.deepEqual(errors, [], 'no errors on the page');
      await context.close();
    });
  }
}

await check('list filters apply without a reload when JavaScript is on', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/san-pham`, { waitUntil: 'networkidle' });
  await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
  await page.evaluate(() => { window.__journeyMarker = 'kept'; });
  const before = await page.locator('.result-count').textContent();
  await page.getByLabel('5★').check();
  await page.getByRole('button', { name: 'Lọc sản phẩm' }).click();
  await page.waitForURL((u) => u.searchParams.get('stars') === '5');
  // The address changes at once; the filtered list arrives from a server call.
  await page.waitForFunction((old) => {
    const count = document.querySelector('.result-count');
    return count && count.textContent !== old && document.querySelector('.product-card');
  }, before, { timeout: 15000 });
  const badges = await page.locator('.product-card .stars').allTextContents();
  assert.ok(badges.length > 0 && badges.every((b) => /5 sao/.test(b)), `only five-star products: ${badges}`);
  assert.equal(await page.evaluate(() => window.__journeyMarker), 'kept', 'no full reload');
  await page.close();
});

await check('on a phone the products come before the filters, which open without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 812 } });
  const page = await context.newPage();
  await page.goto(`${base}/san-pham`);
  assert.equal(await page.locator('form.filters').isVisible(), false, 'filters folded');
  const card = await page.locator('.product-card').first().boundingBox();
  assert.ok(card.y < 812, `a product on the first screen (at ${card.y}px)`);
  await page.getByText('Bộ lọc và sắp xếp').click();
  assert.equal(await page.locator('form.filters').isVisible(), true, 'filters open');
  // With a filter in the address the panel starts open.
  await page.goto(`${base}/san-pham?stars=5`);
  assert.equal(await page.locator('form.filters').isVisible(), true, 'open when filtering');
  await context.close();
});

await check('the header suggests products while typing; Enter searches, with or without JavaScript', async () => {
  for (const js of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const box = page.locator('header input[name=q]');
    if (js) {
      await page.waitForSelector('html[data-hydrated]', { state: 'attached' });
      await box.pressSequentially('nuoc ma', { delay: 50 });
      await page.waitForSelector('header .suggestions:not([hidden]) a', { timeout: 10000 });
      const names = await page.locator('header .suggestions a').allTextContents();
      assert.ok(names.length > 0 && names.every((n) => /mắm/i.test(n)), `suggestions: ${names}`);
      await page.keyboard.press('Escape');
      assert.equal(await page.locator('header .suggestions').isVisible(), false, 'Escape closes them');
      await box.fill('nuoc mam');
    } else {
      await box.fill('nuoc mam');
    }
    await box.press('Enter');
    await page.waitForURL((u) => u.pathname === '/tim-kiem' && u.searchParams.get('q') === 'nuoc mam');
    await page.waitForSelector('.search-results .product-card mark');
    const first = await page.locator('.search-results .product-card h3').first().textContent();
    assert.match(first, /Nước mắm/, `first result: ${first}`);
    await context.close();
  }
});

// Buying (search → product → cart → checkout → order) is in journeys.mjs.

await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
