// OneWindow: the kiosk (自助取号), /kiosk/{hall}. Needs a kiosk (or guide) token, asked once on the device.
import {api, ApiError, forgetToken, hallInfo, hallOfPath, requireToken} from './api.js';
import {clockTime, el, useHallZone, waitEstimate} from './format.js';
import {HallModel} from './hall-model.js';
import {followHall, showConnection} from './stream.js';

/** Seconds the ticket stays on screen before the kiosk is ready for the next person. */
const SHOW_SECONDS = 20;
const ID_LENGTH = 18;

const hall = hallOfPath();
const model = new HallModel();
const $ = (id) => document.getElementById(id);
let info = null;
let token = null;
let idNumber = '';
let countdown = null;
let busy = false;

const REFUSALS = {
    DUPLICATE_TICKET: '您已有一张该事项的等候号，请留意叫号',
    DAILY_CAP_REACHED: '该事项今日号源已取完，请改日办理或网上预约',
    OUTSIDE_ISSUE_HOURS: '当前不在该事项的取号时间',
    BAD_ID_NUMBER: '身份证号码有误，请核对后重新输入',
    UNKNOWN_CATEGORY: '该事项暂不办理',
    TOO_MANY_REQUESTS: '取号人数较多，请稍后再试',
    NOT_READY: '系统正在启动，请稍后再试',
    NETWORK: '网络连接中断，请稍后再试或联系导服台',
};

function showError(text) {
    const box = $('error');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => {
        box.hidden = true;
    }, 6000);
}

function renderMatters() {
    const shown = $('matters').querySelectorAll('.kiosk-matter');
    if (shown.length === info.categories.length) {
        // update in place: a button is never replaced under a finger
        shown.forEach((b) => {
            b.querySelector('.km-waiting').textContent = '等候 ' + model.waiting(b.dataset.category) + ' 人';
        });
        return;
    }
    const buttons = info.categories.map((c) => el('button', {type: 'button', class: 'kiosk-matter',
        'data-category': c.code, onclick: () => take(c)},
    el('span', {class: 'km-name', text: c.name}),
    el('span', {class: 'km-code', text: c.code + ' 类事项'}),
    el('span', {class: 'km-waiting', text: '等候 ' + model.waiting(c.code) + ' 人'})));
    $('matters').replaceChildren(...buttons);
}

function renderId() {
    $('id-value').textContent = idNumber.replace(/(.{6})(.{8})?(.*)/, (m, a, b, c) => [a, b, c].filter((x) => x)
        .join(' '));
}

function buildKeypad() {
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0', '删除'];
    $('keypad').replaceChildren(...keys.map((k) => el('button', {type: 'button', 'data-key': k, text: k,
        onclick: () => {
            if (k === '删除') {
                idNumber = idNumber.slice(0, -1);
            } else if (idNumber.length < ID_LENGTH) {
                idNumber += k;
            }
            renderId();
        }})));
}

async function take(category) {
    if (busy) {
        return;
    }
    if (idNumber && idNumber.length !== ID_LENGTH) {
        showError('身份证号码应为18位，请核对');
        return;
    }
    busy = true;
    try {
        const body = {category: category.code};
        if (idNumber) {
            body.idNumber = idNumber;
        }
        const ticket = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/tickets',
            {method: 'POST', body, token});
        await showTicket(ticket, category);
    } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
            forgetToken('kiosk');
            location.reload();
            return;
        }
        showError(REFUSALS[e.code] || ('取号失败：' + e.message));
    } finally {
        busy = false;
    }
}

async function showTicket(ticket, category) {
    $('issued-number').textContent = ticket.number;
    $('issued-matter').textContent = category.name;
    $('issued-green').hidden = ticket.priority !== 'GREEN';
    $('issued-ahead').textContent = String(Math.max(0, ticket.position - 1));
    $('issued-eta').textContent = waitEstimate(ticket) || '—';
    $('qr').replaceChildren();
    $('choose').hidden = true;
    $('issued').hidden = false;
    $('issued').dataset.ticket = ticket.number;
    idNumber = '';
    renderId();
    $('id-entry').hidden = true;
    let left = SHOW_SECONDS;
    $('countdown').textContent = String(left);
    clearInterval(countdown);
    countdown = setInterval(() => {
        left--;
        $('countdown').textContent = String(left);
        if (left <= 0) {
            backToStart();
        }
    }, 1000);
    try {
        // the phone link is given once, in this answer: it asks for its own QR code (the hall keeps only a digest)
        const link = ticket.trackUrl.substring(ticket.trackUrl.lastIndexOf('/') + 1);
        const res = await fetch('/api/v1/halls/' + encodeURIComponent(hall) + '/tickets/' + ticket.id + '/qr.svg',
            {headers: {'Authorization': 'Bearer ' + link}, cache: 'no-store'});
        if (res.ok) {
            const svg = new DOMParser().parseFromString(await res.text(), 'image/svg+xml').documentElement;
            $('qr').replaceChildren(document.importNode(svg, true));
        }
    } catch (e) {
        // the number is what matters; the code is a convenience
    }
}

function backToStart() {
    clearInterval(countdown);
    $('issued').hidden = true;
    $('choose').hidden = false;
}

$('done').addEventListener('click', backToStart);
$('id-toggle').addEventListener('click', () => {
    $('id-entry').hidden = !$('id-entry').hidden;
});

async function start() {
    setInterval(() => {
        $('time').textContent = clockTime(new Date(), false);
    }, 1000);
    info = await hallInfo(hall);
    useHallZone(info.timezone);
    $('time').textContent = clockTime(new Date(), false);
    $('hall-name').textContent = info.name;
    token = await requireToken({kind: 'kiosk', roles: ['kiosk', 'guide'], hall, title: '请输入取号机令牌'});
    buildKeypad();
    renderMatters();
    followHall(hall, {
        onSnapshot: (s) => {
            model.adopt(s);
            renderMatters();
        },
        onEvent: (e) => {
            model.apply(e);
            if (e.type === 'TicketIssued' || e.type === 'TicketCalled' || e.type === 'TicketCancelled'
                || e.type === 'DayClosed' || e.type === 'TicketReinstated' || e.type === 'TicketTransferred') {
                renderMatters();
            }
        },
        onResync: (line) => {
            model.adopt(line);
            renderMatters();
        },
        onStatus: showConnection,
    });
}

start();
