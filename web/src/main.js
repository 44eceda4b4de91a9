// The eventwire map page: events as clustered markers over packaged outlines (or configured
// tiles), a timeline whose brushed range filters the map, filter controls, and a panel that
// shows each claim in its paragraph. Text from documents only ever enters the page through
// text nodes (el() below), never as HTML.
import L from 'leaflet';
import Supercluster from 'supercluster';
import { feature } from 'topojson-client';
import 'leaflet/dist/leaflet.css';
import './app.css';

const TYPE_COLOURS = {
  'Battles': '#d62728',
  'Explosions/Remote violence': '#ff7f0e',
  'Violence against civilians': '#9467bd',
  'Protests': '#2ca02c',
  'Riots': '#8c564b',
  'Strategic developments': '#1f77b4',
};
const OTHER_COLOUR = '#7f7f7f';
// Supercluster: points closer than RADIUS pixels merge, up to zoom CLUSTER_MAX_ZOOM; past it
// every event is drawn, and events at one spot are fanned out around it.
const RADIUS = 48;
const CLUSTER_MAX_ZOOM = 15;
const FAN_ZOOM = CLUSTER_MAX_ZOOM + 1;
const PASSAGE_PAD = 280; // characters of a long paragraph shown either side of a span
const DAY = 86400000;

const state = {
  config: null, features: [], visible: [], total: 0, truncated: false, brush: null, index: null,
  selected: null, renders: 0, loads: 0, zoom: null, outlines: 0,
};
const timings = { brush: [] };
// Hooks for the end-to-end tests and bench/web_speed.py: read-only views of what the page did.
window.eventwire = { state, timings, ready: false };

// ------------------------------------------------------------------ DOM helpers
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'style') Object.assign(node.style, v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  append(node, children);
  return node;
}
function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const svgNS = 'http://www.w3.org/2000/svg';
function svg(tag, attrs) {
  const node = document.createElementNS(svgNS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  return node;
}
const colour = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;
const $ = (sel) => document.querySelector(sel);

class ApiError extends Error {
  constructor(status, parameter, message) { super(message); this.status = status; this.parameter = parameter; }
}
async function getJSON(url) {
  const resp = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await resp.json().catch(() => null);
  if (!resp.ok) {
    const e = (body && body.error) || {};
    throw new ApiError(resp.status, e.parameter || null, e.message || `HTTP ${resp.status}`);
  }
  return body;
}

// ------------------------------------------------------------------ dates
function dayOf(iso) {
  if (!iso) return null;
  const [y, m, d] = iso.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}
function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Bucket units for the timeline, finest first; the finest that gives at most MAX_BUCKETS is used.
const MAX_BUCKETS = 160;
const UNITS = [
  { name: 'day', floor: (d) => d, next: (d) => d + 1 },
  { name: 'week', floor: (d) => d - (((d + 3) % 7) + 7) % 7, next: (d) => d + 7 },
  { name: 'month', floor: (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY; },
    next: (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / DAY; } },
  { name: 'quarter', floor: (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - t.getUTCMonth() % 3, 1) / DAY; },
    next: (d) => { const t = new Date(d * DAY); return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 3, 1) / DAY; } },
  { name: 'year', floor: (d) => Date.UTC(new Date(d * DAY).getUTCFullYear(), 0, 1) / DAY,
    next: (d) => Date.UTC(new Date(d * DAY).getUTCFullYear() + 1, 0, 1) / DAY },
];

// ------------------------------------------------------------------ the map
const map = L.map('map', { minZoom: 2, maxZoom: 18, worldCopyJump: true, zoomSnap: 1 });
map.attributionControl.setPrefix('Leaflet');
map.createPane('outlines').style.zIndex = 250;
map.createPane('regions').style.zIndex = 350;
map.setView([35, 39], 6);
const markerLayer = L.layerGroup().addTo(map);
const outlineLayer = L.layerGroup();
const regionLayer = L.layerGroup();

async function loadBase(config) {
  const credit = 'Outlines: Natural Earth (world-atlas); governorates: UN OCHA (CC BY-IGO), GeoNames (CC BY 4.0)';
  // two scales of the same outlines: 1:110m while the whole region or the world is in view,
  // 1:50m closer in; on a canvas, simplified a little more than Leaflet's default, so that a
  // zoom redraws them in tens of milliseconds (bench/web_speed.py measures it)
  const t0 = performance.now();
  const scales = [];
  for (const [file, minZoom] of [['countries-110m.json', 0], ['countries-50m.json', 5]]) {
    try {
      const topo = await getJSON(`/static/${file}`);
      const layer = L.geoJSON(feature(topo, topo.objects.countries), {
        pane: 'outlines', interactive: false, smoothFactor: 1.5, renderer: L.canvas({ pane: 'outlines', padding: 0.2 }),
        style: { color: '#7d8593', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1 },
      });
      scales.push([layer, minZoom]);
      state.outlines = Math.max(state.outlines, layer.getLayers().length);
    } catch (e) { console.warn('no outlines', file, e); }
  }
  const showScale = () => {
    const z = map.getZoom();
    const best = scales.filter(([, min]) => z >= min).pop() || scales[0];
    for (const [layer] of scales) {
      if (layer === (best && best[0])) { if (!outlineLayer.hasLayer(layer)) outlineLayer.addLayer(layer); }
      else outlineLayer.removeLayer(layer);
    }
  };
  map.on('zoomend', showScale);
  showScale();
  timings.outlines = performance.now() - t0;
  try {
    const regions = await getJSON('/api/regions.geojson');
    for (const f of regions.features) {
      const [lon, lat] = f.geometry.coordinates;
      const dot = L.circleMarker([lat, lon], { pane: 'regions', radius: 2.5, color: '#5b6170', weight: 1,
        fillOpacity: 0.6, interactive: false });
      dot.bindTooltip(el('span', {}, f.properties.name), { permanent: true, direction: 'right',
        className: 'ew-region-label', offset: [4, 0], pane: 'regions' });
      dot.addTo(regionLayer);
    }
  } catch (e) { console.warn('no regions', e); }
  const showRegions = () => {
    if (map.getZoom() >= 6) regionLayer.addTo(map); else regionLayer.remove();
  };
  map.on('zoomend', showRegions);
  showRegions();
  if (config.tiles && config.tiles.url) {
    let loaded = 0, failed = 0;
    const tiles = L.tileLayer(config.tiles.url, { attribution: escapeHTML(config.tiles.attribution || '') });
    tiles.on('tileload', () => { loaded += 1; });
    tiles.on('tileerror', () => {
      failed += 1;
      if (failed >= 4 && loaded === 0 && !map.hasLayer(outlineLayer)) {
        outlineLayer.addTo(map);
        map.attributionControl.addAttribution(credit);
        note('The tile server cannot be reached; showing packaged outlines instead.');
      }
    });
    tiles.addTo(map);
  } else {
    outlineLayer.addTo(map);
    map.attributionControl.addAttribution(credit);
  }
}

function escapeHTML(text) { // for the one string Leaflet insists on treating as HTML
  return el('span', {}, text).innerHTML;
}

function buildIndex(features) {
  const t0 = performance.now();
  const index = new Supercluster({
    radius: RADIUS, maxZoom: CLUSTER_MAX_ZOOM,
    map: (p) => ({ types: { [p.event_type]: 1 } }),
    reduce: (acc, p) => { for (const k in p.types) acc.types[k] = (acc.types[k] || 0) + p.types[k]; },
  });
  index.load(features.filter((f) => f.geometry));
  timings.index = performance.now() - t0;
  return index;
}

function eventIcon(p) {
  const best = p.fatalities_best;
  const size = Math.round(Math.min(40, 12 + 4 * Math.sqrt(Math.max(0, best || 0))));
  const dot = el('div', {
    class: [best === null || best === undefined ? 'unknown' : '', p.contested ? 'contested' : '',
      state.selected === p.event_id ? 'selected' : ''].join(' ').trim(),
    style: { background: colour(p.event_type) },
    'data-event-id': p.event_id, role: 'button', 'aria-label': markerTitle(p),
  });
  return L.divIcon({ className: 'ew-event', html: dot, iconSize: [size, size] });
}

function markerTitle(p) {
  const date = p.date_start + (p.date_end && p.date_end !== p.date_start ? ` – ${p.date_end}` : '');
  const toll = p.fatalities_best === null || p.fatalities_best === undefined ? '' : `, ${p.fatalities_best} killed`;
  return `${date}: ${p.sub_event_type || p.event_type} at ${p.location_name || '?'}${toll}`;
}

function clusterIcon(c) {
  const n = c.properties.point_count;
  const size = Math.round(26 + 7 * Math.log10(n));
  // a pie of the event types inside
  const entries = Object.entries(c.properties.types).sort((a, b) => b[1] - a[1]);
  let at = 0;
  const stops = entries.map(([type, k]) => {
    const from = at; at += (100 * k) / n;
    return `${colour(type)} ${from.toFixed(1)}% ${at.toFixed(1)}%`;
  });
  const attrs = { style: { background: `conic-gradient(${stops.join(', ')})` }, role: 'button',
    'aria-label': `${n} events: zoom in`, 'data-count': String(n) };
  if (n <= 25) attrs['data-event-ids'] = state.index.getLeaves(c.properties.cluster_id, 25).map((f) => f.properties.event_id).join(' ');
  return L.divIcon({ className: 'ew-cluster', html: el('div', attrs, String(n)), iconSize: [size, size] });
}

function render() {
  const t0 = performance.now();
  markerLayer.clearLayers();
  if (!state.index) return;
  const b = map.getBounds();
  const zoom = Math.round(map.getZoom());
  state.zoom = zoom;
  const west = Math.max(-180, b.getWest()), east = Math.min(180, b.getEast());
  const bbox = east - west >= 360 || b.getEast() - b.getWest() >= 360 ? [-180, -85, 180, 85]
    : [west, Math.max(-85, b.getSouth()), east, Math.min(85, b.getNorth())];
  const items = state.index.getClusters(bbox, zoom);
  const leaves = [];
  for (const it of items) {
    const [lon, lat] = it.geometry.coordinates;
    if (it.properties.cluster) {
      const m = L.marker([lat, lon], { icon: clusterIcon(it), keyboard: true });
      m.on('click', () => {
        const z = Math.min(state.index.getClusterExpansionZoom(it.properties.cluster_id), FAN_ZOOM);
        map.setView([lat, lon], Math.max(z, zoom + 1));
      });
      markerLayer.addLayer(m);
    } else {
      leaves.push(it);
    }
  }
  for (const [f, latlng, centre] of fanOut(leaves, zoom)) {
    if (centre) markerLayer.addLayer(L.polyline([centre, latlng], { color: '#333', weight: 1, interactive: false }));
    const m = L.marker(latlng, { icon: eventIcon(f.properties), keyboard: true, riseOnHover: true,
      title: markerTitle(f.properties) });
    m.on('click', () => select(f.properties.event_id));
    markerLayer.addLayer(m);
  }
  state.renders += 1;
  timings.render = performance.now() - t0;
  document.dispatchEvent(new CustomEvent('ew:render'));
}

// Events drawn at one spot (same place, several dates) spread on a small circle round it.
function fanOut(leaves, zoom) {
  if (zoom < FAN_ZOOM) return leaves.map((f) => [f, L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]), null]);
  const groups = new Map();
  for (const f of leaves) {
    const ll = L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]);
    const px = map.latLngToLayerPoint(ll);
    const key = `${Math.round(px.x / 12)}:${Math.round(px.y / 12)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push([f, ll, px]);
  }
  const out = [];
  for (const group of groups.values()) {
    if (group.length === 1) { out.push([group[0][0], group[0][1], null]); continue; }
    const [, centreLL, centre] = group[0];
    const r = 16 + 4 * group.length;
    group.forEach(([f], i) => {
      const a = (2 * Math.PI * i) / group.length - Math.PI / 2;
      out.push([f, map.layerPointToLatLng(L.point(centre.x + r * Math.cos(a), centre.y + r * Math.sin(a))), centreLL]);
    });
  }
  return out;
}

map.on('moveend', render);

// ------------------------------------------------------------------ data
function filterParams() {
  const form = $('#filters');
  const params = new URLSearchParams();
  for (const name of ['q', 'since', 'until', 'type', 'sub_type', 'actor', 'place']) {
    const v = form.elements[name].value.trim();
    if (v) params.set(name, v);
  }
  if (form.elements.contested.checked) params.set('contested', 'true');
  return params;
}

async function load({ fit = false } = {}) {
  const params = filterParams();
  history.replaceState(null, '', params.toString() ? `?${params}` : location.pathname);
  for (const input of $('#filters').elements) input.classList.remove('invalid');
  params.set('properties', 'summary');
  params.set('sort', '-date');
  params.set('limit', String(state.config.max_markers));
  const t0 = performance.now();
  let fc;
  try {
    fc = await getJSON(`/api/events.geojson?${params}`);
  } catch (e) {
    showError(e);
    return;
  }
  timings.fetch = performance.now() - t0;
  const t1 = performance.now();
  for (const f of fc.features) {
    f.d0 = dayOf(f.properties.date_start);
    f.d1 = dayOf(f.properties.date_end) ?? f.d0;
  }
  state.features = fc.features;
  state.total = fc.total;
  state.truncated = fc.truncated;
  state.brush = null;
  state.loads += 1;
  const t2 = performance.now();
  drawTimeline();
  timings.timeline = performance.now() - t2;
  if (fit) fitToEvents(fc.features);
  applyBrush();
  timings.load = performance.now() - t0;
  timings.draw = performance.now() - t1;
  window.eventwire.ready = true;
  document.dispatchEvent(new CustomEvent('ew:loaded'));
}

function fitToEvents(features) {
  let s = 90, w = 180, n = -90, e = -180;
  for (const f of features) {
    if (!f.geometry) continue;
    const [lon, lat] = f.geometry.coordinates;
    if (lat < s) s = lat; if (lat > n) n = lat; if (lon < w) w = lon; if (lon > e) e = lon;
  }
  if (n < s) return;
  map.off('moveend', render); // one draw, by applyBrush, not one per view change
  map.fitBounds(L.latLngBounds([s, w], [n, e]).pad(0.15), { maxZoom: 8, animate: false });
  map.on('moveend', render);
}

function applyBrush() {
  const t0 = performance.now();
  const b = state.brush;
  state.visible = b ? state.features.filter((f) => f.d0 !== null && f.d0 <= b[1] && f.d1 >= b[0]) : state.features;
  state.index = buildIndex(state.visible);
  render();
  paintBrush();
  updateStatus();
  return performance.now() - t0;
}

function updateStatus() {
  const status = $('#status');
  status.classList.remove('error');
  const n = state.features.length;
  const shown = state.visible.length;
  const located = state.visible.filter((f) => f.geometry).length;
  const parts = [];
  if (state.brush) {
    parts.push(`${shown} of ${n} events between ${isoOf(state.brush[0])} and ${isoOf(state.brush[1])}`);
  } else {
    parts.push(`${n} event${n === 1 ? '' : 's'}`);
  }
  if (state.truncated) parts.push(`the latest ${n} of ${state.total} shown: narrow the filters to see the rest`);
  if (located < shown) parts.push(`${shown - located} without coordinates (not on the map)`);
  status.replaceChildren(el('span', { 'data-shown': String(shown), id: 'count' }, parts.join(' · ')));
  if (state.brush) {
    status.appendChild(el('button', { type: 'button', onclick: () => { state.brush = null; applyBrush(); } },
      'Show all dates'));
  }
}

function showError(e) {
  const status = $('#status');
  status.classList.add('error');
  const where = e.parameter ? `${e.parameter}: ` : '';
  status.replaceChildren(el('span', {}, `Cannot show events: ${where}${e.message}`));
  if (e.parameter && $('#filters').elements[e.parameter]) $('#filters').elements[e.parameter].classList.add('invalid');
}

function note(text) {
  $('#status').appendChild(el('span', { class: 'note' }, text));
}

// ------------------------------------------------------------------ the timeline
const tl = { unit: null, d0: 0, d1: 1, width: 0, height: 0, svg: null, bars: [], brushRect: null, pad: 28 };

function drawTimeline() {
  const box = $('#timeline');
  const width = box.clientWidth || 800, height = box.clientHeight || 96;
  const dated = state.features.filter((f) => f.d0 !== null);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none' });
  Object.assign(tl, { width, height, svg: root, bars: [] });
  box.replaceChildren(root);
  if (!dated.length) return;
  let lo = Infinity, hi = -Infinity;
  for (const f of dated) { if (f.d0 < lo) lo = f.d0; if (f.d0 > hi) hi = f.d0; }
  const unit = UNITS.find((u) => { let n = 0; for (let d = u.floor(lo); d <= hi && n <= MAX_BUCKETS; d = u.next(d)) n++; return n <= MAX_BUCKETS; }) || UNITS[UNITS.length - 1];
  const start = unit.floor(lo);
  const buckets = [];
  for (let d = start; d <= hi; d = unit.next(d)) buckets.push({ d0: d, d1: unit.next(d), types: {}, n: 0 });
  const end = buckets[buckets.length - 1].d1;
  Object.assign(tl, { unit, d0: start, d1: end });
  let bi = 0;
  const sorted = dated.slice().sort((a, b) => a.d0 - b.d0);
  for (const f of sorted) {
    while (f.d0 >= buckets[bi].d1) bi++;
    const b = buckets[bi];
    b.n += 1;
    b.types[f.properties.event_type] = (b.types[f.properties.event_type] || 0) + 1;
  }
  const max = Math.max(...buckets.map((b) => b.n));
  const plotH = height - 18;
  const g = svg('g', {});
  for (const b of buckets) {
    const x0 = xOf(b.d0), x1 = xOf(b.d1);
    const w = Math.max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0));
    let y = plotH;
    for (const [type, k] of Object.entries(b.types).sort()) {
      const h = (k / max) * (plotH - 4);
      const rect = svg('rect', { x: x0.toFixed(1), y: (y - h).toFixed(1), width: w.toFixed(1), height: h.toFixed(1), fill: colour(type) });
      rect.appendChild(svg('title', {})).textContent = `${isoOf(b.d0)} (${unit.name}): ${k} ${type}`;
      tl.bars.push({ rect, d0: b.d0, d1: b.d1 });
      g.appendChild(rect);
      y -= h;
    }
  }
  root.appendChild(g);
  const axis = svg('g', { class: 'axis' });
  axis.appendChild(svg('line', { x1: tl.pad, x2: width - tl.pad, y1: plotH + 0.5, y2: plotH + 0.5 }));
  for (const [d, label] of ticks(start, end)) {
    const x = xOf(d);
    axis.appendChild(svg('line', { x1: x, x2: x, y1: plotH, y2: plotH + 4 }));
    const t = svg('text', { x: x + 2, y: height - 3 });
    t.textContent = label;
    axis.appendChild(t);
  }
  root.appendChild(axis);
  tl.brushRect = svg('rect', { class: 'brush', y: 0, height: plotH, x: 0, width: 0, visibility: 'hidden' });
  root.appendChild(tl.brushRect);
}

function ticks(start, end) {
  const span = end - start;
  const years = span > 3 * 365;
  const out = [];
  const first = years ? UNITS[4].floor(start) : UNITS[2].floor(start);
  const step = years ? UNITS[4].next : UNITS[2].next;
  const every = years ? Math.ceil(span / 365 / 10) : Math.max(1, Math.ceil(span / 30 / 10));
  let i = 0;
  for (let d = first; d < end; d = step(d), i++) {
    if (d < start || i % every) continue;
    const t = new Date(d * DAY);
    out.push([d, years ? String(t.getUTCFullYear()) : `${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()}`]);
  }
  return out;
}

const xOf = (d) => tl.pad + ((d - tl.d0) / Math.max(1, tl.d1 - tl.d0)) * (tl.width - 2 * tl.pad);
const dayAt = (x) => tl.d0 + ((x - tl.pad) / Math.max(1, tl.width - 2 * tl.pad)) * (tl.d1 - tl.d0);

function paintBrush() {
  if (!tl.brushRect) return;
  const b = state.brush;
  if (!b) {
    tl.brushRect.setAttribute('visibility', 'hidden');
    for (const bar of tl.bars) bar.rect.classList.remove('dim');
    return;
  }
  const x0 = xOf(b[0]), x1 = xOf(b[1] + 1);
  tl.brushRect.setAttribute('x', x0.toFixed(1));
  tl.brushRect.setAttribute('width', Math.max(1, x1 - x0).toFixed(1));
  tl.brushRect.setAttribute('visibility', 'visible');
  for (const bar of tl.bars) bar.rect.classList.toggle('dim', bar.d1 <= b[0] || bar.d0 > b[1]);
}

function setupBrush() {
  const box = $('#timeline');
  let from = null, pending = false, lastX = 0;
  const localX = (ev) => {
    const r = box.getBoundingClientRect();
    return ((ev.clientX - r.left) / r.width) * tl.width;
  };
  const rangeTo = (x) => {
    const a = dayAt(Math.min(from, x)), b = dayAt(Math.max(from, x));
    return [Math.max(tl.d0, Math.floor(a)), Math.min(tl.d1 - 1, Math.floor(b))];
  };
  box.addEventListener('pointerdown', (ev) => {
    if (!tl.unit) return;
    from = localX(ev);
    box.setPointerCapture(ev.pointerId);
  });
  box.addEventListener('pointermove', (ev) => {
    if (from === null) return;
    lastX = localX(ev);
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { // live feedback, at most once a frame
      pending = false;
      if (from === null) return;
      state.brush = rangeTo(lastX);
      paintBrush();
    });
  });
  box.addEventListener('pointerup', (ev) => {
    if (from === null) return;
    const x = localX(ev);
    const moved = Math.abs(x - from) > 3;
    state.brush = moved ? rangeTo(x) : null;
    from = null;
    const ms = applyBrush();
    timings.brush.push(ms);
    document.dispatchEvent(new CustomEvent('ew:brushed'));
  });
}

// ------------------------------------------------------------------ the event panel
async function select(eventId) {
  state.selected = eventId;
  render();
  const panel = $('#panel');
  panel.replaceChildren(el('p', { class: 'hint' }, 'Loading…'));
  const t0 = performance.now();
  try {
    const detail = await getJSON(`/api/events/${encodeURIComponent(eventId)}`);
    const docs = {};
    await Promise.all(detail.documents.map(async (d) => {
      try {
        const doc = await getJSON(`/api/documents/${encodeURIComponent(d.content_hash)}?event_id=${encodeURIComponent(detail.event.event_id)}`);
        if (!(d.doc_id in docs)) docs[d.doc_id] = doc;
      } catch (e) { console.warn('document', d.doc_id, e); }
    }));
    if (state.selected !== eventId) return; // another marker was clicked meanwhile
    panel.replaceChildren(...eventPanel(detail, docs));
    panel.scrollTop = 0;
    timings.select = performance.now() - t0;
    document.dispatchEvent(new CustomEvent('ew:selected'));
  } catch (e) {
    panel.replaceChildren(el('p', { class: 'error' }, `Cannot show ${eventId}: ${e.message}`));
  }
}

function fmtValue(field, v) {
  if (v === null || v === undefined) return 'no information';
  if (Array.isArray(v)) return v.join(', ') || '—';
  if (typeof v === 'object') {
    if ('start' in v) return (v.start || '?') + (v.end && v.end !== v.start ? ` – ${v.end}` : '') + (v.precision ? ` (${v.precision})` : '');
    if ('name' in v) return v.name || '?';
    return JSON.stringify(v);
  }
  if ((field === 'fatalities' || field === 'injuries') && v === 0) return '0 (none)';
  return String(v);
}

function fmtToll(t) {
  if (t.best === null || t.best === undefined) return t.low === null || t.low === undefined ? 'no information' : `${t.low}–${t.high}`;
  return String(t.best) + (t.low !== null && t.low !== t.high ? ` (${t.low}–${t.high} across sources)` : '');
}

function eventPanel(detail, docs) {
  const e = detail.event;
  const d = e.date, loc = e.location;
  const out = [];
  out.push(el('h2', {}, el('span', { class: 'swatch', style: { background: colour(e.event_type) } }),
    `${e.event_type} / ${e.sub_event_type}`));
  out.push(el('div', { class: 'id' }, e.event_id, detail.requested_id !== e.event_id ? ` (asked for ${detail.requested_id})` : ''));
  out.push(el('dl', {},
    el('dt', {}, 'Date'), el('dd', {}, fmtValue('date', d), d.text ? ` — “${d.text}”` : ''),
    el('dt', {}, 'Place'), el('dd', {}, [loc.name || '?', loc.admin1, loc.country].filter(Boolean).join(', '),
      loc.precision ? ` (${loc.precision})` : '', loc.text && loc.text !== loc.name ? ` — written “${loc.text}”` : ''),
    el('dt', {}, 'Sides'), el('dd', {}, `${e.actor1.name || 'unidentified'} → ${e.actor2.name || 'unidentified'}`),
    el('dt', {}, 'Weapons'), el('dd', {}, e.weapons.join(', ') || '—'),
    el('dt', {}, 'Killed'), el('dd', {}, fmtToll(e.fatalities)),
    el('dt', {}, 'Injured'), el('dd', {}, fmtToll(e.injuries)),
  ));
  if (e.notes) out.push(el('p', { class: 'notes' }, e.notes));

  if (e.contradictions.length) {
    out.push(el('h3', {}, 'Sources disagree'));
    for (const con of e.contradictions) {
      const byValue = new Map();
      for (const i of con.claims) {
        const c = e.claims[i];
        if (!c) continue;
        const key = JSON.stringify(c.value);
        if (!byValue.has(key)) byValue.set(key, []);
        byValue.get(key).push(c);
      }
      out.push(el('div', { class: 'contradiction', 'data-field': con.field },
        el('strong', {}, con.field),
        el('div', { class: 'sides' }, [...byValue.values()].map((claims) => el('div', { class: 'side' },
          el('span', { class: 'value' }, fmtValue(con.field, claims[0].value)),
          claims.map((c) => claimView(c, docs, { showValue: false })))))));
    }
  }

  out.push(el('h3', {}, `Claims (${e.claims.length})`));
  for (const c of e.claims) out.push(claimView(c, docs, { showValue: true }));

  out.push(el('h3', {}, `Reports (${detail.documents.length})`));
  out.push(el('ul', {}, detail.documents.map((doc) => el('li', {},
    el('strong', {}, doc.source || 'publisher unknown'), ` · ${doc.published || 'date unknown'} · `,
    doc.title ? `“${doc.title}” · ` : '', safeLink(doc.url, doc.doc_id)))));

  if (detail.history.length) {
    out.push(el('h3', {}, 'History of the tolls'));
    out.push(el('table', { class: 'history' },
      el('tr', {}, ['field', 'best', 'low', 'high', 'after'].map((h) => el('th', {}, h))),
      detail.history.map((h) => el('tr', {}, el('td', {}, h.field), el('td', {}, h.best ?? '—'),
        el('td', {}, h.low ?? '—'), el('td', {}, h.high ?? '—'),
        el('td', {}, `${h.doc_id || '?'} (${h.source || 'publisher unknown'}, ${h.published || '?'})`)))));
  }
  if (detail.aliases.length) out.push(el('p', { class: 'id' }, `Merged from: ${detail.aliases.join(', ')}`));
  return out;
}

function safeLink(url, label) {
  if (url && /^https?:\/\//i.test(url)) return el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, label);
  return label;
}

function claimView(c, docs, { showValue }) {
  const who = el('span', { class: 'who' }, c.source || 'the publisher');
  const claimant = c.claimant && c.claimant !== c.source ? el('span', { class: 'claimant' }, ` — ${c.claimant}`) : null;
  const head = showValue
    ? el('div', {}, el('span', { class: 'field' }, c.field), ' ', el('span', { class: 'value' }, fmtValue(c.field, c.value)), ' · ', who, claimant)
    : el('div', {}, who, claimant);
  return el('div', { class: 'claim', 'data-field': c.field, 'data-doc': c.doc_id }, head,
    passage(docs[c.doc_id], c), el('div', { class: 'id' }, `${c.doc_id} [${c.span[0]}–${c.span[1]}]`));
}

// The paragraph that holds a claim's span, the span marked; a long paragraph is cut to the
// neighbourhood of the span. For HTML documents the markup is dropped from what is shown.
function passage(doc, claim) {
  if (!doc) return el('blockquote', { class: 'passage' }, claim.quote || '');
  const text = doc.document.text;
  const [s, e] = claim.span;
  if (!(s >= 0 && e <= text.length && s <= e)) return el('blockquote', { class: 'passage' }, claim.quote || '');
  let [a, b] = paragraphOf(doc.paragraphs, s, e);
  const cutLeft = s - a > PASSAGE_PAD, cutRight = b - e > PASSAGE_PAD;
  if (cutLeft) { a = s - PASSAGE_PAD; const sp = text.indexOf(' ', a); if (sp > 0 && sp < s) a = sp + 1; }
  if (cutRight) { b = e + PASSAGE_PAD; const sp = text.lastIndexOf(' ', b); if (sp > e) b = sp; }
  const shown = doc.document.format === 'html' ? (t) => t.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ') : (t) => t;
  return el('blockquote', { class: 'passage' }, cutLeft ? '… ' : '', shown(text.slice(a, s)),
    el('mark', {}, shown(text.slice(s, e))), shown(text.slice(e, b)), cutRight ? ' …' : '');
}

function paragraphOf(paras, s, e) {
  let first = null, last = null;
  for (const p of paras) {
    if (first === null && p[1] > s) first = p;
    if (p[0] < e) last = p;
  }
  if (!first || !last || first[0] > last[1]) return [s, e];
  return [Math.min(first[0], s), Math.max(last[1], e)];
}

// ------------------------------------------------------------------ filters, legend, start
function setupFilters(config) {
  const form = $('#filters');
  const typeSel = form.elements.type, subSel = form.elements.sub_type;
  for (const t of Object.keys(config.event_types)) typeSel.appendChild(el('option', { value: t }, t));
  const fillSubs = () => {
    const keep = subSel.value;
    subSel.replaceChildren(el('option', { value: '' }, 'All sub-types'));
    const types = typeSel.value ? [typeSel.value] : Object.keys(config.event_types);
    for (const t of types) for (const s of config.event_types[t]) subSel.appendChild(el('option', { value: s }, s));
    subSel.value = [...subSel.options].some((o) => o.value === keep) ? keep : '';
  };
  fillSubs();
  typeSel.addEventListener('change', fillSubs);
  if (!config.search) {
    form.elements.q.disabled = true;
    form.elements.q.placeholder = 'Search needs write access once to build its index';
  }
  // filters given in the address (a shared link) fill the form
  const given = new URLSearchParams(location.search);
  for (const name of ['q', 'since', 'until', 'type', 'actor', 'place']) if (given.get(name)) form.elements[name].value = given.get(name);
  fillSubs();
  if (given.get('sub_type')) subSel.value = given.get('sub_type');
  form.elements.contested.checked = given.get('contested') === 'true';
  form.addEventListener('submit', (ev) => { ev.preventDefault(); load({ fit: true }); });
  form.addEventListener('reset', () => setTimeout(() => { fillSubs(); load({ fit: true }); }, 0));
}

function drawLegend() {
  const legend = $('#legend');
  legend.replaceChildren(...Object.entries(TYPE_COLOURS).map(([t, c]) => el('span', {},
    el('span', { class: 'swatch', style: { background: c } }), t)),
  el('span', {}, 'Marker size: fatalities; dashed: no information; red ring: sources disagree'));
}

async function start() {
  try {
    state.config = await getJSON('/api/config');
  } catch (e) {
    showError(e);
    return;
  }
  drawLegend();
  setupFilters(state.config);
  setupBrush();
  await load({ fit: true }); // the events first; the outlines draw under them when they come
  loadBase(state.config);
  let resizeTimer = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { drawTimeline(); paintBrush(); }, 150);
  });
}

start();
