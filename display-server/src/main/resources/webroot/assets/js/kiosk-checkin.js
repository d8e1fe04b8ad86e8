// OneWindow: appointment check-in on the kiosk (预约签到), its own module in the kiosk page's #kiosk-extra.
// The citizen types the 6-digit code from the booking's SMS; the kiosk asks the hall for the ticket
// (POST /appointments/check-in with the kiosk's kept token) and shows it: an APPOINTMENT ticket is called
// before the walk-ins once its slot starts; a late arrival gets a normal one.
import {api, keptToken, hallOfPath} from './api.js';

const hall = hallOfPath();
const SHOW_SECONDS = 20;
const REFUSALS = {
    NOT_BOOKED: '未找到今天的这个预约，请核对签到码',
    WRONG_STATE: '该预约已签到，请留意叫号',
    TOO_LATE: '已超过签到时间，请取普通号排队',
    DAILY_CAP_REACHED: '该事项今日号源已取完',
    NETWORK: '网络连接失败，请稍后再试',
};

const box = document.getElementById('kiosk-extra');
let code = '';
let timer = null;

function el(tag, attrs = {}, text = '') {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        e.setAttribute(k, v);
    }
    e.textContent = text;
    return e;
}

const toggle = el('button', {type: 'button', class: 'ow-btn ow-secondary kiosk-id-toggle', id: 'checkin-toggle'},
    '预约签到（输入签到码取号）');
const entry = el('div', {class: 'kiosk-id-entry', id: 'checkin-entry', hidden: ''});
const value = el('div', {class: 'kiosk-id-value ow-digits', id: 'checkin-code', 'aria-live': 'polite'});
const keypad = el('div', {class: 'kiosk-keypad', id: 'checkin-keypad'});
const go = el('button', {type: 'button', class: 'ow-btn ow-block', id: 'checkin-go', disabled: ''}, '签到取号');
const message = el('div', {class: 'kiosk-checkin-message', id: 'checkin-message', role: 'status'});
const result = el('div', {class: 'ow-card kiosk-checkin-result', id: 'checkin-result', hidden: ''});

function render() {
    value.textContent = code;
    go.disabled = code.length !== 6;
}

for (const k of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '清除', '0', '删除']) {
    const b = el('button', {type: 'button', 'data-key': k}, k);
    b.addEventListener('click', () => {
        message.textContent = '';
        if (k === '清除') {
            code = '';
        } else if (k === '删除') {
            code = code.slice(0, -1);
        } else if (code.length < 6) {
            code += k;
        }
        render();
    });
    keypad.append(b);
}

toggle.addEventListener('click', () => {
    entry.hidden = !entry.hidden;
});

go.addEventListener('click', async () => {
    go.disabled = true;
    message.textContent = '';
    try {
        const t = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/appointments/check-in',
            {method: 'POST', body: {code}, token: keptToken('kiosk')});
        result.replaceChildren(
            el('div', {class: 'kiosk-issued-label'}, '签到成功，您的号码'),
            el('div', {class: 'kiosk-issued-number ow-digits', id: 'checkin-number'}, t.number),
            el('div', {class: 'kiosk-checkin-kind', id: 'checkin-kind'}, t.priority === 'APPOINTMENT'
                ? '预约号 · 预约时段开始后优先叫号' : '已过预约签到时间 · 按普通号排队'));
        result.hidden = false;
        entry.hidden = true;
        code = '';
        render();
        clearTimeout(timer);
        timer = setTimeout(() => {
            result.hidden = true;
        }, SHOW_SECONDS * 1000);
    } catch (e) {
        let text = REFUSALS[e.code] || e.message || '签到失败，请到导服台咨询';
        if (e.code === 'TOO_EARLY') {
            const at = /(\d{2}:\d{2})/.exec(e.message || '');
            text = '签到时间未到' + (at ? '，' + at[1] + ' 起可签到' : '');
        }
        message.textContent = text;
        render();
    }
});

entry.append(el('div', {class: 'kiosk-id-label'}, '请输入短信中的6位签到码'), value, keypad, go, message);
box.append(toggle, entry, result);
render();
