// OneWindow: booking an appointment (网上预约), /book/{hall}, on a phone: a matter, a day, a slot with places
// left, the ID number and the phone; then the check-in code and the holder's link. No token: anyone may book
// (the server limits requests per address).
import {api, hallInfo, hallOfPath} from './api.js';

const $ = (id) => document.getElementById(id);
const hall = hallOfPath();
const choice = {category: null, categoryName: null, date: null, start: null, label: null};

const REFUSALS = {
    SLOT_FULL: '该时段已约满，请选择其他时段',
    ALREADY_BOOKED: '您当天在本大厅已有预约',
    BOOKING_LIMIT_REACHED: '您本周或本月的预约次数已达上限',
    BOOKING_BLOCKED: '因多次爽约，暂停网上预约',
    BAD_SLOT: '该时段已不可预约，请重新选择',
    BAD_ID_NUMBER: '身份证号码有误，请核对',
    BAD_PHONE: '请填写11位手机号码',
    TOO_MANY_REQUESTS: '操作过于频繁，请一分钟后再试',
    NETWORK: '网络连接失败，请稍后再试',
};

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function showError(e) {
    let text = REFUSALS[e.code] || e.message || '预约失败，请稍后再试';
    if (e.code === 'BOOKING_BLOCKED') {
        const until = /(\d{4}-\d{2}-\d{2})/.exec(e.message || '');
        if (until) {
            text += '，' + until[1] + ' 起可再次预约';
        }
    }
    $('error').textContent = text;
}

function button(text, onClick, attrs = {}) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'ow-btn ow-secondary';
    b.innerHTML = text;
    for (const [k, v] of Object.entries(attrs)) {
        b.setAttribute(k, v);
    }
    b.addEventListener('click', onClick);
    return b;
}

function press(container, pressed) {
    for (const b of container.querySelectorAll('button')) {
        b.setAttribute('aria-pressed', String(b === pressed));
    }
}

function dayLabel(date) {
    const [y, m, d] = date.split('-').map(Number);
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return m + '月' + d + '日 ' + WEEKDAYS[weekday];
}

const hhmm = (iso) => iso.substring(11, 16);

async function chooseMatter(category, b) {
    press($('matters'), b);
    choice.category = category.code;
    choice.categoryName = category.name;
    $('error').textContent = '';
    $('step-slot').hidden = true;
    $('step-person').hidden = true;
    const days = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/appointments/days?category='
        + encodeURIComponent(category.code));
    const list = $('days');
    list.replaceChildren();
    for (const d of days.filter((x) => x.open)) {
        const full = d.left === 0;
        const db = button(dayLabel(d.date) + '<small>' + (full ? '已约满' : '余 ' + d.left) + '</small>',
            () => chooseDay(d.date, db), {'data-date': d.date});
        db.disabled = full;
        list.append(db);
    }
    $('step-day').hidden = false;
}

async function chooseDay(date, b) {
    press($('days'), b);
    choice.date = date;
    $('step-person').hidden = true;
    const slots = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/appointments/slots?category='
        + encodeURIComponent(choice.category) + '&date=' + date);
    const list = $('slots');
    list.replaceChildren();
    for (const s of slots.filter((x) => x.bookable)) {
        const sb = button(hhmm(s.start) + '-' + hhmm(s.end) + '<small>' + (s.left > 0 ? '余 ' + s.left : '已约满')
            + '</small>', () => chooseSlot(s, sb), {'data-start': hhmm(s.start)});
        sb.disabled = s.left === 0;
        list.append(sb);
    }
    $('step-slot').hidden = false;
}

function chooseSlot(slot, b) {
    press($('slots'), b);
    choice.start = slot.start;
    choice.label = dayLabel(choice.date) + ' ' + hhmm(slot.start) + '-' + hhmm(slot.end);
    $('summary').textContent = choice.categoryName + ' · ' + choice.label;
    $('step-person').hidden = false;
    $('id-number').focus();
}

async function submit() {
    $('error').textContent = '';
    const idNumber = $('id-number').value.trim().toUpperCase();
    const phone = $('phone').value.trim();
    if (!/^\d{17}[\dX]$/.test(idNumber)) {
        showError({code: 'BAD_ID_NUMBER'});
        return;
    }
    if (!/^1\d{10}$/.test(phone)) {
        showError({code: 'BAD_PHONE'});
        return;
    }
    $('submit').disabled = true;
    try {
        const b = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/appointments', {method: 'POST',
            body: {category: choice.category, start: choice.start, idNumber, phone}});
        $('id-number').value = '';
        for (const id of ['step-matter', 'step-day', 'step-slot', 'step-person']) {
            $(id).hidden = true;
        }
        $('code').textContent = b.code;
        $('when').textContent = b.categoryName + ' · ' + choice.label;
        $('check-in-note').textContent = '请于 ' + hhmm(b.checkInFrom) + '-' + hhmm(b.checkInUntil)
            + ' 到大厅取号机“预约签到”输入签到码取号，预约号优先叫号。';
        $('manage').href = b.manageUrl;
        $('done').hidden = false;
    } catch (e) {
        showError(e);
    } finally {
        $('submit').disabled = false;
    }
}

async function start() {
    const info = await hallInfo(hall);
    if (!info) {
        $('error').textContent = '没有这个大厅';
        return;
    }
    $('hall-name').textContent = info.name;
    document.title = '网上预约 · ' + info.name;
    for (const c of info.categories) {
        const days = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/appointments/days?category='
            + encodeURIComponent(c.code));
        if (days.some((d) => d.open)) {
            const b = button(c.name, () => chooseMatter(c, b).catch(showError), {'data-category': c.code});
            $('matters').append(b);
        }
    }
    if (!$('matters').children.length) {
        $('error').textContent = '本大厅暂未开放网上预约';
    }
    $('submit').addEventListener('click', submit);
}

start().catch(showError);
