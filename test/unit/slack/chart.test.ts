import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import {
	renderTrendChartPng,
	renderTrendChartSvg,
	svgToPng,
	woffToSfnt,
} from '../../../nodes/lib/connectors/slack/chart';
import type { ExceptionReport } from '../../../nodes/lib/ledger/types';

type ChartModule = typeof import('../../../nodes/lib/connectors/slack/chart');

const week = (weekStart: string, openedByType: Record<string, number>, resolved: number) => ({
	weekStart,
	weekEnd: weekStart,
	opened: Object.values(openedByType).reduce((a, b) => a + b, 0),
	resolved,
	openedByType,
	openedChangePct: null,
});
const report = {
	now: '2026-11-20T12:00:00.000Z',
	weeks: 3,
	windowStart: '2026-10-26T00:00:00.000Z',
	countsByType: {},
	trend: [
		week('2026-10-26T00:00:00.000Z', { tracking_missing: 3, delivery_late: 1 }, 2),
		week('2026-11-02T00:00:00.000Z', { tracking_missing: 1, backordered: 4 }, 5),
		week('2026-11-09T00:00:00.000Z', { delivery_late: 2 }, 1),
	],
	timeToResolveSeconds: { count: 0, median: null, p90: null },
	openCases: [],
} as unknown as ExceptionReport;

const svgOf = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40">${body}</svg>`;
const label = (attrs = '') => svgOf(`<text x="10" y="28" font-size="20"${attrs}>05-06 Backordered</text>`);
const fontFile = (weight: number) =>
	join(dirname(require.resolve('@fontsource/dejavu-sans')), 'files', `dejavu-sans-latin-${weight}-normal.woff`);

describe('weekly trend chart rendered with resvg WebAssembly', () => {
	it('is a PNG at 1.5 times the SVG size by default', async () => {
		const png = await renderTrendChartPng(report);
		expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
		expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual({ width: 1440, height: 720 });
	});

	it('draws the labels (no system font needed): the chart without its text is a different picture', async () => {
		const svg = renderTrendChartSvg(report);
		const withoutText = svg.replace(/<text[^>]*>[^<]*<\/text>/g, '');
		expect(withoutText).not.toEqual(svg);
		expect((await svgToPng(svg)).equals(await svgToPng(withoutText))).toBe(false);
	});

	it('draws bold text with the bold face, and any font family with the bundled one', async () => {
		const regular = await svgToPng(label());
		expect(regular.equals(await svgToPng(svgOf('')))).toBe(false);
		// With only the regular face loaded resvg draws bold as regular, so these would be equal.
		expect((await svgToPng(label(' font-weight="bold"'))).equals(regular)).toBe(false);
		expect((await svgToPng(label(' font-family="Arial, sans-serif"'))).equals(regular)).toBe(true);
	});

	it('initialises the WebAssembly once however many charts start at the same time', async () => {
		let chart!: ChartModule;
		let initCalls = 0;
		await jest.isolateModulesAsync(async () => {
			jest.doMock('@resvg/resvg-wasm', () => {
				const real = jest.requireActual<typeof import('@resvg/resvg-wasm')>('@resvg/resvg-wasm');
				const initWasm: typeof real.initWasm = (wasm) => {
					initCalls++;
					return real.initWasm(wasm);
				};
				return { ...real, initWasm };
			});
			chart = await import('../../../nodes/lib/connectors/slack/chart');
		});
		jest.dontMock('@resvg/resvg-wasm');
		const first = await Promise.all([1, 2, 3].map(() => chart.svgToPng(label())));
		const later = await chart.svgToPng(label());
		expect(initCalls).toBe(1);
		for (const png of [...first, later]) expect(png.equals(first[0])).toBe(true);
	});

	it('uses the renderer when something else in the process initialised it first', async () => {
		let chart!: ChartModule;
		let resvg!: typeof import('@resvg/resvg-wasm');
		await jest.isolateModulesAsync(async () => {
			resvg = await import('@resvg/resvg-wasm');
			chart = await import('../../../nodes/lib/connectors/slack/chart');
		});
		await resvg.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
		expect((await chart.svgToPng(label())).subarray(1, 4).toString()).toBe('PNG');
	});
});

describe('woffToSfnt', () => {
	it.each([400, 700])('unwraps the bundled DejaVu Sans %i WOFF to the TrueType font it declares', (weight) => {
		const woff = readFileSync(fontFile(weight));
		const sfnt = Buffer.from(woffToSfnt(woff));
		expect(sfnt.readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
		expect(sfnt.readUInt16BE(4)).toBe(woff.readUInt16BE(12)); // every table
		expect(sfnt.length).toBe(woff.readUInt32BE(16)); // the WOFF header's totalSfntSize
	});

	it('refuses a file that is not WOFF 1.0', () => {
		expect(() => woffToSfnt(Buffer.alloc(64))).toThrow(/not a WOFF 1.0 file/);
	});
});
