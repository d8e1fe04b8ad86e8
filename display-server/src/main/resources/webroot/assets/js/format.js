// OneWindow: how pages write dates, times, waits and numbers, in Chinese.

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

const pad = (n) => String(n).padStart(2, '0');

let hallZone = null;

/** Shows dates and times in the hall's time zone (as /api/v1/halls gives it), whatever the device's. */
export function useHallZone(zone) {
    try {
        new Intl.DateTimeFormat('en-US', {timeZone: zone});
        hallZone = zone;
    } catch (e) {
        hallZone = null;
    }
}

/** The wall-clock fields of a moment in the hall's zone: {year, month, day, weekday, hour, minute, second}. */
export function hallClock(d = new Date()) {
    if (!hallZone) {
        return {year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), weekday: d.getDay(),
            hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds()};
    }
    const parts = {};
    for (const p of new Intl.DateTimeFormat('en-US', {timeZone: hallZone, hourCycle: 'h23', year: 'numeric',
        month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric', second: 'numeric'})
        .formatToParts(d)) {
        parts[p.type] = p.value;
    }
    return {year: +parts.year, month: +parts.month, day: +parts.day,
        weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday),
        hour: +parts.hour % 24, minute: +parts.minute, second: +parts.second};
}

/** 2026年12月1日 星期二 */
export function chineseDate(d = new Date()) {
    const c = hallClock(d);
    return c.year + '年' + c.month + '月' + c.day + '日 ' + WEEKDAYS[c.weekday];
}

/** 09:30:05 */
export function clockTime(d = new Date(), seconds = true) {
    const c = hallClock(d);
    return pad(c.hour) + ':' + pad(c.minute) + (seconds ? ':' + pad(c.second) : '');
}

/** A duration for people: 不到1分钟, 8分钟, 1小时5分钟. */
export function minutesText(seconds) {
    if (seconds === null || seconds === undefined || Number.isNaN(seconds)) {
        return '—';
    }
    const m = Math.round(seconds / 60);
    if (m < 1) {
        return '不到1分钟';
    }
    if (m < 60) {
        return m + '分钟';
    }
    return Math.floor(m / 60) + '小时' + (m % 60 ? (m % 60) + '分钟' : '');
}

/**
 * The estimated wait of a ticket or a phone message, as a range when the server gives one (any of
 * estimatedWait: {lowSeconds, highSeconds}, estimatedWaitRange: {lowSeconds, highSeconds} or
 * estimatedWaitLowSeconds / estimatedWaitHighSeconds), else around estimatedWaitSeconds. Null when none.
 */
export function waitEstimate(t) {
    const range = t.estimatedWait || t.estimatedWaitRange || null;
    let low = range ? range.lowSeconds : t.estimatedWaitLowSeconds;
    let high = range ? range.highSeconds : t.estimatedWaitHighSeconds;
    if (typeof low === 'number' && typeof high === 'number') {
        const lo = Math.round(low / 60);
        const hi = Math.max(lo, Math.round(high / 60));
        if (hi < 1) {
            return '不到1分钟';
        }
        return lo === hi ? '约' + minutesText(high) : lo + '–' + minutesText(high);
    }
    if (typeof t.estimatedWaitSeconds === 'number') {
        return t.estimatedWaitSeconds < 60 ? '不到1分钟' : '约' + minutesText(t.estimatedWaitSeconds);
    }
    return null;
}

/** A ticket number as a voice reads it: A023 -> A零二三. */
export function spokenNumber(number) {
    return String(number).replace(/[0-9]/g, (d) => DIGITS[+d]);
}

/** The sentence of a call, as the screen writes it and the voice says it. */
export function callSentence(number, windowName) {
    return '请 ' + number + ' 号 到 ' + windowName + ' 办理';
}

/** mm:ss or h:mm:ss since a moment. */
export function elapsed(sinceMillis, now = Date.now()) {
    if (!sinceMillis) {
        return '—';
    }
    const s = Math.max(0, Math.floor((now - sinceMillis) / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return (h ? h + ':' + pad(m) : String(m)) + ':' + pad(s % 60);
}

/** Builds an element: el('div', {class: 'x', text: '...'}, child, ...). Never parses HTML. */
export function el(tag, attrs = {}, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) {
            continue;
        }
        if (k === 'text') {
            e.textContent = v;
        } else if (k === 'class') {
            e.className = v;
        } else if (k.startsWith('on')) {
            e.addEventListener(k.substring(2), v);
        } else {
            e.setAttribute(k, v === true ? '' : v);
        }
    }
    for (const c of children) {
        if (c !== null && c !== undefined) {
            e.append(c);
        }
    }
    return e;
}
