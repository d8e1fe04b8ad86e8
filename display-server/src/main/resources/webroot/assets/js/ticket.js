// OneWindow: the phone page of one ticket, /t/{token} (the link the kiosk prints as a QR code).
//
// Hooks for other modules: every message of the ticket's stream is dispatched on document as
// 'onewindow:ticket' (detail: the message, plus hall, ticketId and token); a completed service as
// 'onewindow:service-completed' (detail: {hall, ticketId, token, number, window, windowId}); a link the hall no
// longer knows as 'onewindow:ticket-unknown' (detail: {token}). The evaluation
// form goes into <section id="after-service">, which this page leaves empty.
import {api, hallInfo} from './api.js';
import {waitEstimate} from './format.js';
import {followTicket, showConnection} from './stream.js';

const $ = (id) => document.getElementById(id);
const token = decodeURIComponent(location.pathname.split('/').filter((p) => p)[1] || '');

const STATE_NAMES = {WAITING: '排队中', CALLED: '正在叫号', SERVING: '正在办理', COMPLETED: '已办结',
    NO_SHOW: '已过号', CANCELLED: '已取消', EXPIRED: '已过期'};

const ticket = {hall: null, ticketId: null, number: null, category: null, state: null, position: 0,
    window: null, windowId: null};
let categoryNames = {};
let calledSeq = -1;

function showState() {
    const s = ticket.state;
    $('number').textContent = ticket.number || '—';
    $('matter').textContent = categoryNames[ticket.category] || '';
    $('state').textContent = STATE_NAMES[s] || '';
    $('state').dataset.state = s || '';
    $('progress').hidden = s !== 'WAITING';
    $('actions').hidden = s !== 'WAITING';
    if (s !== 'WAITING') {
        $('almost').hidden = true;
    }
    const status = {
        CALLED: ['请到 ' + ticket.window + ' 办理', '工作人员正在等候您，请尽快前往'],
        SERVING: ['正在 ' + ticket.window + ' 办理', '请配合工作人员办理业务'],
        COMPLETED: ['办理完成', '感谢您的耐心等待，欢迎对本次服务作出评价'],
        NO_SHOW: ['已过号', '多次叫号未到，请到导服台申请重新排队'],
        CANCELLED: ['已取消排队', '需要办理时请重新取号'],
        EXPIRED: ['号票已过期', '当天未叫到的号票在闭厅后失效，请改日重新取号'],
    }[s];
    $('status').hidden = !status;
    if (status) {
        $('status-title').textContent = status[0];
        $('status-text').textContent = status[1];
    }
    document.body.dataset.state = s || '';
}

function showPosition(position, message) {
    ticket.position = position;
    $('ahead').textContent = String(Math.max(0, position - 1));
    const eta = waitEstimate(message);
    $('eta').textContent = position <= 1 ? '下一位就是您，请留意叫号' : eta ? '预计等候' + eta : '';
}

function showCalled(m) {
    $('called-number').textContent = m.number;
    $('called-window').textContent = m.window;
    $('called').hidden = false;
    vibrate([400, 150, 400, 150, 400]);
}

/** Vibrates where the phone allows: browsers let a page vibrate only once a person has touched it. */
function vibrate(pattern) {
    const touched = !navigator.userActivation || navigator.userActivation.hasBeenActive;
    if (navigator.vibrate && touched) {
        navigator.vibrate(pattern);
    }
}

function emit(name, detail) {
    document.dispatchEvent(new CustomEvent(name, {detail}));
}

function onMessage(m) {
    switch (m.type) {
        case 'Ticket':
            Object.assign(ticket, {hall: m.hall, ticketId: m.ticketId, number: m.number, category: m.category,
                state: m.state, window: m.window, windowId: m.windowId});
            if (m.state === 'WAITING') {
                showPosition(m.position, m);
            }
            if (!Object.keys(categoryNames).length && m.hall) {
                hallInfo(m.hall).then((h) => {
                    if (h) {
                        categoryNames = Object.fromEntries(h.categories.map((c) => [c.code, c.name]));
                        $('hall-name').textContent = h.name;
                        document.title = ticket.number + ' · ' + h.name;
                        showState();
                    }
                });
            }
            break;
        case 'Position':
            showPosition(m.position, m);
            break;
        case 'AlmostYourTurn':
            $('almost-text').textContent = '您前面还有 ' + Math.max(0, m.position - 1) + ' 人，请到等候区留意叫号。';
            $('almost').hidden = false;
            vibrate(200);
            break;
        case 'Called':
            Object.assign(ticket, {state: 'CALLED', window: m.window, windowId: m.windowId});
            if (m.seq > calledSeq) {
                calledSeq = m.seq;
                showCalled(m);
            }
            break;
        case 'State':
            Object.assign(ticket, {state: m.state, category: m.category || ticket.category});
            if (m.window) {
                Object.assign(ticket, {window: m.window, windowId: m.windowId});
            }
            if (m.state !== 'CALLED') {
                $('called').hidden = true;
            }
            if (m.state === 'COMPLETED') {
                emit('onewindow:service-completed', {hall: ticket.hall, ticketId: ticket.ticketId, token,
                    number: ticket.number, window: ticket.window, windowId: ticket.windowId});
            }
            break;
        default:
            break;
    }
    showState();
    if (ticket.state === 'CALLED' && m.type === 'Ticket' && m.seq > calledSeq) {
        // opened (or reconnected) while called: the notice shows at once
        calledSeq = m.seq;
        showCalled({number: ticket.number, window: ticket.window});
    }
    emit('onewindow:ticket', Object.assign({}, m, {hall: ticket.hall, ticketId: ticket.ticketId, token}));
}

$('called-ok').addEventListener('click', () => {
    $('called').hidden = true;
});
$('cancel').addEventListener('click', () => {
    $('confirm').hidden = false;
});
$('confirm-no').addEventListener('click', () => {
    $('confirm').hidden = true;
});
$('confirm-yes').addEventListener('click', async () => {
    $('confirm').hidden = true;
    $('error').textContent = '';
    try {
        // the phone link is the ticket's own capability: sent as Bearer, never in the URL
        await api('/api/v1/halls/' + encodeURIComponent(ticket.hall) + '/tickets/' + ticket.ticketId,
            {method: 'DELETE', token});
    } catch (e) {
        $('error').textContent = e.code === 'WRONG_STATE' ? '号票已不在排队中，无法取消' : '取消失败：' + e.message;
    }
});

showConnection('connecting');
followTicket(token, {
    onMessage,
    onStatus: (s) => {
        if (s === 'unknown') {
            $('status').hidden = false;
            $('status-title').textContent = '号票链接无效';
            $('status-text').textContent = '该号票不存在或已过期';
            // the hall keeps finished tickets for a while only; the service's evaluation may still be open
            emit('onewindow:ticket-unknown', {token});
        }
        showConnection(s === 'ended' || s === 'unknown' ? 'live' : s);
    },
});
