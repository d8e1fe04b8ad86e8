// OneWindow: the main screen of a hall (综合屏), /display/{hall}.
import {api, hallInfo, hallOfPath} from './api.js';
import {chineseDate, clockTime, el, spokenNumber, useHallZone} from './format.js';
import {HallModel} from './hall-model.js';
import {followHall, showConnection} from './stream.js';

const FLASH_MILLIS = 6000;
const SETTINGS_MILLIS = 30000;
/** A call older than this when it arrives (a screen catching up after a drop) is listed, not spoken. */
const SPEAK_FRESH_MILLIS = 60000;

const hall = hallOfPath();
const model = new HallModel();
const $ = (id) => document.getElementById(id);
let info = null;
let flashTimer = null;

const STATE_TEXT = {CALLED: '请前往', SERVING: '办理中'};

function windowStateText(w) {
    if (w.state === 'CLOSED') {
        return '未开放';
    }
    if (w.state === 'PAUSED') {
        return '暂停服务';
    }
    return STATE_TEXT[w.ticketState] || '等待叫号';
}

function renderWindows(newWindowId) {
    const rows = [];
    for (const [id, w] of Object.entries(model.windows)) {
        const cls = ['window-row',
            w.state === 'CLOSED' ? 'is-closed' : w.state === 'PAUSED' ? 'is-paused'
                : w.ticketState === 'CALLED' ? 'is-called' : w.ticketState === 'SERVING' ? 'is-serving' : 'is-idle',
            id === newWindowId ? 'is-new' : ''].join(' ');
        rows.push(el('li', {class: cls, 'data-window': id},
            el('span', {class: 'w-name', text: w.name}),
            el('span', {class: 'w-number ow-digits', text: w.state === 'CLOSED' ? '—' : (w.number || '—')}),
            el('span', {class: 'w-state', text: windowStateText(w)})));
    }
    $('windows').replaceChildren(...rows);
    // a large hall: two columns of smaller rows, so every window stays on the screen
    $('windows').classList.toggle('many', rows.length > 7);
    $('windows').classList.toggle('very-many', rows.length > 16);
}

function renderWaiting() {
    const items = [];
    for (const c of (info ? info.categories : [])) {
        items.push(el('div', {class: 'waiting-item', 'data-category': c.code},
            el('span', {class: 'wi-name', text: c.name}),
            el('span', {class: 'wi-count ow-digits', text: String(model.waiting(c.code))}),
            el('span', {class: 'wi-unit', text: '人'})));
    }
    $('waiting').replaceChildren(...items);
}

function renderRecent() {
    const items = model.calls.slice(0, 6).map((c) => el('li', {'data-number': c.number},
        el('span', {class: 'r-number ow-digits', text: c.number}),
        el('span', {class: 'r-window', text: c.window})));
    $('recent').replaceChildren(...items);
}

function renderCall(flash) {
    const call = model.calls[0];
    $('call-idle').hidden = !!call;
    $('call-line').hidden = !call;
    $('call-line-2').hidden = !call;
    if (call) {
        $('call-number').textContent = call.number;
        $('call-window').textContent = call.window;
    }
    const panel = $('current-call');
    if (flash) {
        panel.classList.remove('flash');
        void panel.offsetWidth; // restart the animation
        panel.classList.add('flash');
        clearTimeout(flashTimer);
        flashTimer = setTimeout(() => panel.classList.remove('flash'), FLASH_MILLIS);
    }
}

function renderAll() {
    renderWindows(null);
    renderWaiting();
    renderRecent();
    renderCall(false);
}

// ------------------------------------------------------------------ spoken calls: one at a time, never cut off
const speech = {
    enabledByHall: false,
    unlocked: false,
    queue: [],
    speaking: false,
};

function say(call) {
    if (!speech.enabledByHall || !speech.unlocked || !('speechSynthesis' in window)) {
        return;
    }
    speech.queue.push('请 ' + spokenNumber(call.number) + ' 号，到 ' + call.window + ' 办理');
    speakNext();
}

function speakNext() {
    if (speech.speaking || speech.queue.length === 0) {
        return;
    }
    speech.speaking = true;
    const u = new SpeechSynthesisUtterance(speech.queue.shift());
    u.lang = 'zh-CN';
    u.rate = 0.9;
    const voice = speechSynthesis.getVoices().find((v) => v.lang && v.lang.replace('_', '-').startsWith('zh-CN'));
    if (voice) {
        u.voice = voice;
    }
    const done = () => {
        if (speech.speaking) {
            speech.speaking = false;
            setTimeout(speakNext, 600);
        }
    };
    u.onend = done;
    u.onerror = done;
    speechSynthesis.speak(u);
}

function showVoiceState() {
    $('voice-state').textContent = speech.enabledByHall && speech.unlocked ? '语音叫号' : '静音叫号';
    $('speech-enable').hidden = !speech.enabledByHall || speech.unlocked;
}

$('speech-enable').addEventListener('click', () => {
    speech.unlocked = true;
    // browsers speak only after a person touched the page: an empty utterance now unlocks later ones
    if ('speechSynthesis' in window) {
        speechSynthesis.speak(new SpeechSynthesisUtterance(''));
    }
    showVoiceState();
});

async function loadSettings() {
    try {
        const s = await api('/api/v1/halls/' + encodeURIComponent(hall) + '/screen');
        if (s.notice) {
            $('notice').textContent = s.notice;
        }
        const track = $('notice').parentElement;
        $('notice').classList.toggle('scrolling', $('notice').scrollWidth > track.clientWidth);
        speech.enabledByHall = !!s.spokenCalls;
        showVoiceState();
    } catch (e) {
        // keep what is shown; asked again shortly
    }
}

// ------------------------------------------------------------------ the stream
function onEvent(e) {
    const call = model.apply(e);
    if (call) {
        renderWindows(call.windowId);
        renderRecent();
        renderCall(true);
        if (call.at && Date.now() - call.at < SPEAK_FRESH_MILLIS) {
            say(call);
        }
    } else {
        renderWindows(null);
    }
    renderWaiting();
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
    info = await hallInfo(hall);
    if (info) {
        useHallZone(info.timezone);
        tick();
        $('hall-name').textContent = info.name;
        document.title = info.name + ' · 叫号大屏';
    }
    loadSettings();
    setInterval(loadSettings, SETTINGS_MILLIS);
    let stream = null;
    stream = followHall(hall, {
        onSnapshot: (s) => {
            model.adopt(s);
            renderAll();
        },
        onEvent,
        onResync: (line) => {
            model.adopt(line);
            renderWindows(null);
            renderWaiting();
        },
        onStatus: (s) => {
            showConnection(s);
            document.body.dataset.transport = (stream && stream.transport()) || '';
        },
    });
}

start();
