// The evaluator pad of one window: /pad/{hall}/windows/{w}.
//   - the pad token is asked once (or given once as ?token=, then dropped from the address) and kept on the device
//     in localStorage under "onewindow.token.pad";
//   - the pad connects to /ws/v1/halls/{hall}/windows/{w}/pad and waits; the gateway pushes an EvaluationRequest
//     when a service of this window completes (and again to a pad that reconnects while it is pending);
//   - the citizen taps one of the five levels; 不满意 and 非常不满意 need a reason tag first; the rating is sent with
//     a request id kept until it is answered, so a retry after a drop can never rate twice;
//   - "Ack" shows the thanks, then the idle screen; the request's expiresAt also ends it (unrated);
//   - while the connection is down the pad says 正在重新连接 and shows no request it cannot send.
const KEY = 'onewindow.token.pad';
const [, , hall, , windowId] = location.pathname.split('/');
const $ = (id) => document.getElementById(id);

let ws = null;
let current = null;      // the EvaluationRequest shown
let pending = null;      // the Evaluation sent and not answered yet
let level = 0;
let expiryTimer = 0;
let backoff = 500;

function token() {
    const given = new URLSearchParams(location.search).get('token');
    if (given) {
        localStorage.setItem(KEY, given);
        history.replaceState(null, '', location.pathname);
    }
    return localStorage.getItem(KEY);
}

function show(panel) {
    for (const id of ['idle', 'rate', 'thanks', 'token']) {
        $(id).hidden = id !== panel;
    }
}

function idle() {
    current = null;
    pending = null;
    clearTimeout(expiryTimer);
    show('idle');
}

function askToken() {
    show('token');
    $('token-save').onclick = () => {
        localStorage.setItem(KEY, $('token-input').value.trim());
        connect();
    };
}

function connect() {
    const t = token();
    if (!t) {
        askToken();
        return;
    }
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${proto}//${location.host}/ws/v1/halls/${encodeURIComponent(hall)}/windows/`
        + `${encodeURIComponent(windowId)}/pad?token=${encodeURIComponent(t)}`);
    ws.onopen = () => {
        backoff = 500;
        $('banner').hidden = true;
        if (!current) {
            show('idle');
        }
        if (pending) {
            ws.send(JSON.stringify(pending)); // the same request id: answered as the first, never twice
        }
    };
    ws.onmessage = (m) => receive(JSON.parse(m.data));
    ws.onclose = () => {
        $('banner').hidden = false;
        setTimeout(connect, backoff);
        backoff = Math.min(backoff * 2, 8000);
    };
}

function receive(m) {
    if (m.type === 'EvaluationRequest') {
        current = m;
        level = 0;
        $('staff-name').textContent = m.staff.name;
        $('staff-id').textContent = m.staff.id;
        $('window-name').textContent = `${m.window}号窗口`;
        $('number').textContent = m.number;
        $('reasons').hidden = true;
        $('error').hidden = true;
        $('comment').value = '';
        for (const b of document.querySelectorAll('.level')) {
            b.classList.remove('chosen');
        }
        for (const b of document.querySelectorAll('.tag')) {
            b.setAttribute('aria-pressed', 'false');
        }
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
        setTimeout(() => { if (!current) { idle(); } }, 4000);
    } else if (m.type === 'Error' && pending && m.requestId === pending.requestId) {
        if (m.code === 'STORE_UNAVAILABLE') {
            setTimeout(() => { if (pending && ws.readyState === 1) { ws.send(JSON.stringify(pending)); } }, 1000);
            return;
        }
        pending = null;
        if (m.code === 'ALREADY_EVALUATED' || m.code === 'EXPIRED') {
            idle();
            return;
        }
        $('error').textContent = `提交未成功（${m.code}），请重试`;
        $('error').hidden = false;
    }
}

function send() {
    if (!current || pending) {
        return;
    }
    const reasons = [...document.querySelectorAll('.tag[aria-pressed="true"]')].map((b) => b.dataset.tag);
    pending = {
        type: 'Evaluation', requestId: crypto.randomUUID ? crypto.randomUUID() : fallbackId(),
        serviceId: current.serviceId, rating: level, reasons, comment: $('comment').value.slice(0, 150),
    };
    if (ws && ws.readyState === 1) {
        ws.send(JSON.stringify(pending));
    }
}

function fallbackId() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

function updateSubmit() {
    $('submit').disabled = document.querySelectorAll('.tag[aria-pressed="true"]').length === 0;
}

for (const b of document.querySelectorAll('.level')) {
    b.addEventListener('click', () => {
        level = Number(b.dataset.level);
        for (const o of document.querySelectorAll('.level')) {
            o.classList.toggle('chosen', o === b);
        }
        if (level <= 2) {
            $('reasons').hidden = false;
            updateSubmit();
        } else {
            send();
        }
    });
}
for (const t of document.querySelectorAll('.tag')) {
    t.addEventListener('click', () => {
        t.setAttribute('aria-pressed', t.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
        updateSubmit();
    });
}
$('submit').addEventListener('click', send);
$('window-name').textContent = `${windowId}号窗口`;
connect();
