// OneWindow: the hall server's API from a page, and the role token a device keeps.
//
// The token convention (every page that needs a role token follows it):
//   - a page asks for its token once, in a dialog, and keeps it on that device in localStorage under
//     'onewindow.token.<kind>' (kind: 'kiosk', 'manager', 'pad', ...); it is checked with GET /api/v1/me first;
//   - the token travels only in the Authorization header (Bearer), never in a URL, a query string, a page title
//     or the page itself, so no screen shows it and no log writes it;
//   - an answer 401 forgets it and asks again; 403 says the token may not do this and asks for another.
// Pages without a role (the hall screens, the phone page) need no token.

export class ApiError extends Error {
    constructor(status, code, message) {
        super(message || code);
        this.status = status;
        this.code = code;
    }
}

/** fetch() of the API: JSON in and out, the Bearer token when given; throws ApiError. 204 gives null. */
export async function api(path, {method = 'GET', body, token} = {}) {
    const headers = {'Accept': 'application/json'};
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
    }
    if (token) {
        headers['Authorization'] = 'Bearer ' + token;
    }
    let res;
    try {
        res = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
            cache: 'no-store'});
    } catch (e) {
        throw new ApiError(0, 'NETWORK', '网络连接失败，请稍后再试');
    }
    if (res.status === 204) {
        return null;
    }
    let json = null;
    try {
        json = await res.json();
    } catch (e) {
        json = null;
    }
    if (!res.ok) {
        const err = (json && json.error) || {};
        throw new ApiError(res.status, err.code || 'HTTP_' + res.status, err.message);
    }
    return json;
}

/** The halls of this server: [{id, name, categories:[{code,name}], windows:[{id,name}], ...}]. */
export async function halls() {
    return api('/api/v1/halls');
}

/** One hall of this server, or null; asked again every few seconds while the server is out of reach. */
export async function hallInfo(id) {
    for (let attempt = 0; ; attempt++) {
        try {
            const all = await halls();
            return all.find((h) => h.id === id) || null;
        } catch (e) {
            await new Promise((r) => setTimeout(r, Math.min(5000, 500 * (attempt + 1))));
        }
    }
}

/** The hall id in a page path: /display/{hall}, /kiosk/{hall}, ... (the segment after the first). */
export function hallOfPath(index = 1) {
    const parts = location.pathname.split('/').filter((p) => p.length > 0);
    return decodeURIComponent(parts[index] || '');
}

const KEY = 'onewindow.token.';

/** The token this device keeps for a kind of page, or null. */
export function keptToken(kind) {
    try {
        return localStorage.getItem(KEY + kind);
    } catch (e) {
        return null;
    }
}

export function forgetToken(kind) {
    try {
        localStorage.removeItem(KEY + kind);
    } catch (e) {
        // nothing kept
    }
}

function keep(kind, token) {
    try {
        localStorage.setItem(KEY + kind, token);
    } catch (e) {
        // private mode: the token lasts as long as the page
    }
}

/** What a token may do: {role, hall, window} from GET /api/v1/me, or throws ApiError (401 unknown). */
export async function whoIs(token) {
    return api('/api/v1/me', {token});
}

/**
 * The token of this device for a kind of page, valid for one of the roles in the hall: the kept one, or one
 * asked for in a dialog (and then kept). Resolves once a good token is at hand.
 *
 * @param kind  the storage kind ('kiosk', 'manager', ...)
 * @param roles the roles that may open the page, e.g. ['manager', 'admin']
 * @param hall  the hall the page is of
 * @param title what the dialog asks for, e.g. '请输入取号机令牌'
 * @param window for a token of one window (a pad): the window the page is of; else omitted
 */
export async function requireToken({kind, roles, hall, title, window = null}) {
    let token = keptToken(kind);
    let problem = '';
    for (;;) {
        if (token) {
            try {
                const me = await whoIs(token);
                if (roles.includes(me.role) && (!me.hall || me.hall === hall) && (!window || me.window === window)) {
                    keep(kind, token);
                    return token;
                }
                problem = '此令牌无权打开本页面';
            } catch (e) {
                problem = e.status === 401 ? '令牌无效，请重新输入' : e.message;
                if (e.status !== 401 && e.status !== 0) {
                    throw e;
                }
            }
            forgetToken(kind);
        }
        token = await askToken(title, problem);
    }
}

/** Asks for a token in a dialog; resolves with what was typed. */
function askToken(title, problem) {
    return new Promise((resolve) => {
        const wrap = document.createElement('div');
        wrap.className = 'ow-token-dialog';
        wrap.setAttribute('data-testid', 'token-dialog');
        const form = document.createElement('form');
        form.autocomplete = 'off';
        const h = document.createElement('h2');
        h.textContent = title;
        const p = document.createElement('p');
        p.textContent = '令牌由大厅管理员发放，只需输入一次，保存在本设备上。';
        const input = document.createElement('input');
        input.type = 'password';
        input.className = 'ow-input';
        input.name = 'token';
        input.required = true;
        input.setAttribute('aria-label', title);
        const err = document.createElement('div');
        err.className = 'ow-error';
        err.textContent = problem || '';
        const ok = document.createElement('button');
        ok.type = 'submit';
        ok.className = 'ow-btn ow-block';
        ok.textContent = '确定';
        form.append(h, p, input, err, ok);
        wrap.append(form);
        form.addEventListener('submit', (e) => {
            e.preventDefault();
            const value = input.value.trim();
            if (value) {
                wrap.remove();
                resolve(value);
            }
        });
        document.body.append(wrap);
        input.focus();
    });
}
