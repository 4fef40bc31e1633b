/**
 * The pages' one style sheet, inline (no external assets: the page must work from n8n alone). Mobile first
 * (375 px phones), system fonts, and colours chosen for WCAG AA: body text #1f2937 and muted text #4b5563
 * on white (14.7:1 and 7.6:1), the store's accent only where render.ts has checked it is at least 4.5:1 on
 * white (links, the button's background under white text, the focus ring).
 */

/** `accent` must already be a checked "#rrggbb" (render.ts pageAccentColor). */
export function styleSheet(accent: string): string {
	return `:root{--accent:${accent};--text:#1f2937;--muted:#4b5563;--line:#d1d5db;--field:#6b7280}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--text);
  font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:42rem;margin:0 auto;padding:0 1rem}
a{color:var(--accent);text-decoration:underline;text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,main:focus-visible{
  outline:3px solid var(--accent);outline-offset:2px}
input:focus,select:focus{outline:3px solid var(--accent);outline-offset:1px}
.skip{position:absolute;left:-10000px;top:.5rem;background:#fff;padding:.5rem 1rem;z-index:1}
.skip:focus{left:.5rem}
header.site{border-bottom:1px solid var(--line)}
header.site .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem;
  padding-top:.75rem;padding-bottom:.75rem}
.brand{margin:0;font-size:1.125rem;font-weight:700;overflow-wrap:anywhere}
.brand img{display:block;max-height:3rem;max-width:12rem;width:auto;height:auto}
nav.lang ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:0;padding:0;list-style:none}
nav.lang a{display:inline-block;padding:.5rem .25rem}
nav.lang a[aria-current]{color:var(--text);font-weight:700;text-decoration:none}
main{display:block;padding:1.5rem 0 2rem}
h1{margin:.25rem 0 .5rem;font-size:1.75rem;line-height:1.25;overflow-wrap:anywhere}
h2{margin:2rem 0 .75rem;font-size:1.25rem;line-height:1.3}
h3{margin:0 0 .25rem;font-size:1.0625rem;line-height:1.35}
p{margin:0 0 .75rem}
.eyebrow,.meta,.hint,.privacy{color:var(--muted)}
.eyebrow{margin:0;font-weight:600;overflow-wrap:anywhere}
.lead{font-size:1.125rem}
ul.notices,ol.parcels,ol.timeline{margin:0;padding:0;list-style:none}
.notice{margin:0 0 .75rem;padding:.75rem 1rem;border-left:4px solid #b45309;border-radius:4px;background:#fffbeb}
.notice p{margin:0}
.parcel{margin:0 0 1rem;padding:1rem;border:1px solid var(--line);border-radius:8px}
dl.facts{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.375rem 1rem;margin:.25rem 0 0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.tracking-number{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.track{margin:.75rem 0 0}
ol.timeline{border-left:2px solid var(--line)}
ol.timeline li{padding:0 0 1rem 1rem}
ol.timeline time,.parcel-ref,.place{display:block}
ol.timeline time,.place{color:var(--muted);font-size:.9375rem}
.parcel-ref{font-weight:600}
.actions{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem 1.25rem}
.button{display:inline-block;min-height:44px;padding:.625rem 1.25rem;border:0;border-radius:6px;
  background:var(--accent);color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.button:hover{text-decoration:underline}
.button.secondary{border:2px solid var(--accent);background:#fff;color:var(--accent)}
.alert{margin:0 0 1rem;padding:.75rem 1rem;border-left:4px solid #b91c1c;border-radius:4px;background:#fef2f2}
.alert p{margin:0}
.alert p+p,.alert p+ul{margin-top:.5rem}
ul.error-list{margin:0;padding-left:1.25rem}
.alert a{color:#b91c1c}
.field{margin:0 0 1.25rem}
label{display:block;margin:0 0 .25rem;font-weight:600}
.optional{font-weight:400;color:var(--muted)}
.hint{margin:0 0 .375rem;font-size:.9375rem}
.error{margin:0 0 .375rem;color:#b91c1c;font-weight:600}
fieldset{min-width:0;margin:0 0 1.25rem;padding:0;border:0}
legend{margin:0 0 .75rem;padding:0;font-size:1.25rem;font-weight:700;line-height:1.3}
.check{display:flex;align-items:flex-start;gap:.75rem}
.check input{flex:none;width:1.5rem;height:1.5rem;margin:.125rem 0 0;accent-color:var(--accent)}
.check .hint{margin:0}
.check input[aria-invalid=true]{outline:2px solid #b91c1c;outline-offset:2px}
input[type=text],input[type=email],input[type=tel],select{display:block;width:100%;min-height:44px;
  padding:.625rem .75rem;border:1px solid var(--field);border-radius:6px;background:#fff;color:var(--text);font:inherit}
input[aria-invalid=true],select[aria-invalid=true]{border-color:#b91c1c;border-width:2px}
.request{margin:1rem 0;padding:.75rem 1rem;border-left:4px solid var(--accent);border-radius:4px;background:#f3f4f6}
.request h2{margin:0 0 .25rem;font-size:1.0625rem}
.request p{margin:0}
ul.actions-list{margin:0;padding:0;list-style:none}
ul.actions-list li{margin:0 0 .75rem}
ul.actions-list .meta{margin:.25rem 0 0}
.compare{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:0 0 1.5rem}
.choice{display:flex;flex-direction:column;align-items:flex-start;padding:1rem;border:1px solid var(--line);
  border-radius:8px}
.choice h2{margin:0 0 .5rem;font-size:1.125rem}
.choice .button{margin-top:auto}
.address{margin:0 0 1rem;overflow-wrap:anywhere}
ul.items{margin:0 0 1.5rem;padding-left:1.25rem;overflow-wrap:anywhere}
ul.items .more{color:var(--muted)}
ul.swap-lines{margin:0 0 1.5rem;padding:0;list-style:none}
ul.swap-lines>li{margin:0 0 1rem;padding:1rem;border:1px solid var(--line);border-radius:8px}
ul.swap-lines fieldset{margin:0}
ul.swap-lines .hint{margin:0}
.swap-item{max-width:100%;margin:0 0 .5rem;font-size:1.0625rem;font-weight:700;overflow-wrap:anywhere}
.back{margin:1.5rem 0 .75rem}
mark.changed{background:#fef3c7;color:inherit;font-weight:700;text-decoration:underline;
  text-decoration-thickness:2px;text-underline-offset:.15em}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
  clip:rect(0 0 0 0);white-space:nowrap;border:0}
footer.site{border-top:1px solid var(--line);color:var(--muted);font-size:.875rem}
footer.site .wrap{padding-top:1rem;padding-bottom:1.5rem}
footer.site p{margin:0}
@media (max-width:30rem){h1{font-size:1.5rem}dl.facts{grid-template-columns:1fr;
  gap:0}dl.facts dd{margin-bottom:.5rem}
  .compare{grid-template-columns:1fr}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`;
}
