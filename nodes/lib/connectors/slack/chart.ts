/**
 * The weekly trend as a picture: stacked bars of cases opened per week by type, with the number
 * resolved as a line. Drawn as SVG by hand (no chart service, no browser) and rasterised in-process
 * with resvg (WebAssembly), so the report works on an n8n instance without internet access.
 */
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { readFile } from 'fs/promises';
import { dirname, join } from 'path';
import { inflateSync } from 'zlib';
import type { ExceptionReport } from '../../ledger/types';
import type { ExceptionType } from '../../order/types';
import { humanise } from './exceptionMessage';

/** Colour-blind-safe palette (Okabe-Ito plus greys), one colour per exception type in a stable order. */
const PALETTE = [
	'#0072B2',
	'#E69F00',
	'#009E73',
	'#D55E00',
	'#CC79A7',
	'#56B4E9',
	'#F0E442',
	'#000000',
	'#999999',
	'#6A3D9A',
	'#B15928',
	'#1B9E77',
];

export interface ChartOptions {
	width?: number;
	height?: number;
	titleFor?: (type: ExceptionType) => string;
	title?: string;
}

export function renderTrendChartSvg(report: ExceptionReport, options: ChartOptions = {}): string {
	const width = options.width ?? 960;
	const height = options.height ?? 480;
	const titleFor = options.titleFor ?? ((t: ExceptionType) => humanise(t));
	const margin = { top: 56, right: 24, bottom: 64, left: 56 };
	const legendWidth = 250;
	const plotW = width - margin.left - margin.right - legendWidth;
	const plotH = height - margin.top - margin.bottom;
	const weeks = report.trend;
	const types = typesInOrder(report);
	const maxValue = Math.max(1, ...weeks.map((w) => Math.max(w.opened, w.resolved)));
	const step = niceStep(maxValue);
	// Headroom above the tallest bar so its value label never touches the title.
	const top = Math.ceil((maxValue * 1.08) / step) * step;
	const y = (v: number) => margin.top + plotH - (v / top) * plotH;
	const band = weeks.length ? plotW / weeks.length : plotW;
	const barW = Math.min(64, band * 0.6);
	const parts: string[] = [];
	parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
	parts.push(
		text(margin.left, 32, options.title ?? 'Exceptions opened per week, by type', { size: 18, weight: 'bold' }),
	);
	for (let v = 0; v <= top; v += step) {
		parts.push(
			`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5" ` +
				`stroke-width="1"/>`,
		);
		parts.push(text(margin.left - 8, y(v) + 4, String(v), { size: 12, anchor: 'end', fill: '#555' }));
	}
	weeks.forEach((week, i) => {
		const x = margin.left + i * band + (band - barW) / 2;
		let base = 0;
		types.forEach((type, t) => {
			const n = week.openedByType[type] ?? 0;
			if (n <= 0) return;
			parts.push(
				`<rect x="${x.toFixed(1)}" y="${y(base + n).toFixed(1)}" width="${barW.toFixed(1)}" ` +
					`height="${(y(base) - y(base + n)).toFixed(1)}" fill="${PALETTE[t % PALETTE.length]}"/>`,
			);
			base += n;
		});
		// Totals that do not add up by type (older cases without a type breakdown) still show.
		if (week.opened > base)
			parts.push(
				`<rect x="${x.toFixed(1)}" y="${y(week.opened).toFixed(1)}" width="${barW.toFixed(1)}" ` +
					`height="${(y(base) - y(week.opened)).toFixed(1)}" fill="#bbbbbb"/>`,
			);
		parts.push(
			text(x + barW / 2, y(week.opened) - 6, String(week.opened), { size: 12, anchor: 'middle', weight: 'bold' }),
		);
		parts.push(
			text(x + barW / 2, margin.top + plotH + 20, week.weekStart.slice(5, 10), {
				size: 12,
				anchor: 'middle',
				fill: '#333',
			}),
		);
	});
	if (weeks.length > 1) {
		const points = weeks.map((w, i) => `${(margin.left + i * band + band / 2).toFixed(1)},${y(w.resolved).toFixed(1)}`);
		parts.push(
			`<polyline points="${points.join(' ')}" fill="none" stroke="#222" stroke-width="2.5" stroke-dasharray="6 4"/>`,
		);
		for (const p of points) {
			const [cx, cy] = p.split(',');
			parts.push(`<circle cx="${cx}" cy="${cy}" r="4" fill="#222"/>`);
		}
	}
	parts.push(
		`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y(0)}" y2="${y(0)}" stroke="#333" ` +
			`stroke-width="1.5"/>`,
	);
	parts.push(
		text(margin.left + plotW / 2, height - 16, 'Week starting (month-day)', {
			size: 12,
			anchor: 'middle',
			fill: '#555',
		}),
	);

	const lx = margin.left + plotW + 28;
	let ly = margin.top + 4;
	parts.push(text(lx, ly, 'Type', { size: 13, weight: 'bold' }));
	ly += 20;
	types.forEach((type, t) => {
		parts.push(`<rect x="${lx}" y="${ly - 11}" width="14" height="14" fill="${PALETTE[t % PALETTE.length]}"/>`);
		parts.push(text(lx + 22, ly + 1, truncate(titleFor(type), 30), { size: 12 }));
		ly += 22;
	});
	if (types.length === 0) {
		parts.push(text(lx, ly, 'No exceptions', { size: 12, fill: '#555' }));
		ly += 22;
	}
	ly += 8;
	parts.push(
		`<line x1="${lx}" x2="${lx + 14}" y1="${ly - 4}" y2="${ly - 4}" stroke="#222" stroke-width="2.5" ` +
			`stroke-dasharray="4 3"/>`,
	);
	parts.push(text(lx + 22, ly, 'Resolved that week', { size: 12 }));

	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
		`font-family="DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif">${parts.join('')}</svg>`
	);
}

/**
 * SVG to PNG with resvg compiled to WebAssembly: no native binary, so the node installs and runs wherever n8n
 * does (Alpine/musl images, ARM, install scripts off). The .wasm and the font are read from node_modules, never
 * fetched.
 */
export async function svgToPng(svg: string, options: { scale?: number } = {}): Promise<Buffer> {
	const fontBuffers = await resvgReady();
	const widthMatch = /width="(\d+)"/.exec(svg);
	const width = widthMatch ? Number(widthMatch[1]) : 960;
	const resvg = new Resvg(svg, {
		fitTo: { mode: 'width', value: Math.round(width * (options.scale ?? 1.5)) },
		font: { fontBuffers, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
		background: '#ffffff',
	});
	// The objects live in WebAssembly memory; free them now rather than whenever the JS garbage collector runs.
	try {
		const image = resvg.render();
		try {
			return Buffer.from(image.asPng());
		} finally {
			image.free();
		}
	} finally {
		resvg.free();
	}
}

/**
 * WebAssembly resvg sees no system fonts, and a server may have none, so the labels are drawn with DejaVu Sans
 * (regular and bold) from @fontsource/dejavu-sans (Bitstream Vera licence, public-domain DejaVu changes). That
 * package ships WOFF only, which resvg cannot read, so each file is unwrapped to a plain TrueType font once.
 */
const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILES = ['dejavu-sans-latin-400-normal.woff', 'dejavu-sans-latin-700-normal.woff'];

let ready: Promise<Uint8Array[]> | undefined;

/** initWasm throws when called twice, so every caller, including concurrent first ones, shares one promise. */
function resvgReady(): Promise<Uint8Array[]> {
	ready ??= loadResvg().catch((error: unknown) => {
		ready = undefined; // let a later chart try again instead of failing for the life of the process
		throw error;
	});
	return ready;
}

async function loadResvg(): Promise<Uint8Array[]> {
	const wasm = await readFile(require.resolve('@resvg/resvg-wasm/index_bg.wasm'));
	try {
		await initWasm(wasm);
	} catch (error) {
		// Another copy of this module (or another node sharing the package) got there first: the renderer is usable.
		if (!String(error).includes('Already initialized')) throw error;
	}
	const fontDir = join(dirname(require.resolve('@fontsource/dejavu-sans')), 'files');
	return Promise.all(FONT_FILES.map(async (file) => woffToSfnt(await readFile(join(fontDir, file)))));
}

/**
 * WOFF 1.0 (https://www.w3.org/TR/WOFF/) back to the TrueType/OpenType file it wraps: the same tables, each
 * inflated when stored compressed, behind a rebuilt sfnt table directory.
 */
export function woffToSfnt(woff: Buffer): Uint8Array {
	if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('Chart font is not a WOFF 1.0 file (no wOFF signature).');
	const numTables = woff.readUInt16BE(12);
	const tables = Array.from({ length: numTables }, (_, i) => {
		const at = 44 + i * 20;
		const offset = woff.readUInt32BE(at + 4);
		const compLength = woff.readUInt32BE(at + 8);
		const origLength = woff.readUInt32BE(at + 12);
		const stored = woff.subarray(offset, offset + compLength);
		const data = compLength < origLength ? inflateSync(stored) : stored;
		return { tag: woff.readUInt32BE(at), checksum: woff.readUInt32BE(at + 16), data };
	});
	const pad4 = (n: number) => (n + 3) & ~3;
	const headerSize = 12 + 16 * numTables;
	const out = Buffer.alloc(tables.reduce((size, t) => size + pad4(t.data.length), headerSize));
	const pow2 = 2 ** Math.floor(Math.log2(numTables));
	out.writeUInt32BE(woff.readUInt32BE(4), 0); // flavor: TrueType or CFF
	out.writeUInt16BE(numTables, 4);
	out.writeUInt16BE(pow2 * 16, 6);
	out.writeUInt16BE(Math.log2(pow2), 8);
	out.writeUInt16BE(numTables * 16 - pow2 * 16, 10);
	let offset = headerSize;
	tables.forEach((t, i) => {
		out.writeUInt32BE(t.tag, 12 + i * 16);
		out.writeUInt32BE(t.checksum, 16 + i * 16);
		out.writeUInt32BE(offset, 20 + i * 16);
		out.writeUInt32BE(t.data.length, 24 + i * 16);
		t.data.copy(out, offset);
		offset += pad4(t.data.length);
	});
	return out;
}

export async function renderTrendChartPng(
	report: ExceptionReport,
	options: ChartOptions & { scale?: number } = {},
): Promise<Buffer> {
	return svgToPng(renderTrendChartSvg(report, options), { scale: options.scale });
}

function typesInOrder(report: ExceptionReport): ExceptionType[] {
	const totals = new Map<ExceptionType, number>();
	for (const week of report.trend)
		for (const [type, n] of Object.entries(week.openedByType))
			totals.set(type as ExceptionType, (totals.get(type as ExceptionType) ?? 0) + (n ?? 0));
	return [...totals.entries()]
		.filter(([, n]) => n > 0)
		.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
		.map(([t]) => t);
}

function niceStep(max: number): number {
	const raw = max / 5;
	const magnitude = 10 ** Math.floor(Math.log10(raw));
	for (const m of [1, 2, 5, 10]) if (raw <= m * magnitude) return Math.max(1, m * magnitude);
	return Math.max(1, 10 * magnitude);
}

function text(
	x: number,
	y: number,
	content: string,
	style: { size: number; weight?: string; anchor?: string; fill?: string },
): string {
	return (
		`<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ` +
		`font-size="${style.size}"${style.weight ? ` font-weight="${style.weight}"` : ''}` +
		`${style.anchor ? ` text-anchor="${style.anchor}"` : ''} fill="${style.fill ?? '#111'}">` +
		`${escapeXml(content)}</text>`
	);
}

export function escapeXml(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function truncate(s: string, max: number): string {
	return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
