// OneWindow: the manager's dashboard, /dashboard/{hall}. Needs a manager token, asked once on the device.
//
// Live from the display stream (waiting per matter, window states); the figures that need the clock (waits,
// percentiles, served, the hours) from GET /api/v1/halls/{hall}/dashboard, asked again after changes (at most
// every few seconds) and every 15 s. More sections (evaluations, cases, appointments) go into
// <section id="dashboard-extra">; a module there may listen for 'onewindow:dashboard' (detail: the figures).
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import {api, ApiError, forgetToken, hallInfo, hallOfPath, requireToken} from './api.js';
import {clockTime, el, elapsed, minutesText, useHallZone} from './format.js';
import {HallModel} from './hall-model.js';
import {followHall, showConnection} from './stream.js';

const REFRESH_MILLIS = 15000;
const SOON_MILLIS = 2000;

const hall = hallOfPath();
const model = new HallModel();
const $ = (id) => document.getElementById(id);
let token = null;
let info = null;
let figures = null;
let refreshTimer = null;
let lastRefresh = 0;
const charts = {};

const minutes = (s) => (s === null || s === undefined ? null : Math.round(s / 6) / 10);

const STATE = {OPEN: '开放', PAUSED: '暂停', CLOSED: '关闭'};
const TICKET_STATE = {CALLED: '叫号中', SERVING: '办理中'};

// ------------------------------------------------------------------ figures from the server
async function refresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, REFRESH_MILLIS);
    lastRefresh = Date.now();
    try {
        figures = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/dashboard', {token});
    } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
            forgetToken('manager');
            location.reload();
        }
        return;
    }
    render();
    document.dispatchEvent(new CustomEvent('onewindow:dashboard', {detail: figures}));
}

function refreshSoon() {
    const wait = Math.max(0, lastRefresh + SOON_MILLIS - Date.now());
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, wait);
}

// ------------------------------------------------------------------ rendering
function render() {
    if (!figures) {
        return;
    }
    const cats = Object.entries(figures.metrics.categories);
    const limit = figures.maxWaitMinutes * 60;
    const over = limit > 0 ? cats.filter(([, c]) => c.longestCurrentWaitSeconds > limit) : [];
    $('alert').hidden = over.length === 0;
    $('alert').textContent = over.map(([, c]) => c.name + ' 最长已等候 ' + minutesText(c.longestCurrentWaitSeconds))
        .join('，') + (over.length ? '，超过 ' + figures.maxWaitMinutes + ' 分钟上限：请增开窗口或调配人员' : '');

    const waiting = cats.reduce((n, [code]) => n + model.waiting(code), 0);
    const longest = Math.max(0, ...cats.map(([, c]) => c.longestCurrentWaitSeconds));
    const issued = cats.reduce((n, [, c]) => n + c.issuedToday, 0);
    const served = cats.reduce((n, [, c]) => n + c.today.served, 0);
    const waits = cats.map(([, c]) => c.today.waitTime).filter((w) => w.count > 0);
    const count = waits.reduce((n, w) => n + w.count, 0);
    const mean = count ? waits.reduce((n, w) => n + w.meanSeconds * w.count, 0) / count : null;
    const open = Object.values(model.windows).filter((w) => w.state === 'OPEN').length;
    const tile = (label, value, cls = '') => el('div', {class: 'dash-kpi ' + cls},
        el('div', {class: 'dash-kpi-value ow-digits', text: value}), el('div', {class: 'dash-kpi-label', text: label}));
    $('kpis').replaceChildren(
        tile('当前等候（人）', String(waiting)),
        tile('最长等候', minutesText(longest), over.length ? 'is-alert' : ''),
        tile('今日平均等候', mean === null ? '—' : minutesText(mean)),
        tile('今日取号', String(issued)),
        tile('今日办结', String(served)),
        tile('开放窗口', open + ' / ' + Object.keys(model.windows).length));

    $('matters').tBodies[0].replaceChildren(...cats.map(([code, c]) => el('tr', {'data-category': code,
        class: limit > 0 && c.longestCurrentWaitSeconds > limit ? 'is-alert' : ''},
    el('td', {text: c.name + '（' + code + '）'}),
    el('td', {class: 'num', text: String(model.waiting(code))}),
    el('td', {class: 'num', text: c.longestCurrentWaitSeconds ? minutesText(c.longestCurrentWaitSeconds) : '—'}),
    el('td', {class: 'num', text: pair(c.today.waitTime)}),
    el('td', {class: 'num', text: pair(c.last15Minutes.waitTime)}),
    el('td', {class: 'num', text: String(c.issuedToday)}),
    el('td', {class: 'num', text: String(c.today.served)}))));

    renderWindows();
    renderCharts(cats);
}

function pair(t) {
    return t.count ? minutes(t.p50Seconds) + ' / ' + minutes(t.p90Seconds) + ' 分' : '—';
}

function renderWindows() {
    if (!figures) {
        return;
    }
    const rows = figures.windows.map((f) => {
        const w = model.windows[f.id] || f;
        const since = w.ticketState === 'SERVING' && f.startedAt ? Date.parse(f.startedAt)
            : w.ticketState === 'CALLED' && f.calledAt ? Date.parse(f.calledAt) : w.sinceMillis;
        const util = f.utilization === null ? null : Math.round(f.utilization * 100);
        return el('tr', {'data-window': f.id, class: 'is-' + (w.state || '').toLowerCase()},
            el('td', {text: f.name}),
            el('td', {}, el('span', {class: 'dash-chip is-' + (w.state || '').toLowerCase(),
                text: (STATE[w.state] || w.state) + (TICKET_STATE[w.ticketState] ? ' · ' + TICKET_STATE[w.ticketState]
                    : '')})),
            el('td', {text: w.staff ? w.staff.name + '（' + w.staff.id + '）' : '—'}),
            el('td', {class: 'num ow-digits', text: w.number || '—'}),
            el('td', {class: 'num ow-digits', 'data-since': w.number && since ? String(since) : '',
                text: w.number && since ? elapsed(since) : '—'}),
            el('td', {class: 'num', text: String(f.servedToday)}),
            el('td', {}, util === null ? '—' : el('div', {class: 'dash-bar'},
                el('div', {class: 'dash-bar-fill', 'data-width': String(util)}),
                el('span', {text: util + '%'}))));
    });
    $('windows').tBodies[0].replaceChildren(...rows);
    // widths through the CSSOM: the policy allows no style attributes in markup
    for (const bar of $('windows').querySelectorAll('.dash-bar-fill')) {
        bar.style.width = bar.dataset.width + '%';
    }
}

function tickElapsed() {
    for (const cell of document.querySelectorAll('[data-since]')) {
        if (cell.dataset.since) {
            cell.textContent = elapsed(+cell.dataset.since);
        }
    }
}

// ------------------------------------------------------------------ charts (uPlot, from the jar)
const COLORS = ['#9cc2f0', '#0e4fa8', '#f7c873', '#d97b00'];

/** Bars side by side: series s of group g sits at x = g + offset(s). */
function groupedBars(groups, series, values) {
    const n = series.length;
    const step = 0.8 / n;
    const xs = [];
    const ys = series.map(() => []);
    groups.forEach((g, gi) => {
        series.forEach((s, si) => {
            xs.push(gi + (si - (n - 1) / 2) * step);
            ys.forEach((col, ci) => col.push(ci === si ? values(gi, si) : null));
        });
    });
    return [xs, ...ys];
}

function chart(id, data, series, groups, yLabel, extra = {}) {
    const box = $(id);
    const width = Math.max(320, box.clientWidth);
    const height = 300;
    const opts = Object.assign({
        width, height,
        legend: {show: true},
        cursor: {show: false},
        scales: {x: {time: false, range: [-0.6, groups.length - 0.4]}},
        axes: [
            {splits: () => groups.map((g, i) => i), values: () => groups, stroke: '#15202e', grid: {show: false},
                font: '14px ' + getComputedStyle(document.body).fontFamily},
            {label: yLabel, stroke: '#15202e', grid: {stroke: '#e6ebf2'},
                font: '13px ' + getComputedStyle(document.body).fontFamily},
        ],
        series: [{label: ''}, ...series.map((s, i) => Object.assign({
            label: s, fill: COLORS[i % COLORS.length], stroke: COLORS[i % COLORS.length], width: 0,
            paths: uPlot.paths.bars({size: [0.9, 80]}), points: {show: false},
        }, (extra.series || [])[i] || {}))],
    }, extra.opts || {});
    if (charts[id]) {
        charts[id].destroy();
    }
    charts[id] = new uPlot(opts, data, box);
}

function renderCharts(cats) {
    const names = cats.map(([, c]) => c.name);
    const pick = [
        (c) => c.today.waitTime.p50Seconds, (c) => c.today.waitTime.p90Seconds,
        (c) => c.last15Minutes.waitTime.p50Seconds, (c) => c.last15Minutes.waitTime.p90Seconds,
    ];
    const counts = [(c) => c.today.waitTime.count, (c) => c.today.waitTime.count,
        (c) => c.last15Minutes.waitTime.count, (c) => c.last15Minutes.waitTime.count];
    chart('chart-wait', groupedBars(names, pick, (gi, si) => counts[si](cats[gi][1]) ? minutes(pick[si](cats[gi][1]))
        : 0), ['今日 P50', '今日 P90', '近15分钟 P50', '近15分钟 P90'], names, '分钟');

    const hours = figures.hours;
    const labels = hours.map((h) => h.hour + '时');
    const data = groupedBars(labels, ['issued', 'served'], (gi, si) => si === 0 ? hours[gi].issued
        : hours[gi].served);
    chart('chart-hours', data, ['取号', '办结'], labels, '张', {series: [{fill: '#0e4fa8', stroke: '#0e4fa8'},
        {fill: '#178a4c', stroke: '#178a4c'}]});
}

// ------------------------------------------------------------------ screen settings (notice, spoken calls)
async function loadScreen() {
    const s = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/screen');
    $('notice-input').value = s.notice;
    $('spoken-input').checked = s.spokenCalls;
}

$('screen-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
        await api('/api/v1/halls/' + encodeURIComponent(hall) + '/screen', {method: 'PUT', token,
            body: {notice: $('notice-input').value, spokenCalls: $('spoken-input').checked}});
        $('screen-saved').textContent = '已保存，大屏将在半分钟内更新';
    } catch (err) {
        $('screen-saved').textContent = '保存失败：' + err.message;
    }
});

// ------------------------------------------------------------------ start
async function start() {
    info = await hallInfo(hall);
    useHallZone(info.timezone);
    $('hall-name').textContent = info.name;
    document.title = info.name + ' · 管理看板';
    setInterval(() => {
        $('time').textContent = clockTime();
        tickElapsed();
    }, 1000);
    token = await requireToken({kind: 'manager', roles: ['manager', 'admin'], hall, title: '请输入管理员令牌'});
    loadScreen().catch(() => {});
    followHall(hall, {
        onSnapshot: (s) => {
            model.adopt(s);
            refresh();
        },
        onEvent: (e) => {
            model.apply(e);
            render();
            refreshSoon();
        },
        onResync: (line) => {
            model.adopt(line);
            render();
        },
        onStatus: showConnection,
    });
    window.addEventListener('resize', () => render());
}

start();
