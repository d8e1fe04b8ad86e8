// OneWindow: 好差评 on the manager's dashboard, its own module in #dashboard-extra, from the evaluator gateway
// (mounted on the hall server's router and port: same origin, so the page's CSP 'self' covers it).
//
//   - 满意度: GET /api/v1/halls/{hall}/evaluations/summary (today, 7 or 30 days of the hall's dates): 好评率,
//     主动评价好评率, 未评率, 差评率, 差评整改率, 回访率, overdue cases, counts per level, and the same per window;
//   - 差评整改: GET /api/v1/halls/{hall}/cases: each case of a 差评 with its state, its deadlines (overdue first and
//     marked), and the steps a manager may take now, POST /api/v1/cases/{id}/{action} {"by","note","days",
//     "satisfaction"}: 核实 or 差评无效申请, the decision on an appeal, 整改 or 延期 (with reason and days), 回访 (with
//     the citizen's satisfaction), 结案. Who acts (经办人) is asked once and kept on the device.
// Refreshed with the rest of the dashboard ('onewindow:dashboard'), every 30 s, and after each step, with the
// manager token the dashboard keeps (never in a URL). While the display stream is lost these sections are hidden
// with the dashboard's figures (.ow-live).
import {api, keptToken, hallOfPath} from './api.js';
import {el, hallClock} from './format.js';

const hall = hallOfPath();
const H = encodeURIComponent(hall);
const NAME_KEY = 'onewindow.manager.name';

const LEVELS = [[5, '非常满意'], [4, '满意'], [3, '基本满意'], [2, '不满意'], [1, '非常不满意']];
const LEVEL_NAMES = Object.fromEntries(LEVELS);
const STATES = {OPEN: '待核实', APPEALED: '申诉待审', VERIFIED: '整改中', RECTIFIED: '待回访', CALLED_BACK: '待结案',
    CLOSED: '已结案'};
const STATE_ORDER = {OPEN: 0, APPEALED: 1, VERIFIED: 2, RECTIFIED: 3, CALLED_BACK: 4, CLOSED: 5};
const STEP_NAMES = {verify: '核实', appeal: '差评无效申请', approve: '同意申请', reject: '驳回申请', extend: '延期',
    rectify: '整改完成', callback: '回访', close: '结案'};
/** The steps a manager may take in each state, as the gateway allows them. */
const ACTIONS = {OPEN: ['verify', 'appeal'], APPEALED: ['approve', 'reject'], VERIFIED: ['rectify', 'extend'],
    RECTIFIED: ['callback'], CALLED_BACK: ['close'], CLOSED: []};
const STEP_ERRORS = {
    WRONG_STATE: '案件状态已变化，已刷新，请按当前状态操作',
    MISSING_FIELD: '请填写必填项：差评无效申请和延期需写明原因，延期需填天数（1–30），回访需选择满意度',
    UNKNOWN_CASE: '案件不存在',
    BAD_FIELD: '请填写经办人（64字以内），说明不超过500字',
    STORE_UNAVAILABLE: '保存失败，未做任何更改，请重试',
    UNAUTHORIZED: '管理员令牌无效，请刷新页面重新输入',
    FORBIDDEN: '此令牌无权处理案件',
    NETWORK: '网络连接失败，请重试',
};

const box = document.getElementById('dashboard-extra');
const figuresCard = el('section', {class: 'ow-card dash-card ow-live', id: 'evaluations', hidden: true,
    'aria-labelledby': 't-evaluations'});
const casesCard = el('section', {class: 'ow-card dash-card ow-live', id: 'cases', hidden: true,
    'aria-labelledby': 't-cases'});
box.prepend(figuresCard, casesCard);

let days = 1;
let openForm = null;     // {caseId, action}: the step form shown, kept across refreshes
let asking = false;
let again = null;        // a refresh asked for while one was on its way: 'force' or 'yes'
let last = null;         // the last answers: {summary, byWindow, cases}

const percent = (x) => (x === null || x === undefined ? '—' : (Math.round(x * 1000) / 10) + '%');
const pad = (n) => String(n).padStart(2, '0');

function isoDay(c) {
    return c.year + '-' + pad(c.month) + '-' + pad(c.day);
}

/** from..to of the period chosen, in the hall's dates. */
function range() {
    const now = Date.now();
    return {from: isoDay(hallClock(new Date(now - (days - 1) * 86400000))), to: isoDay(hallClock(new Date(now)))};
}

function shortDate(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso || '');
    return m ? (+m[2]) + '月' + (+m[3]) + '日' + (m[4] ? ' ' + m[4] + ':' + m[5] : '') : '—';
}

// ------------------------------------------------------------------ 满意度
function renderFigures(summary, byWindow) {
    const r = summary.rows[0] || {served: 0, rated: 0, unrated: 0, levels: {5: 0, 4: 0, 3: 0, 2: 0, 1: 0},
        goodRate: null, activeGoodRate: null, unratedRate: null, badRate: null, cases: 0, rectifyRate: null,
        callbackRate: null, overdueCases: 0};
    const tile = (key, label, value, alert = false) => el('div', {class: 'dash-kpi' + (alert ? ' is-alert' : ''),
        'data-figure': key}, el('div', {class: 'dash-kpi-value ow-digits', text: value}),
    el('div', {class: 'dash-kpi-label', text: label}));
    const periods = el('div', {class: 'dash-periods', role: 'group', 'aria-label': '统计期间'});
    for (const [n, name] of [[1, '今日'], [7, '近7日'], [30, '近30日']]) {
        periods.append(el('button', {type: 'button', class: 'ow-btn ow-secondary dash-period', 'data-days': String(n),
            'aria-pressed': String(n === days), text: name, onclick: () => {
                days = n;
                refresh(true);
            }}));
    }
    const levels = el('div', {class: 'dash-levels', id: 'evaluation-levels'});
    const most = Math.max(1, ...LEVELS.map(([l]) => r.levels[l] || 0));
    for (const [l, name] of LEVELS) {
        const n = r.levels[l] || 0;
        const fill = el('div', {class: 'dash-level-fill'});
        fill.style.width = Math.round(100 * n / most) + '%';
        levels.append(el('div', {class: 'dash-level', 'data-level': String(l)},
            el('span', {class: 'dash-level-name', text: name}), el('div', {class: 'dash-level-bar'}, fill),
            el('span', {class: 'dash-level-count ow-digits', text: String(n)})));
    }
    const table = el('table', {class: 'dash-table', id: 'evaluation-windows'},
        el('thead', {}, el('tr', {}, ...['窗口', '办件', '已评', '未评率', '好评率', '差评', '超期案件']
            .map((t) => el('th', {text: t})))));
    const body = el('tbody');
    for (const w of byWindow.rows) {
        body.append(el('tr', {'data-window': w.key, class: w.overdueCases > 0 ? 'is-alert' : null},
            el('td', {text: w.key + '号窗口'}), el('td', {class: 'num', text: String(w.served)}),
            el('td', {class: 'num', text: String(w.rated)}), el('td', {class: 'num', text: percent(w.unratedRate)}),
            el('td', {class: 'num', text: percent(w.goodRate)}),
            el('td', {class: 'num', text: String((w.levels[1] || 0) + (w.levels[2] || 0))}),
            el('td', {class: 'num', text: String(w.overdueCases)})));
    }
    table.append(body);
    figuresCard.replaceChildren(
        el('div', {class: 'dash-card-head'}, el('h2', {id: 't-evaluations', text: '服务评价（好差评）'}), periods),
        el('p', {class: 'ow-muted', id: 'evaluation-counts', text: '办件 ' + r.served + ' · 已评 ' + r.rated
            + ' · 未评 ' + r.unrated + ' · 差评案件 ' + r.cases + '（' + shortDate(summary.from)
            + (summary.from === summary.to ? '' : '至' + shortDate(summary.to)) + '）'}),
        el('div', {class: 'dash-kpis dash-kpis-eval', id: 'evaluation-figures'},
            tile('goodRate', '好评率', percent(r.goodRate)),
            tile('activeGoodRate', '主动评价好评率', percent(r.activeGoodRate)),
            tile('unratedRate', '未评率', percent(r.unratedRate)),
            tile('badRate', '差评率', percent(r.badRate), r.badRate > 0),
            tile('rectifyRate', '差评整改率', percent(r.rectifyRate)),
            tile('callbackRate', '回访率', percent(r.callbackRate)),
            tile('overdueCases', '超期案件', String(r.overdueCases), r.overdueCases > 0)),
        el('div', {class: 'dash-eval-grid'}, levels, byWindow.rows.length ? table
            : el('p', {class: 'ow-muted', text: '本期间没有办结的服务'})));
    figuresCard.hidden = false;
}

// ------------------------------------------------------------------ 差评整改
function renderCases(answer) {
    const cases = answer.cases.slice().sort((a, b) => (b.overdue - a.overdue)
        || (STATE_ORDER[a.state] - STATE_ORDER[b.state]) || a.ratedAt.localeCompare(b.ratedAt));
    const active = cases.filter((c) => c.state !== 'CLOSED').length;
    const table = el('table', {class: 'dash-table dash-cases'},
        el('thead', {}, el('tr', {}, ...['评价时间', '号码 · 窗口 · 工号', '评价', '状态', '期限', '办理']
            .map((t) => el('th', {text: t})))));
    const body = el('tbody');
    for (const c of cases) {
        body.append(caseRow(c));
        if (openForm && openForm.caseId === c.id && ACTIONS[c.state].includes(openForm.action)) {
            body.append(stepForm(c, openForm.action));
        }
    }
    table.append(body);
    casesCard.replaceChildren(
        el('h2', {id: 't-cases', text: '差评整改与回访'}),
        el('p', {class: 'ow-muted', id: 'cases-summary', text: '未结案 ' + active + ' · 超期 ' + answer.overdue
            + ' · 共 ' + cases.length + '（核实1个工作日内，整改15个工作日内）'}),
        cases.length ? el('div', {class: 'dash-scroll'}, table) : el('p', {class: 'ow-muted', text: '暂无差评案件'}));
    casesCard.hidden = false;
}

function caseRow(c) {
    const due = c.state === 'OPEN' || c.state === 'APPEALED' ? '核实 ' + shortDate(c.verifyDue)
        : c.state === 'VERIFIED' ? '整改 ' + shortDate(c.rectifyDue) : '—';
    const last = c.steps.length ? c.steps[c.steps.length - 1] : null;
    const actions = el('div', {class: 'dash-actions'});
    for (const a of ACTIONS[c.state]) {
        actions.append(el('button', {type: 'button', class: 'ow-btn dash-step' + (a === 'appeal' || a === 'extend'
            || a === 'reject' ? ' ow-secondary' : ''), 'data-action': a, text: STEP_NAMES[a], onclick: () => {
            openForm = {caseId: c.id, action: a};
            draw();
            const first = casesCard.querySelector('.dash-step-form input');
            if (first) {
                first.focus();
            }
        }}));
    }
    return el('tr', {'data-case': c.id, 'data-state': c.state, class: c.overdue ? 'is-alert' : null},
        el('td', {text: shortDate(c.ratedAt)}),
        el('td', {text: c.number + ' · ' + c.window + '号窗口 · ' + (c.staffId || '—')}),
        el('td', {class: 'dash-case-rating'},
            el('strong', {text: LEVEL_NAMES[c.rating] || String(c.rating)}),
            el('div', {class: 'dash-case-text', text: [c.reasons.join('、'), c.comment].filter((t) => t).join('：')})),
        el('td', {}, el('span', {class: 'dash-chip dash-case-state', 'data-state': c.state, text: STATES[c.state]}),
            last ? el('div', {class: 'dash-case-text ow-muted', text: STEP_NAMES[last.action] + ' · ' + last.by + ' · '
                + shortDate(last.at)}) : null),
        el('td', {class: 'dash-due'}, due, c.overdue ? el('span', {class: 'dash-overdue', text: '已超期'}) : null),
        el('td', {}, actions));
}

function stepForm(c, action) {
    const by = el('input', {class: 'ow-input', id: 'step-by', maxlength: '64', placeholder: '经办人姓名',
        'aria-label': '经办人', value: localStorage.getItem(NAME_KEY) || ''});
    const needsNote = action === 'appeal' || action === 'extend';
    const note = el('input', {class: 'ow-input', id: 'step-note', maxlength: '500',
        placeholder: needsNote ? (action === 'appeal' ? '差评无效的理由（必填）' : '延期原因（必填）') : '说明（选填）',
        'aria-label': '说明'});
    const extra = [];
    let daysInput = null;
    let satisfaction = 0;
    if (action === 'extend') {
        daysInput = el('input', {class: 'ow-input dash-days', id: 'step-days', type: 'number', min: '1', max: '30',
            value: '5', 'aria-label': '延期工作日'});
        extra.push(el('label', {class: 'dash-field'}, '延期（工作日）', daysInput));
    }
    if (action === 'callback') {
        const group = el('div', {class: 'dash-satisfaction', role: 'radiogroup', 'aria-label': '群众对整改的满意度'});
        for (const [l, name] of LEVELS) {
            group.append(el('button', {type: 'button', class: 'ow-btn ow-secondary', role: 'radio',
                'aria-checked': 'false', 'data-satisfaction': String(l), text: name, onclick: (e) => {
                    satisfaction = l;
                    for (const b of group.children) {
                        b.setAttribute('aria-checked', String(b === e.currentTarget));
                    }
                }}));
        }
        extra.push(el('div', {class: 'dash-field'}, '群众对整改的满意度', group));
    }
    const error = el('div', {class: 'ow-error', id: 'step-error', role: 'alert'});
    const ok = el('button', {type: 'submit', class: 'ow-btn', id: 'step-ok', text: '确定' + STEP_NAMES[action]});
    const cancel = el('button', {type: 'button', class: 'ow-btn ow-secondary', text: '取消', onclick: () => {
        openForm = null;
        draw();
    }});
    const form = el('form', {class: 'dash-step-form', autocomplete: 'off', 'data-step-of': c.id},
        el('div', {class: 'dash-step-title', text: STEP_NAMES[action] + '：' + c.number + '（' + c.window + '号窗口）'}),
        el('div', {class: 'dash-step-fields'}, by, note, ...extra), error,
        el('div', {class: 'dash-actions'}, ok, cancel));
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const who = by.value.trim();
        if (!who) {
            error.textContent = '请填写经办人';
            return;
        }
        if (needsNote && !note.value.trim()) {
            error.textContent = action === 'appeal' ? '请写明差评无效的理由' : '请写明延期原因';
            return;
        }
        if (action === 'callback' && !satisfaction) {
            error.textContent = '请选择群众对整改的满意度';
            return;
        }
        const body = {by: who, note: note.value.trim()};
        if (daysInput) {
            const n = Number(daysInput.value);
            if (!Number.isInteger(n) || n < 1 || n > 30) {
                error.textContent = '延期天数为1–30个工作日';
                return;
            }
            body.days = n;
        }
        if (satisfaction) {
            body.satisfaction = satisfaction;
        }
        localStorage.setItem(NAME_KEY, who);
        ok.disabled = true;
        try {
            await api('/api/v1/cases/' + encodeURIComponent(c.id) + '/' + action,
                {method: 'POST', body, token: keptToken('manager')});
        } catch (err) {
            ok.disabled = false;
            error.textContent = STEP_ERRORS[err.code] || ('操作未成功（' + err.code + '）：' + err.message);
            if (err.code === 'WRONG_STATE') {
                openForm = null;
                setTimeout(() => refresh(true), 1500);
            }
            return;
        }
        openForm = null;
        refresh(true);
    });
    return el('tr', {class: 'dash-step-row'}, el('td', {colspan: '6'}, form));
}

// ------------------------------------------------------------------ refresh
function draw() {
    if (last) {
        renderFigures(last.summary, last.byWindow);
        renderCases(last.cases);
    }
}

/** Asks the gateway again; a step form being filled in is not replaced under the manager's hands unless forced. */
async function refresh(force = false) {
    const token = keptToken('manager');
    if (!token) {
        return;
    }
    if (asking) {
        again = force || again === 'force' ? 'force' : 'yes'; // asked again once the answers on their way are in
        return;
    }
    asking = true;
    try {
        // today by default is the hall's today, as the gateway counts it
        let q = '?by=hall';
        if (days > 1) {
            const {from, to} = range();
            q += '&from=' + from + '&to=' + to;
        }
        const [summary, byWindow, cases] = await Promise.all([
            api('/api/v1/halls/' + H + '/evaluations/summary' + q, {token}),
            api('/api/v1/halls/' + H + '/evaluations/summary' + q.replace('by=hall', 'by=window'), {token}),
            api('/api/v1/halls/' + H + '/cases', {token})]);
        last = {summary, byWindow, cases};
        if (force || !openForm) {
            draw();
        }
    } catch (e) {
        // a replica or a hall server without the gateway: no evaluation sections; the dashboard itself says
        // when the server is out of reach or the token is refused
    } finally {
        asking = false;
        if (again) {
            const forced = again === 'force';
            again = null;
            refresh(forced);
        }
    }
}

document.addEventListener('onewindow:dashboard', () => refresh());
setInterval(() => refresh(), 30_000);
refresh();
