/**
 * The demo page and the API explorer in headless Chromium against the
 * all-in-one app with real models: a real photo is analysed (boxes and
 * landmarks drawn on the canvas, every attribute shown), two photos are
 * verified, /docs lists every operation of /openapi.json, and no page logs
 * an error or reaches outside the server.
 *
 * FACELAB_DEMO_SCREENSHOT=docs/demo.png writes the README's screenshot.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from '@facelab/server';
import { launchChromium, watchPage, type Browser } from './helpers/chromium.ts';

const PORT = Number(process.env.FACELAB_TEST_PORT ?? 18180);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const photo = (n: number): string => join(import.meta.dirname, `../node_modules/@vladmandic/face-api/demo/sample${n}.jpg`);

let server: ServerType;
// Without Chromium every test fails with how to install it (launchChromium's message); none is skipped.
let browser: Promise<Browser>;
beforeAll(async () => {
  browser = launchChromium();
  browser.catch(() => {});
  const app = await createServerApp({ threads: 2 });
  await new Promise<void>((listening) => {
    server = serve({ fetch: app.fetch, port: PORT, hostname: '127.0.0.1' }, () => listening());
  });
});

afterAll(async () => {
  await browser?.then((b) => b.close(), () => {});
  await new Promise((closed) => (server ? server.close(closed) : closed(undefined)));
});

async function openPage(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser).context.newPage();
  const problems = watchPage(page, ORIGIN);
  await page.goto(`${ORIGIN}${path}`);
  return { page, problems };
}

/** RGB of the canvas pixel at (x, y) in canvas pixels. */
const pixel = (page: Page, selector: string, x: number, y: number): Promise<number[]> =>
  page.$eval(selector, (canvas, [px, py]) => [...(canvas as HTMLCanvasElement).getContext('2d')!.getImageData(px, py, 1, 1).data].slice(0, 3), [Math.round(x), Math.round(y)]);

const near = (rgb: number[], target: number[], tolerance = 40): boolean => rgb.every((c, i) => Math.abs(c - target[i]) <= tolerance);
const BOX = [0x00, 0xe6, 0x76];
// Generous: the whole suite runs its files in parallel on a few cores.
const TIMEOUT = 300_000;
const POINT = [0xff, 0x17, 0x44];

describe('demo page', () => {
  it('analyses a photo: boxes and 21 landmarks per face on the canvas, every attribute in the table, the raw JSON', async () => {
    const { page, problems } = await openPage('/');
    await page.waitForSelector('body[data-ready=true]');
    const options = await page.$$eval('#service option', (list) => list.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual(expect.arrayContaining(['all', 'face-detector', 'age-estimator', 'quality-assessment-estimator']));
    expect(options).not.toContain('verify-matcher');

    await page.setInputFiles('#analyse-file', photo(1));
    await page.waitForSelector('#analyse:is([data-state=done], [data-state=error])', { timeout: TIMEOUT });
    expect(await page.textContent('#analyse-status')).toMatch(/object\(s\)/);

    const sample = JSON.parse((await page.textContent('#raw-json'))!);
    const faces = sample.objects.filter((o: { class: string }) => o.class === 'face');
    expect(faces.length).toBeGreaterThanOrEqual(3);
    const canvas = await page.$eval('#analyse-canvas', (c) => {
      const { width, height, dataset } = c as HTMLCanvasElement;
      return { width, height, boxes: dataset.boxes, points: dataset.points };
    });
    expect(Number(canvas.boxes)).toBe(faces.length);
    expect(Number(canvas.points)).toBe(21 * faces.length);

    for (const face of faces) {
      for (const key of ['age', 'gender', 'emotions', 'has_medical_mask', 'liveness', 'quality', 'keypoints', 'pose']) expect(face, key).toHaveProperty(key);
      // The box's edges are drawn in the box colour (a landmark dot may cover a point of an edge).
      const [x1, y1, x2, y2] = face.bbox.map((v: number, i: number) => v * (i % 2 ? canvas.height : canvas.width));
      const along = (from: number, to: number) => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => from + ((to - from) * k) / 10);
      const top = await Promise.all(along(x1, x2).map((x) => pixel(page, '#analyse-canvas', x, y1)));
      const left = await Promise.all(along(y1, y2).map((y) => pixel(page, '#analyse-canvas', x1, y)));
      expect(top.filter((rgb) => near(rgb, BOX)).length, 'top edge').toBeGreaterThanOrEqual(7);
      expect(left.filter((rgb) => near(rgb, BOX)).length, 'left edge').toBeGreaterThanOrEqual(7);
      // And the nose is a landmark dot.
      const [nx, ny] = face.keypoints.nose.proj;
      expect(near(await pixel(page, '#analyse-canvas', nx * canvas.width, ny * canvas.height), POINT), 'nose').toBe(true);
    }

    const rows = await page.$$eval('#faces tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    expect(rows).toHaveLength(sample.objects.length);
    for (const [id, confidence, age, gender, emotion, mask, liveness, quality, pose] of rows) {
      expect(id).toMatch(/^#\d+ face$/);
      expect(confidence).toMatch(/^\d+%$/);
      expect(age).toMatch(/^\d+$/);
      expect(gender).toMatch(/^(male|female)$/);
      expect(emotion).toMatch(/^(angry|disgusted|scared|happy|neutral|sad|surprised) \d+%$/);
      expect(mask).toMatch(/^(mask|no mask) P\(mask\) \d+%$/);
      expect(liveness).toMatch(/^(real|fake) \d+%$/);
      expect(quality).toMatch(/^[01]\.\d\d/);
      expect(pose).toMatch(/^-?\d+°, -?\d+°, -?\d+°$/);
    }
    // A palette PNG keeps the README's screenshot small.
    if (process.env.FACELAB_DEMO_SCREENSHOT) await sharp(await page.screenshot({ fullPage: true })).png({ palette: true, quality: 90 }).toFile(process.env.FACELAB_DEMO_SCREENSHOT);
    expect(problems).toEqual([]);
    await page.close();
  }, TIMEOUT);

  it('runs one chosen service on a dropped photo, and shows an error the server gives', async () => {
    const { page, problems } = await openPage('/');
    await page.waitForSelector('body[data-ready=true]');
    await page.selectOption('#service', 'face-detector');
    // Dropped this time, as a user drags a file from their desktop.
    const dataTransfer = await page.evaluateHandle((base64) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'sample1.jpg', { type: 'image/jpeg' }));
      return transfer;
    }, readFileSync(photo(1)).toString('base64'));
    await page.dispatchEvent('#analyse-drop', 'drop', { dataTransfer });
    await page.waitForSelector('#analyse[data-state=done]', { timeout: TIMEOUT });
    expect(Number(await page.$eval('#analyse-canvas', (c) => (c as HTMLCanvasElement).dataset.boxes))).toBeGreaterThanOrEqual(3);
    expect(Number(await page.$eval('#analyse-canvas', (c) => (c as HTMLCanvasElement).dataset.points))).toBe(0);
    expect(await page.$$eval('#faces tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent))).toEqual(expect.arrayContaining(['']));

    // A file that is no picture: the browser cannot show it, and the page says so.
    await page.setInputFiles('#analyse-file', { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture at all') });
    await page.waitForSelector('#analyse[data-state=error]');
    expect(await page.textContent('#analyse-status')).toMatch(/notes\.jpg is not a picture/);
    // A GIF the browser shows but the server refuses: the contract's 422 detail, as the server worded it.
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    await page.setInputFiles('#analyse-file', { name: 'dot.gif', mimeType: 'image/gif', buffer: gif });
    await expect.poll(() => page.textContent('#analyse-status'), { timeout: 30_000 }).toBe('422: Invalid image: expected a JPEG, PNG, WebP or BMP picture (body.image)');
    expect(await page.getAttribute('#analyse', 'data-state')).toBe('error');
    // Chromium logs every 4xx answer; this one is expected, and the only problem.
    expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
    await page.close();
  }, TIMEOUT);

  it('verifies two photos side by side: the same photo is the same person, two different women are not', async () => {
    const { page, problems } = await openPage('/');
    await page.waitForSelector('body[data-ready=true]');
    await page.click('#tab-verify');
    const compare = async (a: number, b: number) => {
      await page.setInputFiles('#verify-file-a', photo(a));
      await page.setInputFiles('#verify-file-b', photo(b));
      await page.click('#verify-run');
      await page.waitForSelector('#verify:is([data-state=done], [data-state=error])', { timeout: TIMEOUT });
      expect(await page.textContent('#verify-status')).toBe('');
      return { verdict: (await page.textContent('#verdict'))!, result: JSON.parse((await page.textContent('#verify-raw-json'))!) };
    };
    const same = await compare(1, 1);
    expect(same.verdict).toMatch(/^Likely the same person/);
    expect(same.result.verification.distance).toBeLessThan(0.05);
    expect(await page.$eval('#verify-canvas-a', (c) => (c as HTMLCanvasElement).dataset.boxes)).toBe('1');
    expect(await page.$eval('#verify-canvas-b', (c) => (c as HTMLCanvasElement).dataset.boxes)).toBe('1');
    // sample1 and sample6 show different women; their largest faces are the farthest apart of these photos (distance 0.57).
    const different = await compare(1, 6);
    expect(different.verdict).toMatch(/^Likely different people/);
    expect(different.result.verification.score).toBeLessThan(0.5);
    expect(problems).toEqual([]);
    await page.close();
  }, TIMEOUT);
});

describe('API explorer', () => {
  it('renders every operation of /openapi.json from files the server serves, and sends a photo from its form', async () => {
    const { page, problems } = await openPage('/docs');
    const doc = await (await fetch(`${ORIGIN}/openapi.json`)).json();
    const operations = Object.values(doc.paths as Record<string, object>).reduce((n: number, item) => n + Object.keys(item).length, 0);
    await page.waitForSelector('.opblock');
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 30_000 }).toBe(operations);
    const services = (await (await fetch(`${ORIGIN}/services`)).json()).services.map((s: { name: string }) => s.name);
    const tags = await page.$$eval('.opblock-tag', (list) => list.map((t) => t.getAttribute('data-tag')));
    expect(tags).toEqual(expect.arrayContaining(services));
    // An operation opens with the contract's example.
    await page.click('#operations-age-estimator-ageEstimatorV2Sample .opblock-summary');
    await expect.poll(() => page.locator('#operations-age-estimator-ageEstimatorV2Sample').textContent(), { timeout: 30_000 }).toContain('0.267578125');
    // And sends a photo from its form: the server's answer shows under the operation.
    const detect = page.locator('#operations-face-detector-faceDetectorV2Image');
    await detect.locator('.opblock-summary').click();
    await detect.locator('input[type=file]').setInputFiles(photo(1));
    await detect.locator('button.execute').click();
    await expect.poll(() => detect.locator('.live-responses-table tbody .response-col_status').first().textContent(), { timeout: TIMEOUT }).toBe('200');
    expect(await detect.locator('.live-responses-table tbody .response-col_description').first().textContent()).toContain('"class": "face"');
    expect(problems).toEqual([]);
    await page.close();
  }, TIMEOUT);
});
