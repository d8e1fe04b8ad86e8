// OneWindow: the start page, /: each hall with its pages; and what a staff token opens on this device.
import {halls, whoIs} from './api.js';
import {el} from './format.js';

/**
 * The pages of a hall, as the start page lists them. `role`: the token kind the page asks for (none for the
 * public screens). Pages added later (the pad, booking) add a line here.
 */
const HALL_PAGES = [
    {path: (h) => '/display/' + h.id, title: '综合屏', sub: '大厅叫号大屏 1920×1080'},
    {path: (h) => '/kiosk/' + h.id, title: '取号机', sub: '需要取号机令牌', role: 'kiosk'},
    {path: (h) => '/dashboard/' + h.id, title: '管理看板', sub: '需要管理员令牌', role: 'manager'},
];

/** The token kind of a role: the key it is kept under on the device. */
const KIND = {kiosk: 'kiosk', guide: 'kiosk', manager: 'manager', admin: 'manager', window: 'window', pad: 'pad'};

const enc = encodeURIComponent;

function link(href, title, sub, needsToken) {
    return el('a', {class: 'start-link' + (needsToken ? ' needs-token' : ''), href},
        el('strong', {text: title}), el('span', {text: sub}));
}

function hallCard(h) {
    const links = HALL_PAGES.map((p) => link(p.path({id: enc(h.id)}), p.title, p.sub, !!p.role));
    const windows = (h.windows || []).map((w) => el('a', {href: '/display/' + enc(h.id) + '/windows/' + enc(w.id)},
        w.name + ' 窗口屏'));
    const matters = h.categories.map((c) => c.name).join('、');
    return el('article', {class: 'ow-card start-hall', 'data-hall': h.id},
        el('h2', {text: h.name}),
        el('div', {class: 'hall-meta', text: '办理事项：' + matters + ' · ' + (h.windows || []).length + ' 个窗口'}),
        el('div', {class: 'start-links'}, ...links),
        el('div', {class: 'start-windows'}, ...windows));
}

/** The pages a token opens, by its role and the hall it is limited to. */
function pagesOf(me, all) {
    const mine = all.filter((h) => !me.hall || me.hall === h.id);
    const out = [];
    for (const h of mine) {
        const id = enc(h.id);
        if (me.role === 'kiosk' || me.role === 'guide') {
            out.push(link('/kiosk/' + id, h.name + ' 取号机', '取号、身份证优先', false));
        } else if (me.role === 'manager' || me.role === 'admin') {
            out.push(link('/dashboard/' + id, h.name + ' 管理看板', '实时等候、窗口、告警', false));
        } else if (me.role === 'window') {
            out.push(link('/display/' + id + '/windows/' + enc(me.window), h.name + ' 窗口屏', '窗口 ' + me.window,
                false));
        } else if (me.role === 'pad') {
            out.push(link('/pad/' + id + '/windows/' + enc(me.window), h.name + ' 评价器', '窗口 ' + me.window,
                false));
        }
    }
    return out;
}

const ROLE_NAMES = {kiosk: '取号机', guide: '导服员', window: '窗口', pad: '评价器', manager: '管理员',
    admin: '系统管理员'};

async function start() {
    let all = [];
    try {
        all = await halls();
    } catch (e) {
        document.getElementById('halls').replaceChildren(el('div', {class: 'ow-card ow-error', text: e.message}));
        return;
    }
    document.getElementById('halls').replaceChildren(...all.map(hallCard));
    document.getElementById('token-form').addEventListener('submit', async (e) => {
        e.preventDefault();
        const input = document.getElementById('token-input');
        const token = input.value.trim();
        const out = document.getElementById('token-result');
        if (!token) {
            return;
        }
        try {
            const me = await whoIs(token);
            try {
                localStorage.setItem('onewindow.token.' + KIND[me.role], token);
            } catch (err) {
                // private mode: the page that needs it asks again
            }
            input.value = '';
            out.replaceChildren(el('div', {text: '此令牌的身份：' + (ROLE_NAMES[me.role] || me.role)
                + (me.hall ? '（限 ' + me.hall + ' 大厅）' : '') + '，已保存在本设备。'}),
            el('div', {class: 'start-links'}, ...pagesOf(me, all)));
        } catch (err) {
            out.replaceChildren(el('div', {class: 'ow-error',
                text: err.status === 401 ? '令牌无效，请检查后重试' : err.message}));
        }
    });
}

start();
