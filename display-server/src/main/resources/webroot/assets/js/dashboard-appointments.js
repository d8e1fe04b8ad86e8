// OneWindow: today's appointments on the manager's dashboard (今日预约), its own module in #dashboard-extra:
// per slot the places booked, checked in (late among them), missed and cancelled. Refreshed with the rest of
// the dashboard ('onewindow:dashboard') and every 30 s, with the manager token the dashboard keeps.
import {api, keptToken, hallOfPath} from './api.js';

const hall = hallOfPath();
const box = document.getElementById('dashboard-extra');
const card = document.createElement('section');
card.className = 'ow-card dash-card';
card.id = 'appointments';
card.setAttribute('aria-labelledby', 't-appointments');
card.hidden = true;
box.append(card);

const hhmm = (iso) => iso.substring(11, 16);

function cell(tag, text, cls) {
    const c = document.createElement(tag);
    c.textContent = text;
    if (cls) {
        c.className = cls;
    }
    return c;
}

function render(day) {
    const total = {booked: 0, checkedIn: 0, late: 0, noShow: 0, cancelled: 0};
    const table = document.createElement('table');
    table.className = 'dash-table';
    const head = document.createElement('tr');
    for (const h of ['时段', '事项', '名额', '待签到', '已签到', '其中迟到', '爽约', '已取消']) {
        head.append(cell('th', h));
    }
    table.append(head);
    for (const s of day.slots) {
        const tr = document.createElement('tr');
        tr.dataset.slot = hhmm(s.start) + ' ' + s.category;
        tr.append(cell('td', hhmm(s.start)), cell('td', s.category), cell('td', String(s.capacity), 'num'),
            cell('td', String(s.booked), 'num'), cell('td', String(s.checkedIn), 'num'),
            cell('td', String(s.late), 'num'), cell('td', String(s.noShow), 'num'),
            cell('td', String(s.cancelled), 'num'));
        if (s.noShow > 0) {
            tr.className = 'is-alert';
        }
        table.append(tr);
        for (const k of Object.keys(total)) {
            total[k] += s[k];
        }
    }
    const title = cell('h2', '今日预约');
    title.id = 't-appointments';
    const summary = cell('p', '待签到 ' + total.booked + ' · 已签到 ' + total.checkedIn + '（迟到 ' + total.late
        + '） · 爽约 ' + total.noShow + ' · 已取消 ' + total.cancelled, 'ow-muted');
    summary.id = 'appointments-summary';
    card.replaceChildren(title, summary, day.slots.length ? table : cell('p', '今天没有预约', 'ow-muted'));
    card.hidden = false;
}

let asking = false;

async function refresh() {
    const token = keptToken('manager');
    if (!token || asking) {
        return;
    }
    asking = true;
    try {
        render(await api('/api/v1/halls/' + encodeURIComponent(hall) + '/appointments', {token}));
    } catch (e) {
        // the dashboard itself says when the server is out of reach or the token is refused
    } finally {
        asking = false;
    }
}

document.addEventListener('onewindow:dashboard', refresh);
setInterval(refresh, 30_000);
refresh();
