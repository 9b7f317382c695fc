// SVG charts rasterised to PNG by headless Chromium (the same browser the e2e tests use), for documents that ask
// for pictures rather than vector files.
import { launchChromium } from './studio';

/** Renders one standalone SVG document (with width/height attributes) to a PNG file at 2× density. */
export async function svgToPng(svg: string, file: string): Promise<void> {
  const size = /<svg[^>]*\bwidth="(\d+)"[^>]*\bheight="(\d+)"/.exec(svg);
  if (!size) throw new Error('svgToPng: the SVG needs numeric width and height attributes');
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: Number(size[1]), height: Number(size[2]) }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').first().screenshot({ path: file });
  } finally {
    await browser.close();
  }
}
