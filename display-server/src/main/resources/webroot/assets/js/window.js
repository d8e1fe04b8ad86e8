// OneWindow: the screen above one window (窗口屏), /display/{hall}/windows/{w}.
import {hallInfo, hallOfPath} from './api.js';
import {chineseDate, clockTime, useHallZone} from './format.js';
import {HallModel} from './hall-model.js';
import {followHall, showConnection} from './stream.js';

const FLASH_MILLIS = 6000;
const hall = hallOfPath();
const windowId = hallOfPath(3);
const model = new HallModel();
const $ = (id) => document.getElementById(id);
let flashTimer = null;

function render(flash) {
    const w = model.windows[windowId];
    if (!w) {
        return;
    }
    const box = $('ticket');
    let state;
    let number;
    let hint;
    let cls;
    if (w.state === 'CLOSED') {
        [state, number, hint, cls] = ['', '暂停办理', '本窗口暂未开放，请到其他窗口办理', 'is-closed'];
    } else if (w.state === 'PAUSED') {
        [state, number, hint, cls] = ['', '暂停服务', '工作人员暂时离开，请稍候', 'is-paused'];
    } else if (w.ticketState === 'CALLED') {
        [state, number, hint, cls] = ['请', w.number, '号 到本窗口办理', 'is-called'];
    } else if (w.ticketState === 'SERVING') {
        [state, number, hint, cls] = ['正在办理', w.number, '请下一位在等候区稍候', 'is-serving'];
    } else {
        [state, number, hint, cls] = ['等待叫号', '—', '请留意叫号', 'is-idle'];
    }
    box.className = 'ws-ticket ow-live ' + cls;
    box.dataset.state = cls.substring(3);
    $('ticket-state').textContent = state;
    $('ticket-number').textContent = number;
    $('ticket-hint').textContent = hint;
    if (flash && cls === 'is-called') {
        void box.offsetWidth;
        box.classList.add('flash');
        clearTimeout(flashTimer);
        flashTimer = setTimeout(() => box.classList.remove('flash'), FLASH_MILLIS);
    }
    const staff = w.state === 'CLOSED' ? null : w.staff;
    $('staff').classList.toggle('is-empty', !staff);
    $('staff-avatar').textContent = staff ? staff.name.substring(0, 1) : '窗';
    $('staff-name').textContent = staff ? staff.name : '暂无工作人员';
    $('staff-no').textContent = staff ? '工号 ' + staff.id : '';
}

function tick() {
    const now = new Date();
    $('date').textContent = chineseDate(now);
    $('time').textContent = clockTime(now);
}

async function start() {
    tick();
    setInterval(tick, 1000);
    showConnection('connecting');
    const info = await hallInfo(hall);
    if (info) {
        useHallZone(info.timezone);
        tick();
        const w = (info.windows || []).find((x) => x.id === windowId);
        $('window-name').textContent = w ? w.name : windowId;
        $('hall-name').textContent = info.name;
        document.title = (w ? w.name : windowId) + ' · ' + info.name;
    }
    followHall(hall, {
        onSnapshot: (s) => {
            model.adopt(s);
            render(false);
        },
        onEvent: (e) => {
            const call = model.apply(e);
            render(!!call && call.windowId === windowId);
        },
        onResync: (line) => {
            model.adopt(line);
            render(false);
        },
        onStatus: showConnection,
    });
}

start();
