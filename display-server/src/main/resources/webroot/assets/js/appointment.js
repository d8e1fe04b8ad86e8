// OneWindow: one appointment, /a/{token}: see it, cancel it (until the hall's cancelUntilMinutes before it).
import {api, hallInfo} from './api.js';

const $ = (id) => document.getElementById(id);
const token = decodeURIComponent(location.pathname.split('/').filter((p) => p)[1] || '');
const STATES = {BOOKED: '已预约', CHECKED_IN: '已签到', CANCELLED: '已取消', NO_SHOW: '已爽约'};
const REFUSALS = {TOO_LATE: '已超过可取消时间', WRONG_STATE: '该预约已不能取消', NOT_FOUND: '预约链接无效'};
const hhmm = (iso) => iso.substring(11, 16);

function show(b) {
    $('code').textContent = b.code;
    $('matter').textContent = b.categoryName;
    const [, m, d] = b.date.split('-').map(Number);
    $('when').textContent = m + '月' + d + '日 ' + hhmm(b.start) + '-' + hhmm(b.end);
    $('state').textContent = STATES[b.state] || b.state;
    $('state').dataset.state = b.state;
    $('phone').textContent = b.phone;
    $('note').textContent = b.state === 'BOOKED'
        ? '请于 ' + hhmm(b.checkInFrom) + '-' + hhmm(b.checkInUntil) + ' 到取号机“预约签到”输入签到码'
        : b.ticket ? '您的号码 ' + b.ticket.number + (b.late ? '（迟到，按普通号排队）' : '') : '';
    $('actions').hidden = b.state !== 'BOOKED';
    $('booking').hidden = false;
}

async function start() {
    try {
        const b = await api('/api/v1/appointments/' + encodeURIComponent(token));
        const info = await hallInfo(b.hall);
        if (info) {
            $('hall-name').textContent = info.name;
        }
        show(b);
    } catch (e) {
        $('error').textContent = REFUSALS[e.code] || e.message;
    }
    $('cancel').addEventListener('click', async () => {
        if (!confirm('确定取消预约吗？')) {
            return;
        }
        try {
            show(await api('/api/v1/appointments/' + encodeURIComponent(token), {method: 'DELETE'}));
        } catch (e) {
            $('error').textContent = REFUSALS[e.code] || e.message;
        }
    });
}

start();
