// OneWindow: following the hall server's streams from a page, without ever showing a stale number.
//
// followHall(hall, {onSnapshot, onEvent, onStatus}) follows /ws/v1/halls/{hall}/display:
//   - the first message is a Snapshot (the /queue shape); then one message per event, in sequence order;
//   - after a drop it reconnects with ?since=<last seq seen>: the server sends exactly the events missed, or a
//     fresh Snapshot when it no longer holds them;
//   - where WebSockets never get through (three attempts in a row that never opened), it follows the same
//     stream as Server-Sent Events (/sse/v1/halls/{hall}/display?since=), and back again the same way;
//   - onStatus('live' | 'reconnecting') tells the page when to hide its figures (see showConnection below);
//   - a watchdog asks /api/v1/halls/{hall}/queue every 20 s: a hall further on than the stream twice in a row
//     means the stream went quiet without closing (a dead proxy, a sleeping network), and it is reconnected;
//     a hall at the same seq hands its line to onResync, so the page's figures are checked against the server.
// followTicket(token, {onMessage, onStatus}) follows /ws/v1/track/{token}, which starts with the ticket as it
// stands after every (re)connection, so no resume position is needed.

const RETRY_MILLIS = [500, 1000, 2000, 3000, 5000];
const WATCHDOG_MILLIS = 20000;

function socketUrl(path) {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
}

function retryDelay(attempt) {
    const base = RETRY_MILLIS[Math.min(attempt, RETRY_MILLIS.length - 1)];
    return base + Math.floor(Math.random() * base * 0.3);
}

/** The types of the display stream's messages, as Server-Sent Events name them. */
const EVENT_TYPES = ['Snapshot', 'TicketIssued', 'TicketCalled', 'TicketRecalled', 'ServiceStarted',
    'ServiceCompleted', 'TicketNoShow', 'TicketReinstated', 'TicketTransferred', 'TicketCancelled', 'TicketPinned',
    'TrackLinkReplaced', 'WindowOpened', 'WindowPaused', 'WindowResumed', 'WindowClosed', 'DayClosed',
    'AppointmentBooked', 'AppointmentCancelled', 'AppointmentsMissed', 'BookingBlockLifted'];

/** Connections in a row that never opened before the other transport is tried (WebSocket, then SSE). */
const SWITCH_AFTER = 3;

/**
 * Follows a hall's display stream; returns {close(), seq(), transport()}. By WebSocket; where WebSockets never
 * get through (a proxy that breaks them) the same stream as Server-Sent Events, resumed the same way.
 */
export function followHall(hall, {onSnapshot, onEvent, onStatus = () => {}, onResync = null}) {
    let lastSeq = -1;
    let current = null;
    let attempt = 0;
    let neverOpened = 0;
    let useSse = false;
    let closed = false;
    let retryTimer = null;
    let behind = 0;
    let status = null;
    const path = '/ws/v1/halls/' + encodeURIComponent(hall) + '/display';
    const ssePath = '/sse/v1/halls/' + encodeURIComponent(hall) + '/display';

    const setStatus = (s) => {
        if (s !== status) {
            status = s;
            onStatus(s);
        }
    };

    const receive = (conn, data) => {
        if (conn !== current) {
            return;
        }
        const msg = JSON.parse(data);
        if (msg.type === 'Snapshot') {
            lastSeq = msg.seq;
            onSnapshot(msg);
        } else if (msg.seq > lastSeq) {
            lastSeq = msg.seq;
            onEvent(msg);
        }
        attempt = 0;
        setStatus('live');
    };

    const opened = (conn) => {
        conn.opened = true;
        neverOpened = 0;
        // resumed: the events missed follow at once; a first connection waits for its Snapshot
        if (lastSeq >= 0 && conn === current) {
            attempt = 0;
            setStatus('live');
        }
    };

    const lost = (conn) => {
        if (conn !== current) {
            return;
        }
        current = null;
        if (!conn.opened && ++neverOpened >= SWITCH_AFTER) {
            useSse = !useSse;
            neverOpened = 0;
        }
        if (!closed) {
            setStatus('reconnecting');
            retryTimer = setTimeout(connect, retryDelay(attempt++));
        }
    };

    const openWebSocket = (since) => {
        const socket = new WebSocket(socketUrl(path + since));
        const conn = {opened: false, kind: 'websocket', close: () => socket.close()};
        socket.onmessage = (m) => receive(conn, m.data);
        socket.onopen = () => opened(conn);
        socket.onclose = () => lost(conn);
        socket.onerror = () => socket.close();
        return conn;
    };

    const openEventSource = (since) => {
        const source = new EventSource(ssePath + since);
        const conn = {opened: false, kind: 'sse', close: () => source.close()};
        const handler = (m) => receive(conn, m.data);
        for (const type of EVENT_TYPES) {
            source.addEventListener(type, handler);
        }
        source.onmessage = handler;
        source.onopen = () => opened(conn);
        source.onerror = () => {
            // reconnected here, with the last seq seen, like the WebSocket
            source.close();
            lost(conn);
        };
        return conn;
    };

    const connect = () => {
        retryTimer = null;
        const since = lastSeq >= 0 ? '?since=' + lastSeq : '';
        current = useSse ? openEventSource(since) : openWebSocket(since);
    };

    const dropAndReconnect = () => {
        if (current) {
            const old = current;
            current = null;
            old.close();
        }
        setStatus('reconnecting');
        if (!retryTimer && !closed) {
            retryTimer = setTimeout(connect, retryDelay(attempt++));
        }
    };

    const watchdog = setInterval(async () => {
        if (closed || status !== 'live' || lastSeq < 0) {
            return;
        }
        try {
            const res = await fetch('/api/v1/halls/' + encodeURIComponent(hall) + '/queue', {cache: 'no-store'});
            if (!res.ok) {
                return;
            }
            const line = await res.json();
            if (line.seq > lastSeq) {
                if (++behind >= 2) {
                    behind = 0;
                    dropAndReconnect();
                }
            } else {
                behind = 0;
                if (line.seq === lastSeq && onResync) {
                    onResync(line);
                }
            }
        } catch (e) {
            // the server is out of reach: the socket's own close will say so
        }
    }, WATCHDOG_MILLIS);

    window.addEventListener('offline', dropAndReconnect);
    setStatus('connecting');
    connect();
    return {
        seq: () => lastSeq,
        transport: () => (current ? current.kind : null),
        close() {
            closed = true;
            clearInterval(watchdog);
            clearTimeout(retryTimer);
            window.removeEventListener('offline', dropAndReconnect);
            if (current) {
                current.close();
            }
        },
    };
}

/**
 * Follows one ticket's phone stream. onMessage gets each message (Ticket first after every connection);
 * onStatus('live' | 'reconnecting' | 'ended' | 'unknown'). The server closes the stream normally after a final
 * state: then it is not reconnected.
 */
export function followTicket(token, {onMessage, onStatus = () => {}}) {
    let attempt = 0;
    let ended = false;
    let ws = null;
    let retryTimer = null;
    const connect = () => {
        retryTimer = null;
        const socket = new WebSocket(socketUrl('/ws/v1/track/' + encodeURIComponent(token)));
        ws = socket;
        let opened = false;
        socket.onopen = () => {
            opened = true;
        };
        socket.onmessage = (m) => {
            attempt = 0;
            onStatus('live');
            onMessage(JSON.parse(m.data));
        };
        socket.onclose = (e) => {
            if (socket !== ws || ended) {
                return;
            }
            if (e.code === 1000) {
                ended = true;
                onStatus('ended');
                return;
            }
            if (!opened && attempt >= 2) {
                // refused before the upgrade twice: maybe an unknown link; ask plainly
                fetch('/ws/v1/track/' + encodeURIComponent(token), {cache: 'no-store'}).then((r) => {
                    if (r.status === 404) {
                        ended = true;
                        onStatus('unknown');
                    }
                }).catch(() => {});
            }
            onStatus('reconnecting');
            retryTimer = setTimeout(connect, retryDelay(attempt++));
        };
        socket.onerror = () => socket.close();
    };
    const retryNow = () => {
        if (!ended && retryTimer) {
            clearTimeout(retryTimer);
            connect();
        }
    };
    window.addEventListener('online', retryNow);
    document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') {
            retryNow();
        }
    });
    connect();
    return {
        close() {
            ended = true;
            clearTimeout(retryTimer);
            if (ws) {
                ws.close();
            }
        },
    };
}

/**
 * Shows the connection state on a page: adds the 正在重新连接 overlay once, and toggles body.ow-stale, which hides
 * every element marked .ow-live. Use as onStatus: followHall(hall, {..., onStatus: showConnection}).
 */
export function showConnection(status) {
    let overlay = document.querySelector('.ow-reconnecting');
    if (!overlay) {
        overlay = document.createElement('div');
        overlay.className = 'ow-reconnecting';
        overlay.setAttribute('role', 'alert');
        overlay.setAttribute('data-testid', 'reconnecting');
        const spinner = document.createElement('div');
        spinner.className = 'ow-spinner';
        const text = document.createElement('div');
        text.className = 'ow-reconnecting-text';
        const sub = document.createElement('div');
        sub.className = 'ow-reconnecting-sub';
        sub.textContent = '连接恢复后自动更新，请稍候';
        overlay.append(spinner, text, sub);
        document.body.append(overlay);
    }
    overlay.querySelector('.ow-reconnecting-text').textContent = status === 'connecting' ? '正在连接' : '正在重新连接';
    document.body.classList.toggle('ow-stale', status !== 'live');
    document.body.dataset.connection = status;
}
