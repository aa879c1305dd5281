/** The site's one stylesheet (assets/site.css): system fonts, light and dark, no outside requests. */
export const SITE_CSS = `:root{color-scheme:light dark;--bg:#fff;--fg:#1a1a1a;--muted:#555;--link:#0645ad;--visited:#5a3696;--line:#d0d0d0;--accent:#0b6e4f;--mark:#fff3a8;--bar:#0b6e4f}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#e8e8e8;--muted:#b0b0b0;--link:#8ab4f8;--visited:#c5a3ff;--line:#3a3f45;--accent:#5fd3a8;--mark:#5a4b00;--bar:#5fd3a8}}
*{box-sizing:border-box}
html{font:100%/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
body{margin:0}
a{color:var(--link)}a:visited{color:var(--visited)}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);padding:.5rem 1rem;z-index:9}
.skip:focus{left:.5rem}
header.site,footer.site{border-bottom:1px solid var(--line);padding:.6rem 1rem}
footer.site{border-top:1px solid var(--line);border-bottom:0;color:var(--muted);font-size:.9rem;margin-top:3rem}
header.site .bar{max-width:52rem;margin:0 auto;display:flex;flex-wrap:wrap;gap:.5rem 1.2rem;align-items:center}
header.site .name{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--fg)}
header.site nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem}
header.site form{margin-left:auto;display:flex;gap:.3rem}
input[type=search]{font:inherit;padding:.25rem .5rem;border:1px solid var(--muted);border-radius:4px;background:var(--bg);color:var(--fg);min-width:10rem}
button{font:inherit;padding:.25rem .7rem;border:1px solid var(--muted);border-radius:4px;background:var(--bg);color:var(--fg);cursor:pointer}
main{max-width:52rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}
h1{font-size:1.6rem;line-height:1.25;margin:.4rem 0 1rem}
h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}
.meta,.crumbs,.muted{color:var(--muted);font-size:.95rem}
.crumbs ol{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.3rem}
.crumbs li+li::before{content:"›";margin-right:.3rem}
blockquote.lede{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid var(--accent);font-style:italic}
ul.tags{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem}
ul.tags li{border:1px solid var(--line);border-radius:1rem;padding:0 .6rem}
ol.related li,ol.timeline li,ul.events li{margin:.35rem 0}
.context{display:block;color:var(--muted);font-size:.9rem;font-style:italic}
time{font-variant-numeric:tabular-nums;color:var(--muted)}
h1 time,h2 time{color:inherit}
ol.timeline{list-style:none;padding-left:0}
ol.timeline li{display:grid;grid-template-columns:6.5rem 1fr;gap:.6rem}
table.calendar{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
table.calendar caption{text-align:left;font-weight:600;padding-bottom:.3rem}
table.calendar th,table.calendar td{width:2.4rem;height:2rem;text-align:center;border:1px solid var(--line);font-size:.9rem;overflow-wrap:normal;white-space:nowrap}
table.calendar td[aria-current] {outline:3px solid var(--accent);outline-offset:-3px;font-weight:700}
nav.days{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap;margin:.5rem 0}
svg.chart{max-width:100%;height:auto}
svg.chart rect{fill:var(--bar)}svg.chart text{fill:var(--fg);font-size:10px}
.feeds a{margin-right:.8rem}
mark{background:var(--mark);color:var(--fg)}
strong.storyline{font-weight:700}
li.event>p,ol.timeline li>p{margin:.2rem 0}
.src{font-size:.9rem;color:var(--muted)}
a.more{font-size:.85rem;white-space:nowrap;margin-left:.15rem}
a.more::after{content:" ›"}
p.summary{font-size:1.1rem;margin:0 0 1rem}
ol.sources li{margin:.4rem 0}
ol.sources blockquote.lede{margin:.3rem 0 .6rem;font-size:.95rem}
@media (max-width:36rem){h1{font-size:1.3rem}ol.timeline li{grid-template-columns:1fr;gap:0}header.site form{margin-left:0;width:100%}input[type=search]{flex:1}}
`;
