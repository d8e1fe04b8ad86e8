// OneWindow: the evaluation form (好差评) of the phone page /t/{token}, in <section id="after-service">.
//
// Once the ticket's stream says the service is completed, the page asks the evaluator gateway what it knows
// of it (GET /api/v1/evaluations/mine, the phone link as Bearer; 404 until the gateway has heard of the service,
// then asked again). A link the hall no longer knows (the stream says 'unknown': it keeps finished tickets for
// a while only) is asked once, and the page shows the service from the gateway's answer. Then, within the hall's
// evaluation period:
//   - not rated yet: the five levels with their Chinese names; 不满意 and 非常不满意 need at least one reason tag;
//     a comment of at most 150 characters; POST /api/v1/evaluations with a request id kept until answered;
//   - rated already (at the window's pad or here): the rating, and 追加评价 once (a separate, linked record);
//   - after the period: says so.
// A submission whose answer is lost (no network, 503) keeps its request id and its content: 重新提交 sends the
// same request, which the gateway answers as the first and never stores twice. Every error code has its own
// Chinese sentence. The link token travels only in the Authorization header.
import {api, hallInfo} from './api.js';
import {el} from './format.js';

const LEVELS = [[5, '非常满意'], [4, '满意'], [3, '基本满意'], [2, '不满意'], [1, '非常不满意']];
const LEVEL_NAMES = Object.fromEntries(LEVELS);
const REASONS = ['等候时间长', '服务态度差', '办事效率低', '一次告知不清', '需要多次跑动', '其他'];
const MAX_COMMENT = 150;
const CHANNELS = {PAD: '窗口评价器', MOBILE: '手机', QR_CODE: '扫码', PC: '网上', HALL_TERMINAL: '大厅终端',
    PHONE_CALL: '电话', SYSTEM_DEFAULT: '系统默认'};

/** What the citizen reads for each error code of the gateway (and of the way there). */
export const ERRORS = {
    BAD_MESSAGE: '提交的内容有误，请刷新页面后重新评价',
    BAD_RATING: '请选择满意程度',
    REASON_REQUIRED: '选择“不满意”或“非常不满意”时，请至少选择一项原因',
    COMMENT_TOO_LONG: '文字评价不能超过150字',
    UNKNOWN_SERVICE: '未找到本次办件，暂时无法评价',
    WRONG_WINDOW: '本次办件不属于该窗口，无法评价',
    EXPIRED: '评价期已过，本次服务不能再评价',
    ALREADY_EVALUATED: '本次服务已评价过，不能重复评价',
    STORE_UNAVAILABLE: '评价暂未保存成功，请稍后点击“重新提交”',
    NOT_READY: '评价服务正在启动，请稍后点击“重新提交”',
    UNAUTHORIZED: '号票链接无效，无法评价',
    TOO_MANY_REQUESTS: '提交过于频繁，请稍后点击“重新提交”',
    NETWORK: '网络连接失败，请检查网络后点击“重新提交”',
};

/** Errors after which the same request may be sent again: nothing was kept, or the answer was lost. */
const RETRY = new Set(['STORE_UNAVAILABLE', 'NOT_READY', 'TOO_MANY_REQUESTS', 'NETWORK']);

const box = document.getElementById('after-service');
const token = decodeURIComponent(location.pathname.split('/').filter((p) => p)[1] || '');
let started = false;
let service = null;      // the answer of /mine
let pending = null;      // the body sent and not answered, kept for 重新提交
let addOn = false;
let forgotten = false;   // the hall no longer knows the ticket: the card above is filled from the gateway's answer

function requestId() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

function dateTime(iso) {
    // the hall's local time as the gateway wrote it (ISO with the hall's offset): 12月1日 10:20
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso || '');
    return m ? (+m[2]) + '月' + (+m[3]) + '日 ' + m[4] + ':' + m[5] : '';
}

function codePoints(s) {
    return [...s].length;
}

function show(...children) {
    box.className = 'ow-card eval';
    box.replaceChildren(...children.filter((c) => c !== null && c !== undefined));
    box.hidden = false;
}

function serviceLine() {
    const s = service;
    return el('p', {class: 'eval-sub', id: 'eval-service'},
        s.number + ' · ' + s.window + '号窗口' + (s.staff && s.staff.name ? ' · 工作人员 ' + s.staff.name
            + (s.staff.id ? '（工号 ' + s.staff.id + '）' : '') : ''));
}

// ------------------------------------------------------------------ what the gateway knows
async function load(attempt = 0) {
    try {
        service = await api('/api/v1/evaluations/mine', {token});
    } catch (e) {
        if (forgotten && e.code === 'UNKNOWN_SERVICE') {
            return; // no ticket and no service: the page says the link is not valid
        }
        if (e.code === 'UNKNOWN_SERVICE' && attempt < 20 || RETRY.has(e.code) || e.status >= 500) {
            // the gateway hears of the service from the hall's durable events, a moment after the phone
            show(el('h2', {text: '服务评价'}), el('p', {class: 'ow-muted', id: 'eval-wait', text: '正在准备评价，请稍候…'}));
            setTimeout(() => load(attempt + 1), Math.min(5000, 500 * (attempt + 1)));
            return;
        }
        show(el('h2', {text: '服务评价'}),
            el('p', {class: 'ow-error', id: 'eval-error', text: ERRORS[e.code] || e.message}));
        return;
    }
    if (forgotten) {
        showService();
    }
    render();
}

/** The ticket's card and status from the gateway's answer, for a ticket the hall no longer knows. */
function showService() {
    const $ = (id) => document.getElementById(id);
    $('number').textContent = service.number;
    $('state').textContent = '已办结';
    $('state').dataset.state = 'COMPLETED';
    $('status-title').textContent = '办理完成';
    $('status-text').textContent = '办结于 ' + dateTime(service.completedAt);
    hallInfo(service.hall).then((h) => {
        const c = h && h.categories.find((x) => x.code === service.category);
        if (h) {
            $('hall-name').textContent = h.name;
        }
        if (c) {
            $('matter').textContent = c.name;
        }
    });
}

function render() {
    if (service.canRate) {
        addOn = false;
        form();
    } else if (service.rating) {
        rated();
    } else {
        show(el('h2', {text: '服务评价'}), serviceLine(),
            el('p', {class: 'eval-closed', id: 'eval-expired', text: '评价期已过（办结后' + periodText() + '内可评价）'}));
    }
}

function periodText() {
    const from = Date.parse(service.completedAt);
    const until = Date.parse(service.rateUntil);
    const days = Math.round((until - from) / 86400000);
    return days > 0 ? days + '日' : '规定时间';
}

function ratingBlock(r, title, id) {
    return el('div', {class: 'eval-given', id},
        el('div', {class: 'eval-given-title', text: title}),
        el('div', {class: 'eval-given-level', 'data-level': r.rating, text: LEVEL_NAMES[r.rating] || r.level}),
        r.reasons && r.reasons.length
            ? el('div', {class: 'eval-given-reasons', text: '原因：' + r.reasons.join('、')}) : null,
        r.comment ? el('div', {class: 'eval-given-comment', text: r.comment}) : null,
        el('div', {class: 'eval-given-meta ow-muted',
            text: dateTime(r.ratedAt) + ' · ' + (CHANNELS[r.channel] || r.channel)}));
}

function rated(thanks = false) {
    const parts = [];
    if (thanks) {
        parts.push(el('div', {class: 'eval-thanks', id: 'eval-thanks', role: 'status'},
            el('div', {class: 'eval-thanks-title', text: '感谢您的评价！'}),
            el('div', {text: '您的意见是我们改进工作的动力'})));
    } else {
        parts.push(el('h2', {text: '您已评价本次服务'}));
    }
    parts.push(serviceLine(), ratingBlock(service.rating, '评价', 'eval-rated'));
    if (service.addOn) {
        parts.push(ratingBlock(service.addOn, '追加评价', 'eval-added'));
    }
    if (service.canAddOn) {
        parts.push(el('p', {class: 'ow-muted eval-note', text: '如有补充，可追加评价一次（原评价不变，追加评价单独保存）。'}),
            el('button', {type: 'button', class: 'ow-btn ow-secondary ow-block', id: 'eval-addon',
                onclick: () => {
                    addOn = true;
                    form();
                }, text: '追加评价'}));
    }
    show(...parts);
}

// ------------------------------------------------------------------ the form
function form() {
    pending = null;
    let level = 0;
    const reasons = new Set();
    const levels = el('div', {class: 'eval-levels', role: 'radiogroup', 'aria-label': '满意程度'});
    const reasonBox = el('div', {class: 'eval-reasons', id: 'eval-reasons', hidden: true},
        el('div', {class: 'eval-label', text: '请选择不满意的原因（必选，可多选）'}));
    const tags = el('div', {class: 'eval-tags'});
    reasonBox.append(tags);
    const comment = el('textarea', {class: 'ow-input eval-comment', id: 'eval-comment', rows: '3',
        maxlength: String(MAX_COMMENT), placeholder: '其他意见或建议（选填，150字以内）', 'aria-label': '文字评价'});
    const count = el('div', {class: 'eval-count ow-muted', id: 'eval-count', text: '0/' + MAX_COMMENT});
    const error = el('div', {class: 'ow-error', id: 'eval-error', role: 'alert'});
    const submit = el('button', {type: 'submit', class: 'ow-btn ow-block', id: 'eval-submit', text: '提交评价'});
    const fields = el('fieldset', {class: 'eval-fields'}, levels, reasonBox,
        el('label', {class: 'eval-label', for: 'eval-comment', text: '文字评价（选填）'}), comment, count);

    const update = () => {
        for (const b of levels.children) {
            b.setAttribute('aria-checked', String(Number(b.dataset.level) === level));
        }
        reasonBox.hidden = !(level === 1 || level === 2);
        const n = codePoints(comment.value);
        count.textContent = n + '/' + MAX_COMMENT;
        count.classList.toggle('is-over', n > MAX_COMMENT);
    };
    for (const [value, name] of LEVELS) {
        levels.append(el('button', {type: 'button', class: 'eval-level', role: 'radio', 'aria-checked': 'false',
            'data-level': String(value), text: name, onclick: () => {
                level = value;
                error.textContent = '';
                update();
            }}));
    }
    for (const r of REASONS) {
        tags.append(el('button', {type: 'button', class: 'eval-tag', 'aria-pressed': 'false', 'data-tag': r, text: r,
            onclick: (e) => {
                if (reasons.has(r)) {
                    reasons.delete(r);
                } else {
                    reasons.add(r);
                }
                e.currentTarget.setAttribute('aria-pressed', String(reasons.has(r)));
                error.textContent = '';
            }}));
    }
    comment.addEventListener('input', update);

    const formEl = el('form', {class: 'eval-form', id: 'eval-form', autocomplete: 'off'}, fields, error, submit);
    formEl.addEventListener('submit', async (e) => {
        e.preventDefault();
        if (!pending) {
            // checked here first, with the same words as the gateway's answers
            const problem = !level ? 'BAD_RATING'
                : (level <= 2 && reasons.size === 0) ? 'REASON_REQUIRED'
                    : codePoints(comment.value) > MAX_COMMENT ? 'COMMENT_TOO_LONG' : null;
            if (problem) {
                error.textContent = ERRORS[problem];
                return;
            }
            pending = {requestId: requestId(), rating: level, reasons: level <= 2 ? [...reasons] : [],
                comment: comment.value};
        }
        fields.disabled = true;
        submit.disabled = true;
        submit.textContent = '正在提交…';
        error.textContent = '';
        try {
            await api('/api/v1/evaluations', {method: 'POST', body: pending, token});
        } catch (err) {
            submit.disabled = false;
            if (RETRY.has(err.code) || err.status >= 500) {
                // the same request again: stored once whatever happened to the first answer
                submit.textContent = '重新提交';
                error.textContent = ERRORS[err.code] || ERRORS.STORE_UNAVAILABLE;
                return;
            }
            pending = null;
            fields.disabled = false;
            submit.textContent = '提交评价';
            error.textContent = ERRORS[err.code] || ('提交未成功（' + err.code + '）：' + err.message);
            if (err.code === 'ALREADY_EVALUATED' || err.code === 'EXPIRED') {
                setTimeout(() => load(), 2500); // show what the gateway holds now
            }
            return;
        }
        const sent = pending;
        pending = null;
        service = await api('/api/v1/evaluations/mine', {token}).catch(() => null) || Object.assign({}, service, {
            // acknowledged (durable) but not read back: show what was sent
            [addOn ? 'addOn' : 'rating']: Object.assign({channel: 'MOBILE', ratedAt: ''}, sent),
            canRate: false, canAddOn: !addOn});
        rated(true);
    });

    show(el('h2', {text: addOn ? '追加评价' : '请对本次服务作出评价'}), serviceLine(),
        addOn ? el('p', {class: 'ow-muted eval-note', text: '追加评价单独保存，原评价不变。'}) : null,
        el('p', {class: 'ow-muted eval-note', text: '可评价至 ' + dateTime(service.rateUntil)}), formEl);
    update();
}

function start() {
    if (!started && token) {
        started = true;
        load();
    }
}

document.addEventListener('onewindow:ticket', (e) => {
    if (e.detail && e.detail.state === 'COMPLETED') {
        start();
    }
});
document.addEventListener('onewindow:service-completed', start);
document.addEventListener('onewindow:ticket-unknown', () => {
    forgotten = true;
    start();
});
