// Builds the page into src/eventwire/web/static (committed, so pip users need no Node):
// app.js and app.css bundled by esbuild, index.html, the Natural Earth country outlines (two scales)
// from world-atlas, and the licences of everything bundled. Run by `make web`.
import * as esbuild from 'esbuild';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { quantize } from 'topojson-client';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'src', 'eventwire', 'web', 'static');
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: [join(here, 'src', 'main.js')],
  outfile: join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  loader: { '.png': 'dataurl', '.svg': 'dataurl' },
  legalComments: 'none', // the licences go to LICENSES.txt below
  logLevel: 'info',
});
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));
copyFileSync(join(here, 'node_modules', 'world-atlas', 'countries-110m.json'), join(out, 'countries-110m.json'));
// The 1:50m outlines lose their least significant points (by effective area): on each zoom
// Leaflet projects every point of the layer, and the full 80,617 made zooms cost 100-220 ms
// of main-thread work with 10,000 markers; at this share the outlines look the same at the
// zooms the page uses (bench/web_speed.py, docs/screenshots/web-map.png).
const KEEP_ABOVE_QUANTILE = 0.3;
const topo50 = presimplify(JSON.parse(readFileSync(join(here, 'node_modules', 'world-atlas', 'countries-50m.json'), 'utf8')));
const simple = quantize(simplify(topo50, quantile(topo50, KEEP_ABOVE_QUANTILE)), 1e5);
writeFileSync(join(out, 'countries-50m.json'), JSON.stringify(simple));

const bundled = ['leaflet', 'supercluster', 'kdbush', 'topojson-client', 'topojson-simplify', 'world-atlas'];
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));
let text = 'Third-party code and data bundled into app.js, app.css and countries-*.json.\n';
text += 'The outlines in countries-110m.json and countries-50m.json are Natural Earth data (public domain), via world-atlas;\n';
text += 'countries-50m.json is simplified by topojson-simplify at build time.\n';
for (const name of bundled) {
  const version = lock.packages[`node_modules/${name}`].version;
  const licence = readFileSync(join(here, 'node_modules', name, 'LICENSE'), 'utf8').trim();
  text += `\n==== ${name} ${version}\n\n${licence}\n`;
}
writeFileSync(join(out, 'LICENSES.txt'), text);
