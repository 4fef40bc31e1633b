/**
 * The ONE place the Klaviyo API revision is pinned. Every request (node, credential test, sandbox
 * expectations) reads it from here, so moving to a newer revision is one reviewed change. It is the
 * revision of the OpenAPI description our contract tests validate against (vendor-specs/klaviyo).
 */
export const KLAVIYO_REVISION = '2026-07-15';
export const KLAVIYO_BASE_URL = 'https://a.klaviyo.com';
/** JSON:API media type Klaviyo requires on request bodies. */
export const KLAVIYO_CONTENT_TYPE = 'application/vnd.api+json';
