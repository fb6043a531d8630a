// carecast serve: the what-if page. Everything is drawn here with plain DOM and SVG; nothing
// is fetched except this server's own API. The page keeps one "what-if" scenario next to the
// scenarios of the served file; its parameters come from the controls, whose keys, units,
// ranges and starting values come from GET /api/schema (the schema table of the config layer).
"use strict";

const TEXT = {
  nb: {
    title: "carecast: hva om?",
    controls: "Forutsetninger for «hva om»",
    controlsHint: "Stiene fra scenariofila vises som referanse; kontrollene endrer scenarioet «hva om».",
    reset: "Tilbakestill",
    downloadYaml: "Last ned scenario (YAML)",
    downloadCsv: "Last ned tabell (CSV)",
    downloadXlsx: "Last ned tabell (XLSX)",
    chartTotal: "Årsverk i alt etter sti",
    chartShare: "Andel av alle årsverk i økonomien, %",
    byService: "Årsverk etter tjenesteområde, «hva om»",
    byProfession: "Årsverk etter yrke, «hva om»",
    summary: "Sammendrag",
    total: "I alt, alle tjenesteområder",
    share: "Andel av alle årsverk i økonomien, %",
    gap: { nurses: "Gap, sykepleiere: behov − tilbud (årsverk; positivt tall = mangel)",
           health_care_workers: "Gap, helsefagarbeidere: behov − tilbud (årsverk; positivt tall = mangel)" },
    year: "År",
    updated: (ms) => `Oppdatert på ${ms} ms`,
    loading: "Beregner …",
    failed: "Feil i forutsetningene:",
    range: "gyldig",
    anyValue: "alle verdier",
    from: (year) => `fra ${year}`,
    inYear: (year) => `i ${year}`,
    baseline: (v) => `grunnlag ${v} mill. kr/år`,
    levers: "Ekstra investering i utstyr, somatisk spesialisthelsetjeneste",
    leverNote: "Fra 2027 til sluttåret, full effekt etter ett år, ett års forsinkelse; 40,6 medisinsk-tekniske ingeniørårsverk per mrd. kr (ikke for IKT), som i scenarios/equipment-investment.yaml.",
    provenance: (p) => `Motor ${p.engine_version}, git ${p.git_revision}, konfigurasjons-hash ${p.configuration_hash.slice(0, 12)}; ${p.data_vintage}`,
  },
  en: {
    title: "carecast: what if?",
    controls: "Assumptions of the “what-if”",
    controlsHint: "The paths of the scenario file are shown for reference; the controls change the “what-if” scenario.",
    reset: "Reset",
    downloadYaml: "Download scenario (YAML)",
    downloadCsv: "Download table (CSV)",
    downloadXlsx: "Download table (XLSX)",
    chartTotal: "Total årsverk by path",
    chartShare: "Share of all årsverk in the economy, %",
    byService: "Årsverk by service area, “what-if”",
    byProfession: "Årsverk by profession, “what-if”",
    summary: "Summary",
    total: "Total, all service areas",
    share: "Share of all årsverk in the economy, %",
    gap: { nurses: "Gap, nurses: demand − supply (årsverk; positive = shortage)",
           health_care_workers: "Gap, health-care workers: demand − supply (årsverk; positive = shortage)" },
    year: "Year",
    updated: (ms) => `Updated in ${ms} ms`,
    loading: "Computing …",
    failed: "The assumptions are not valid:",
    range: "valid",
    anyValue: "any value",
    from: (year) => `from ${year}`,
    inYear: (year) => `in ${year}`,
    baseline: (v) => `baseline ${v} MNOK/yr`,
    levers: "Extra equipment investment, somatic specialist care",
    leverNote: "From 2027 to the end year, full level after one year, one year's lag; 40.6 medical-technical engineer årsverk per bn NOK (none for ICT), as in scenarios/equipment-investment.yaml.",
    provenance: (p) => `Engine ${p.engine_version}, git ${p.git_revision}, configuration hash ${p.configuration_hash.slice(0, 12)}; ${p.data_vintage}`,
  },
};

// The controls. `key` is a row of the schema table; `kind` says how the control's number
// becomes the value of that key: "number" (the value itself), "constant" (a time path held
// constant), "last" (a time path whose last knot is replaced, earlier knots kept) or "lever"
// (the amount of an equipment-investment lever). `fallback` bounds the slider only where the
// schema has no numeric bound; the server checks the schema's own range either way.
const CONTROLS = [
  { id: "productivity", key: "parameters.productivity_pct", kind: "number", step: 0.1,
    label: { nb: "Produktivitetsvekst", en: "Productivity growth" } },
  { id: "standard", key: "parameters.standard_growth_pct", kind: "number", step: 0.1,
    label: { nb: "Standardvekst", en: "Standard growth" } },
  { id: "elasticity", key: "parameters.healthy_ageing.elasticity", kind: "number", step: 0.05,
    label: { nb: "Friskere eldre (η)", en: "Healthy ageing (η)" } },
  { id: "family", key: "parameters.family_care.arsverk", kind: "constant", step: 1000, fallback: [0, 180000],
    label: { nb: "Familieomsorg", en: "Family care" } },
  { id: "fertility", key: "parameters.demography.total_fertility", kind: "last", step: 0.01,
    label: { nb: "Samlet fruktbarhet", en: "Total fertility" }, when: "from" },
  { id: "le_female", key: "parameters.demography.mortality.life_expectancy.female", kind: "last", step: 0.1,
    label: { nb: "Forventet levealder, kvinner", en: "Life expectancy, women" }, when: "in" },
  { id: "le_male", key: "parameters.demography.mortality.life_expectancy.male", kind: "last", step: 0.1,
    label: { nb: "Forventet levealder, menn", en: "Life expectancy, men" }, when: "in" },
  { id: "migration", key: "parameters.demography.net_migration", kind: "last", step: 1000,
    fallback: [-20000, 60000], label: { nb: "Nettoinnvandring", en: "Net migration" }, when: "from" },
];
const LEVER_SERVICE = "somatic_specialist";
const LEVER_KEY = "parameters.levers.investments.*.amount_mnok";
const CATEGORY_LABELS = {
  imaging: { nb: "Bildediagnostikk", en: "Imaging" },
  laboratory_automation: { nb: "Laboratorieautomasjon", en: "Laboratory automation" },
  remote_monitoring: { nb: "Fjernmonitorering og sensorer", en: "Remote monitoring and sensors" },
  surgical_robotics: { nb: "Kirurgisk robotikk", en: "Surgical robotics" },
  ict: { nb: "IKT", en: "ICT" },
};
// Units of the schema table (English) as shown in bokmål.
const UNITS_NB = { "%/yr": "%/år", share: "andel", "children per woman": "barn per kvinne", years: "år",
                   "persons/yr": "personer/år", "MNOK/yr": "mill. kr/år", "årsverk": "årsverk" };
const unitText = (unit) => (state.lang === "nb" && UNITS_NB[unit] ? UNITS_NB[unit] : unit);
const WHAT_IF = "what-if";
const PATH_COLOURS = ["#8da9c4", "#5c7fa3", "#33557a", "#142d4c", "#6b8f71", "#a3b18a"];
const WHAT_IF_COLOUR = "#d9480f";

const state = {
  lang: "nb", schema: null, scenario: null, controls: [], values: {}, result: null,
  inflight: false, pending: false, inputAt: null, runs: 0,
};
window.carecastTimings = [];

const $ = (id) => document.getElementById(id);
const t = () => TEXT[state.lang];

// ---------- numbers ----------
function fmt(value, decimals = 0) {
  const text = Number(value).toFixed(decimals);
  const [whole, fraction] = text.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, state.lang === "nb" ? "\u00a0" : ",");
  const mark = state.lang === "nb" ? "," : ".";
  return sign + grouped + (fraction ? mark + fraction : "");
}
function decimalsOf(step) { return step >= 1 ? 0 : Math.max(0, Math.ceil(-Math.log10(step) - 1e-9)); }

// ---------- schema → controls ----------
function schemaRow(path) { return state.schema.base.find((row) => row.path === path); }

function lastKnot(value) {
  if (typeof value === "number") return { year: null, value };
  const years = Object.keys(value).map(Number).sort((a, b) => a - b);
  return { year: years[years.length - 1], value: value[String(years[years.length - 1])] };
}

function buildControls() {
  const controls = [];
  for (const spec of CONTROLS) {
    const row = schemaRow(spec.key);
    const start = spec.kind === "number" || spec.kind === "constant" ? row.default : lastKnot(row.default).value;
    controls.push({ ...spec, row, start, year: spec.kind === "last" ? lastKnot(row.default).year : null });
  }
  const leverRow = schemaRow(LEVER_KEY);
  for (const item of state.scenario.equipment) {
    if (item.service !== LEVER_SERVICE) continue;
    controls.push({ id: "lever_" + item.category, key: LEVER_KEY, kind: "lever", category: item.category, step: 50,
                    fallback: [0, 5000], row: leverRow, start: 0, baseline: item.base_investment_nok / 1e6,
                    label: CATEGORY_LABELS[item.category] || { nb: item.category, en: item.category } });
  }
  for (const c of controls) {
    const bound = (b, fallback) => (b && b.value !== undefined ? b.value : fallback);
    c.min = bound(c.row.min, c.fallback ? c.fallback[0] : c.start - 2 * Math.abs(c.start));
    c.max = bound(c.row.max, c.fallback ? c.fallback[1] : c.start + 2 * Math.abs(c.start));
    // Sliders over very wide schema ranges (life expectancy 20-120) get a working window
    // around the reference value; the number box still accepts the whole schema range.
    if (c.kind === "last" && !c.fallback) { c.min = Math.max(c.min, c.start - 10); c.max = Math.min(c.max, c.start + 10); }
    if (!(c.id in state.values)) state.values[c.id] = c.start;
  }
  state.controls = controls;
}

function renderControls() {
  const box = $("controls");
  box.textContent = "";
  let leverHeading = false;
  for (const c of state.controls) {
    if (c.kind === "lever" && !leverHeading) {
      leverHeading = true;
      const h = document.createElement("div");
      h.className = "group-title";
      h.textContent = t().levers;
      box.appendChild(h);
      const note = document.createElement("p");
      note.className = "hint";
      note.textContent = t().leverNote;
      box.appendChild(note);
    }
    const wrap = document.createElement("div");
    wrap.className = "control";
    const when = c.year ? " " + (c.when === "in" ? t().inYear(c.year) : t().from(c.year)) : "";
    const unit = c.row.unit ? " " + unitText(c.row.unit) : "";
    const d = decimalsOf(c.step);
    wrap.innerHTML =
      `<label for="control-${c.id}"><span>${c.label[state.lang]}${when}</span>` +
      `<span class="value" id="value-${c.id}"></span></label>` +
      `<input type="range" id="control-${c.id}" data-key="${c.key}" min="${c.min}" max="${c.max}" step="${c.step}">` +
      `<div class="meta"><span>${t().range} ${c.row.range ? c.row.range + unit : t().anyValue}` +
      (c.kind === "lever" ? "; " + t().baseline(fmt(c.baseline, 0)) : "") + `</span>` +
      `<input type="number" id="number-${c.id}" step="${c.step}" aria-label="${c.label[state.lang]}"></div>`;
    box.appendChild(wrap);
    const range = wrap.querySelector("input[type=range]");
    const number = wrap.querySelector("input[type=number]");
    range.value = state.values[c.id];
    number.value = state.values[c.id];
    const show = () => { $("value-" + c.id).textContent = fmt(state.values[c.id], d) + unit; };
    show();
    range.addEventListener("input", () => {
      state.values[c.id] = Number(range.value);
      number.value = range.value;
      show();
      changed();
    });
    number.addEventListener("change", () => {
      if (number.value === "" || !isFinite(Number(number.value))) return;
      state.values[c.id] = Number(number.value);
      range.value = number.value;
      show();
      changed();
    });
  }
}

// ---------- the scenario the page runs (and downloads) ----------
function setPath(target, dotted, value) {
  const keys = dotted.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] = node[key] || {};
  node[keys[keys.length - 1]] = value;
}

function whatIfParameters() {
  const parameters = {};
  for (const c of state.controls) {
    const v = state.values[c.id];
    const path = c.key.replace(/^parameters\./, "");
    if (c.kind === "number" || c.kind === "constant") setPath(parameters, path, v);
    else if (c.kind === "last") {
      const knots = typeof c.row.default === "number" ? {} : { ...c.row.default };
      knots[String(c.year)] = v;
      setPath(parameters, path, knots);
    } else if (c.kind === "lever" && v > 0) {
      const name = "what_if_" + c.category;
      setPath(parameters, "levers.investments." + name, {
        service: LEVER_SERVICE, category: c.category, amount_mnok: v,
        start_year: 2027, end_year: state.scenario.end_year, ramp_years: 1, lag_years: 1,
        staff_per_bn_nok: c.category === "ict" ? {} : { medical_technical_engineers: 40.6 },
      });
    }
  }
  return parameters;
}

function scenarioObject() {
  const tree = JSON.parse(JSON.stringify(state.scenario.scenario));
  if (!Array.isArray(tree.scenarios)) {
    const stem = state.scenario.file.split("/").pop().replace(/\.ya?ml$/, "");
    tree.scenarios = [{ name: stem, description: tree.description || "" }];
  }
  tree.scenarios.push({ name: WHAT_IF, description: "Made in carecast serve", parameters: whatIfParameters() });
  return tree;
}

// YAML block style for what scenarioObject() holds: maps, lists, numbers and strings.
// Numbers are written with JavaScript's shortest round-trip text, so `carecast run` reads
// back exactly the values the page sent.
function yamlKey(key) { return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(key) ? key : JSON.stringify(key); }
function yamlScalar(v) { return typeof v === "number" ? String(v) : v === null ? "null" : JSON.stringify(String(v)); }
function toYaml(value, indent = "") {
  let out = "";
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item && typeof item === "object" && !Array.isArray(item) && Object.keys(item).length) {
        const body = toYaml(item, indent + "  ");
        out += indent + "- " + body.slice(indent.length + 2);
      } else out += indent + "- " + inlineYaml(item) + "\n";
    }
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (v && typeof v === "object" && Object.keys(v).length) {
      out += indent + yamlKey(key) + ":\n" + toYaml(v, indent + "  ");
    } else out += indent + yamlKey(key) + ": " + inlineYaml(v) + "\n";
  }
  return out;
}
function inlineYaml(v) {
  if (Array.isArray(v)) return "[]";
  if (v && typeof v === "object") return "{}";
  return yamlScalar(v);
}
function scenarioYaml() {
  return "# Made with carecast serve (" + state.scenario.file + " plus the \"" + WHAT_IF + "\" scenario).\n" +
         "# Reproduce the page's figures with:  carecast run THIS-FILE.yaml\n" + toYaml(scenarioObject());
}

// ---------- running ----------
function changed() {
  state.inputAt = performance.now();
  document.body.dataset.state = "busy";  // "ready" once the figures for the last input are drawn
  if (state.inflight) { state.pending = true; return; }
  run();
}

async function run() {
  state.inflight = true;
  state.pending = false;
  const startedAt = state.inputAt;
  $("status").textContent = t().loading;
  try {
    const response = await fetch("/api/run?layout=columns", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(scenarioObject()),
    });
    const body = await response.json();
    if (!response.ok) showErrors(body);
    else {
      state.result = body;
      $("errors").textContent = "";
      draw();
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      const ms = Math.round(performance.now() - startedAt);
      window.carecastTimings.push(ms);
      $("status").textContent = t().updated(ms);
    }
  } catch (error) {
    $("errors").textContent = String(error);
  }
  state.inflight = false;
  state.runs += 1;
  if (state.pending) run();
  else document.body.dataset.state = "ready";
  document.body.dataset.runs = String(state.runs);
}

function showErrors(body) {
  $("status").textContent = "";
  const lines = [t().failed, body.error];
  for (const p of body.problems || []) lines.push(p.message);
  $("errors").textContent = lines.join("\n");
}

// ---------- results → series ----------
function series() {
  const r = state.result;
  const byScenario = new Map(r.scenarios.map((s) => {
    const d = r.series[s.name];
    return [s.name, { total: d.total, share: d.indicators.share_of_all_arsverk, services: d.services, professions: d.professions, gap: d.gap }];
  }));
  return { years: r.years, byScenario };
}

// ---------- charts (SVG) ----------
function niceTicks(lo, hi, count = 5) {
  const span = hi - lo || 1;
  const raw = span / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => span / s <= count) || 10 * power;
  const ticks = [];
  const end = Math.ceil(hi / step - 1e-9) * step;  // the last tick covers the data
  for (let v = Math.floor(lo / step) * step; v <= end + 1e-9 * step; v += step) ticks.push(v);
  return ticks;
}

function esc(text) { return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]); }

function lineChart(lines, years, format) {
  const W = 560, H = 280, L = 62, R = 150, T = 12, B = 28;
  const all = lines.flatMap((l) => l.values);
  const ticks = niceTicks(0, Math.max(...all) * 1.05);
  const top = ticks[ticks.length - 1];
  const x = (i) => L + (i / (years.length - 1)) * (W - L - R);
  const y = (v) => T + (1 - v / top) * (H - T - B);
  let svg = `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img">`;
  svg += '<g class="grid">' + ticks.map((v) => `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}"/>` +
    `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${format(v)}</text>`).join("") + "</g>";
  const yearTicks = years.filter((yr) => yr % 10 === 0 || yr === years[0]);
  svg += yearTicks.map((yr) => `<text x="${x(years.indexOf(yr))}" y="${H - 8}" text-anchor="middle">${yr}</text>`).join("");
  const labels = [];
  for (const l of lines) {
    const points = l.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    svg += `<polyline fill="none" stroke="${l.colour}" stroke-width="${l.strong ? 3 : 1.6}" points="${points}"/>`;
    labels.push({ y: y(l.values[l.values.length - 1]), text: display(l.name), colour: l.colour, strong: l.strong });
  }
  // End labels, pushed apart so they do not overlap.
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) labels[i].y = Math.max(labels[i].y, labels[i - 1].y + 13);
  svg += labels.map((l) => `<text x="${W - R + 6}" y="${l.y + 4}" fill="${l.colour}"${l.strong ? ' font-weight="700"' : ""}>${esc(l.text)}</text>`).join("");
  return svg + "</svg>";
}

function barChart(items, firstYear, lastYear) {
  const W = 560, rowH = 30, L = 190, R = 80, T = 18;
  const H = T + items.length * rowH + 8;
  const top = niceTicks(0, Math.max(...items.map((d) => Math.max(d.first, d.last))) * 1.05).pop();
  const x = (v) => L + (v / top) * (W - L - R);
  let svg = `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img">`;
  svg += `<rect x="${L}" y="2" width="10" height="10" fill="#8da9c4"/><text x="${L + 14}" y="11">${firstYear}</text>`;
  svg += `<rect x="${L + 60}" y="2" width="10" height="10" fill="${WHAT_IF_COLOUR}"/><text x="${L + 74}" y="11">${lastYear}</text>`;
  items.forEach((d, i) => {
    const y0 = T + i * rowH;
    svg += `<text x="${L - 6}" y="${y0 + 16}" text-anchor="end">${esc(d.label.length > 27 ? d.label.slice(0, 26) + "…" : d.label)}</text>`;
    svg += `<rect x="${L}" y="${y0 + 3}" width="${x(d.first) - L}" height="10" fill="#8da9c4"/>`;
    svg += `<rect x="${L}" y="${y0 + 14}" width="${x(d.last) - L}" height="10" fill="${WHAT_IF_COLOUR}"/>`;
    svg += `<text x="${x(d.last) + 4}" y="${y0 + 23}">${fmt(d.last)}</text>`;
  });
  return svg + "</svg>";
}

// ---------- the summary table: the layout of `carecast run`'s summary ----------
function summaryYears(years) {
  const shown = [years[0]];
  for (const y of [2030, 2035, 2040, 2050, 2060]) if (y > years[0] && y <= years[years.length - 1]) shown.push(y);
  return shown;
}

// A scenario's name for people in the page's language (its label; the name when it has none).
function display(name) {
  const s = state.result.scenarios.find((x) => x.name === name);
  if (!s) return name;
  return (state.lang === "nb" ? s.label_nb : s.label_en) || name;
}

function summaryTable(data) {
  const r = state.result;
  const names = r.scenarios.map((s) => s.name);
  const years = summaryYears(data.years);
  const idx = (y) => data.years.indexOf(y);
  const label = (s) => (state.lang === "nb" ? s.label_nb : s.label_en);
  const blocks = [{ title: t().total, id: "total", get: (s) => s.total, decimals: 0, scale: 1 }];
  for (const service of r.service_list)
    blocks.push({ title: label(service), id: service.id, get: (s) => s.services[service.id], decimals: 0, scale: 1 });
  blocks.push({ title: t().share, id: "share", get: (s) => s.share, decimals: 1, scale: 100 });
  // The gap of nurses and health-care workers, as `carecast run` prints it, when every scenario has a supply side.
  for (const id of ["nurses", "health_care_workers"]) {
    if (names.every((n) => data.byScenario.get(n).gap && data.byScenario.get(n).gap[id]))
      blocks.push({ title: t().gap[id], id: "gap_" + id, get: (s) => s.gap[id], decimals: 0, scale: 1 });
  }
  let html = '<table class="summary" id="summary-table"><thead><tr><th>' + t().year + "</th>" +
    names.map((n) => `<th${n === WHAT_IF ? ' class="whatif"' : ""}>${esc(display(n))}</th>`).join("") + "</tr></thead><tbody>";
  for (const b of blocks) {
    html += `<tr class="block"><th colspan="${names.length + 1}">${esc(b.title)}</th></tr>`;
    for (const y of years) {
      html += `<tr><td>${y}</td>` + names.map((n) => {
        const v = b.get(data.byScenario.get(n))[idx(y)] * b.scale;
        return `<td data-block="${b.id}" data-scenario="${esc(n)}" data-year="${y}"${n === WHAT_IF ? ' class="whatif"' : ""}>${fmt(v, b.decimals)}</td>`;
      }).join("") + "</tr>";
    }
  }
  return html + "</tbody></table>";
}

function draw() {
  const data = series();
  const r = state.result;
  const names = r.scenarios.map((s) => s.name);
  const colour = (n, i) => (n === WHAT_IF ? WHAT_IF_COLOUR : PATH_COLOURS[i % PATH_COLOURS.length]);
  const lines = (get) => names.map((n, i) => ({ name: n, values: get(data.byScenario.get(n)), colour: colour(n, i), strong: n === WHAT_IF }));
  $("chart-total").innerHTML = lineChart(lines((s) => s.total), data.years, (v) => fmt(v));
  $("chart-share").innerHTML = lineChart(lines((s) => s.share.map((v) => v * 100)), data.years, (v) => fmt(v, 0));
  const w = data.byScenario.get(WHAT_IF);
  const first = data.years[0], last = data.years[data.years.length - 1], n = data.years.length - 1;
  const label = (s) => (state.lang === "nb" ? s.label_nb : s.label_en);
  $("caption-service").textContent = t().byService + ", " + first + " / " + last;
  $("caption-profession").textContent = t().byProfession + ", " + first + " / " + last;
  $("chart-service").innerHTML = barChart(r.service_list.map((s) => ({ label: label(s), first: w.services[s.id][0], last: w.services[s.id][n] })), first, last);
  $("chart-profession").innerHTML = barChart(r.profession_list.map((p) => ({ label: label(p), first: w.professions[p.id][0], last: w.professions[p.id][n] })), first, last);
  $("summary").innerHTML = summaryTable(data);
  $("provenance").textContent = t().provenance(r.provenance);
}

// ---------- language, downloads, start ----------
function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll("[data-text]")) el.textContent = t()[el.dataset.text];
  for (const b of document.querySelectorAll(".lang button")) b.classList.toggle("active", b.dataset.lang === state.lang);
  document.title = t().title;
  renderControls();
  if (state.result) draw();
}

function save(blob, name) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.appendChild(link);
  link.click();
  setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
}

async function downloadTable(kind) {
  const response = await fetch("/api/table." + kind, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(scenarioObject()),
  });
  if (!response.ok) { showErrors(await response.json()); return; }
  save(await response.blob(), "carecast-what-if." + kind);
}

async function start() {
  const [schema, scenario] = await Promise.all([fetch("/api/schema").then((r) => r.json()), fetch("/api/scenario").then((r) => r.json())]);
  state.schema = schema;
  state.scenario = scenario;
  const asked = new URLSearchParams(location.search).get("lang");
  state.lang = asked === "en" || asked === "nb" ? asked : scenario.language;
  $("file").textContent = scenario.file;
  buildControls();
  applyLanguage();
  for (const b of document.querySelectorAll(".lang button")) b.addEventListener("click", () => { state.lang = b.dataset.lang; applyLanguage(); });
  $("reset").addEventListener("click", () => { for (const c of state.controls) state.values[c.id] = c.start; renderControls(); changed(); });
  $("download-yaml").addEventListener("click", () => save(new Blob([scenarioYaml()], { type: "application/yaml" }), "carecast-what-if.yaml"));
  $("download-csv").addEventListener("click", () => downloadTable("csv"));
  $("download-xlsx").addEventListener("click", () => downloadTable("xlsx"));
  changed();
}

// For scripts and the browser test: the scenario as run, and the last API answer.
window.carecast = { scenarioYaml, scenarioObject, result: () => state.result };
start();
