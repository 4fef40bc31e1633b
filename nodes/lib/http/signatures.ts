/**
 * Signature checks compare decoded bytes (issue 15): the MAC a sender presents is decoded from its text
 * encoding strictly (hex or base64, canonical: re-encoding gives the same text, so no stray characters are
 * silently dropped the way Buffer.from(text, 'base64') drops them), then compared with the expected MAC's
 * bytes in constant time. Two texts that differ only in letter case (hex) or padding (base64) are one MAC.
 */
import { timingSafeEqual } from 'node:crypto';

export type MacEncoding = 'hex' | 'base64';

/** The bytes a MAC's text stands for, or undefined when it is not a canonical encoding of any bytes. */
export function decodeMac(text: string | undefined | null, encoding: MacEncoding): Buffer | undefined {
	if (typeof text !== 'string') return undefined;
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	if (encoding === 'hex') {
		if (!/^(?:[0-9a-fA-F]{2})+$/.test(trimmed)) return undefined;
		return Buffer.from(trimmed, 'hex');
	}
	// base64 or base64url, with or without padding; anything else (spaces inside, '!', a cut quartet) is refused.
	const standard = trimmed.replace(/-/g, '+').replace(/_/g, '/');
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
	const unpadded = standard.replace(/=+$/, '');
	if (unpadded.length % 4 === 1) return undefined;
	const bytes = Buffer.from(unpadded, 'base64');
	return bytes.toString('base64').replace(/=+$/, '') === unpadded ? bytes : undefined;
}

/** Constant-time equality of a presented MAC (already decoded) and the expected one. */
export function macMatches(presented: Buffer | undefined, expected: Buffer): boolean {
	return presented !== undefined && presented.length === expected.length && timingSafeEqual(presented, expected);
}
