// OneWindow: the evaluator pad of one window (评价器), /pad/{hall}/windows/{w}.
//
//   - the pad token is asked once on the device (requireToken: checked with GET /api/v1/me, kept in
//     localStorage["onewindow.token.pad"], a token of this window only) and never put in a URL: the pad's
//     WebSocket carries it as a second subprotocol ("onewindow.pad", "bearer.<token>"), which the server reads
//     before the upgrade and does not echo;
//   - the pad follows /ws/v1/halls/{hall}/windows/{w}/pad; the gateway pushes an EvaluationRequest when a service
//     of this window completes, and again to a pad that reconnects while it is pending;
//   - idle, the staff card shows who is signed in at the window (from the hall's /queue, masked name); a request
//     shows who served;
//   - the citizen taps one of the five levels; 不满意 and 非常不满意 need a reason tag first; the rating is sent with a
//     request id kept until it is answered, so a retry after a drop can never rate twice;
//   - "Ack" (durable) shows the thanks, then the idle screen; the request's expiresAt ends it unrated;
//   - while the connection is lost, 正在重新连接 covers the pad (showConnection): no request is shown that could
//     not be sent.
import {forgetToken, hallOfPath, halls, requireToken, whoIs} from './api.js';
import {showConnection} from './stream.js';

const hall = hallOfPath();
const windowId = hallOfPath(3);
const H = encodeURIComponent(hall);
const W = encodeURIComponent(windowId);
const $ = (id) => document.getElementById(id);
const RETRY_MILLIS = [500, 1000, 2000, 3000, 5000];
const STAFF_MILLIS = 30000;
const THANKS_MILLIS = 4000;

/** What the citizen reads for the gateway's error codes; after the ones in LEAVE the pad goes back to idle. */
const ERRORS = {
    BAD_MESSAGE: '评价未能提交，请重新选择',
    BAD_RATING: '请选择满意程度',
    REASON_REQUIRED: '请至少选择一项不满意的原因',
    COMMENT_TOO_LONG: '意见不能超过150字',
    UNKNOWN_SERVICE: '未找到本次办件，无法评价',
    WRONG_WINDOW: '本次办件不属于本窗口，无法评价',
    EXPIRED: '评价时间已过，本次服务未评价',
    ALREADY_EVALUATED: '本次服务已评价，谢谢',
};
const LEAVE = new Set(['UNKNOWN_SERVICE', 'WRONG_WINDOW', 'EXPIRED', 'ALREADY_EVALUATED']);

let token = null;
let ws = null;
let attempt = 0;
let neverOpened = 0;
let current = null;      // the EvaluationRequest shown
let pending = null;      // the Evaluation sent and not answered yet
let level = 0;
let expiryTimer = 0;
let leaveTimer = 0;
let signedIn = null;     // the staff signed in at the window, from /queue

function show(panel) {
    for (const id of ['idle', 'rate', 'thanks']) {
        $(id).hidden = id !== panel;
    }
}

function staffCard(staff) {
    $('staff-name').textContent = staff && staff.name ? staff.name : '暂无工作人员';
    $('staff-id').textContent = staff && staff.id ? staff.id : '—';
}

function idle() {
    current = null;
    pending = null;
    clearTimeout(expiryTimer);
    clearTimeout(leaveTimer);
    staffCard(signedIn);
    show('idle');
}

// ------------------------------------------------------------------ the connection
function socketUrl() {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/v1/halls/' + H + '/windows/'
        + W + '/pad';
}

function connect() {
    let socket;
    try {
        socket = new WebSocket(socketUrl(), ['onewindow.pad', 'bearer.' + token]);
    } catch (e) {
        // a token with characters a subprotocol cannot carry (tokens made by OneWindow never have them)
        socket = new WebSocket(socketUrl() + '?token=' + encodeURIComponent(token));
    }
    ws = socket;
    let opened = false;
    socket.onopen = () => {
        opened = true;
        attempt = 0;
        neverOpened = 0;
        showConnection('live');
        if (!current) {
            idle();
        }
        if (pending) {
            socket.send(JSON.stringify(pending)); // the same request id: answered as the first, never twice
        }
    };
    socket.onmessage = (m) => receive(JSON.parse(m.data));
    socket.onclose = () => {
        if (socket !== ws) {
            return;
        }
        showConnection('reconnecting');
        if (!opened && ++neverOpened >= 3) {
            checkToken();
        }
        const base = RETRY_MILLIS[Math.min(attempt++, RETRY_MILLIS.length - 1)];
        setTimeout(connect, base + Math.floor(Math.random() * base * 0.3));
    };
    socket.onerror = () => socket.close();
}

/** Refused before the upgrade three times: a token no longer valid is forgotten and asked for again. */
async function checkToken() {
    neverOpened = 0;
    try {
        const me = await whoIs(token);
        if (me.role === 'pad' && me.window === windowId && (!me.hall || me.hall === hall)) {
            return; // the token is good: the network or the server is away, keep trying
        }
    } catch (e) {
        if (e.status !== 401) {
            return;
        }
    }
    forgetToken('pad');
    location.reload();
}

// ------------------------------------------------------------------ the conversation
function receive(m) {
    if (m.type === 'EvaluationRequest') {
        if (pending && pending.serviceId === m.serviceId) {
            current = m; // sent again to a pad that came back while its rating was on the way: wait for the answer
            return;
        }
        current = m;
        pending = null;
        level = 0;
        clearTimeout(leaveTimer);
        staffCard(m.staff);
        $('number').textContent = m.number;
        $('reasons').hidden = true;
        $('error').hidden = true;
        $('comment').value = '';
        for (const b of document.querySelectorAll('.pad-level')) {
            b.classList.remove('chosen');
        }
        for (const b of document.querySelectorAll('.pad-tag')) {
            b.setAttribute('aria-pressed', 'false');
        }
        updateSubmit();
        show('rate');
        clearTimeout(expiryTimer);
        const left = Date.parse(m.expiresAt) - Date.now();
        if (left < 2 ** 31 - 1) { // a longer delay would overflow the timer and fire at once
            expiryTimer = setTimeout(idle, Math.max(0, left));
        }
    } else if (m.type === 'Ack' && pending && m.requestId === pending.requestId) {
        pending = null;
        current = null;
        clearTimeout(expiryTimer);
        show('thanks');
        setTimeout(() => {
            if (!current) {
                idle();
            }
        }, THANKS_MILLIS);
        loadStaff();
    } else if (m.type === 'Error' && pending && m.requestId === pending.requestId) {
        if (m.code === 'STORE_UNAVAILABLE' || m.code === 'TOO_MANY_REQUESTS') {
            // nothing was kept (the store failed, or the gateway had too many ratings at once): the same request
            // again in a moment
            setTimeout(() => {
                if (pending && ws && ws.readyState === WebSocket.OPEN) {
                    ws.send(JSON.stringify(pending));
                }
            }, 1000);
            return;
        }
        pending = null;
        $('error').textContent = ERRORS[m.code] || '评价未能提交（' + m.code + '），请重试';
        $('error').hidden = false;
        if (LEAVE.has(m.code)) {
            current = null;
            clearTimeout(expiryTimer);
            leaveTimer = setTimeout(idle, THANKS_MILLIS);
        }
    }
}

function send() {
    if (!current || pending) {
        return;
    }
    const reasons = level <= 2 ? [...document.querySelectorAll('.pad-tag[aria-pressed="true"]')]
        .map((b) => b.dataset.tag) : [];
    pending = {type: 'Evaluation', requestId: requestId(), serviceId: current.serviceId, rating: level, reasons,
        comment: level <= 2 ? $('comment').value : ''};
    $('error').hidden = true;
    if (ws && ws.readyState === WebSocket.OPEN) {
        ws.send(JSON.stringify(pending));
    }
}

function requestId() {
    if (crypto.randomUUID) {
        return crypto.randomUUID();
    }
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

function updateSubmit() {
    $('submit').disabled = document.querySelectorAll('.pad-tag[aria-pressed="true"]').length === 0;
}

// ------------------------------------------------------------------ who is at the window
async function loadStaff() {
    try {
        const res = await fetch('/api/v1/halls/' + H + '/queue', {cache: 'no-store'});
        if (res.ok) {
            const w = ((await res.json()).windows || {})[windowId];
            signedIn = w && w.state !== 'CLOSED' ? w.staff || null : null;
            if (w && w.name) {
                $('window-name').textContent = w.name;
            }
            if (!current) {
                staffCard(signedIn);
            }
        }
    } catch (e) {
        // the gateway on its own port has no /queue: the card shows who served, with each request
    }
}

async function start() {
    $('window-name').textContent = windowId + '号窗口';
    $('window-title').textContent = windowId + '号窗口 · 评价器';
    for (const b of document.querySelectorAll('.pad-level')) {
        b.addEventListener('click', () => {
            if (pending) {
                return;
            }
            level = Number(b.dataset.level);
            for (const o of document.querySelectorAll('.pad-level')) {
                o.classList.toggle('chosen', o === b);
            }
            if (level <= 2) {
                $('reasons').hidden = false;
                updateSubmit();
            } else {
                $('reasons').hidden = true;
                send();
            }
        });
    }
    for (const t of document.querySelectorAll('.pad-tag')) {
        t.addEventListener('click', () => {
            t.setAttribute('aria-pressed', t.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
            updateSubmit();
        });
    }
    $('submit').addEventListener('click', send);
    token = await requireToken({kind: 'pad', roles: ['pad'], hall, window: windowId, title: '请输入本窗口评价器令牌'});
    halls().then((all) => {
        const h = all.find((x) => x.id === hall);
        if (h) {
            $('hall-name').textContent = h.name;
            document.title = windowId + '号窗口评价器 · ' + h.name;
        }
    }).catch(() => {});
    loadStaff();
    setInterval(loadStaff, STAFF_MILLIS);
    showConnection('connecting');
    connect();
}

start();
