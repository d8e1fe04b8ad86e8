// OneWindow: a hall's line as a page holds it, kept up to date from the display stream.
//
// HallModel starts from a Snapshot (the /queue shape) and applies each event the way the dispatcher did, so
// waiting counts and window states follow the hall without asking the server again. The stream's watchdog
// hands it the server's /queue at the same seq now and then (resync), which replaces whatever it holds.

const MAX_CALLS = 12;

export class HallModel {
    constructor() {
        this.seq = -1;
        this.categories = {};  // code -> {waiting, next: []}
        this.windows = {};     // id -> {name, state, number, ticketState, staff, sinceMillis}
        this.calls = [];       // the latest calls, newest first: {number, window, windowId, at, seq, recall}
    }

    /** Replaces the line with a Snapshot or a /queue answer; the calls seen so far stay. */
    adopt(line) {
        this.seq = line.seq;
        this.categories = {};
        for (const [code, c] of Object.entries(line.categories || {})) {
            this.categories[code] = {waiting: c.waiting, next: (c.next || []).slice()};
        }
        const before = this.windows;
        this.windows = {};
        for (const [id, w] of Object.entries(line.windows || {})) {
            const old = before[id] || {};
            this.windows[id] = {name: w.name, state: w.state, number: w.number, ticketState: w.ticketState,
                staff: w.staff !== undefined ? w.staff : (old.staff || null),
                sinceMillis: old.number === w.number ? old.sinceMillis : null};
        }
        // a fresh screen, or one that was away too long for the events it missed: the windows holding a called
        // ticket are calls to show too
        for (const [id, w] of Object.entries(this.windows)) {
            if (w.number && w.ticketState === 'CALLED' && !this.calls.some((c) => c.number === w.number)) {
                this.calls.unshift({number: w.number, window: w.name, windowId: id, at: null, seq: line.seq});
            }
        }
        this.calls = this.calls.slice(0, MAX_CALLS);
    }

    waiting(code) {
        return (this.categories[code] || {waiting: 0}).waiting;
    }

    totalWaiting() {
        return Object.values(this.categories).reduce((n, c) => n + c.waiting, 0);
    }

    /** Applies one event; returns the call it made ({number, window, ...}) for TicketCalled/TicketRecalled. */
    apply(e) {
        this.seq = e.seq;
        const c = this.categories[e.category];
        const w = this.windows[e.windowId];
        const at = e.at ? Date.parse(e.at) : Date.now();
        switch (e.type) {
            case 'TicketIssued':
                if (c) {
                    c.waiting++;
                    if (c.next.length < 20) {
                        c.next.push(e.number);
                    }
                }
                return null;
            case 'TicketReinstated':
            case 'TicketTransferred':
                if (c) {
                    c.waiting++;
                }
                if (e.type === 'TicketTransferred' && w) {
                    Object.assign(w, {number: null, ticketState: null, sinceMillis: null});
                }
                return null;
            case 'TicketCancelled':
                if (c) {
                    c.waiting = Math.max(0, c.waiting - 1);
                    c.next = c.next.filter((n) => n !== e.number);
                }
                return null;
            case 'TicketCalled':
            case 'TicketRecalled': {
                if (e.type === 'TicketCalled' && c) {
                    c.waiting = Math.max(0, c.waiting - 1);
                    c.next = c.next.filter((n) => n !== e.number);
                }
                if (w) {
                    Object.assign(w, {number: e.number, ticketState: 'CALLED',
                        sinceMillis: e.type === 'TicketCalled' ? at : w.sinceMillis});
                    if (e.staff) {
                        w.staff = e.staff;
                    }
                }
                const call = {number: e.number, window: e.window, windowId: e.windowId, at, seq: e.seq,
                    recall: e.type === 'TicketRecalled'};
                this.calls = [call, ...this.calls.filter((x) => x.number !== e.number)].slice(0, MAX_CALLS);
                return call;
            }
            case 'ServiceStarted':
                if (w) {
                    Object.assign(w, {number: e.number, ticketState: 'SERVING', sinceMillis: at});
                }
                return null;
            case 'ServiceCompleted':
            case 'TicketNoShow':
                if (w && w.number === e.number) {
                    Object.assign(w, {number: null, ticketState: null, sinceMillis: null});
                }
                return null;
            case 'WindowOpened':
                if (w) {
                    Object.assign(w, {state: 'OPEN', staff: e.staff || null});
                }
                return null;
            case 'WindowPaused':
                if (w) {
                    w.state = 'PAUSED';
                }
                return null;
            case 'WindowResumed':
                if (w) {
                    w.state = 'OPEN';
                }
                return null;
            case 'WindowClosed':
                if (w) {
                    Object.assign(w, {state: 'CLOSED', staff: null});
                }
                return null;
            case 'DayClosed':
                for (const cat of Object.values(this.categories)) {
                    cat.waiting = 0;
                    cat.next = [];
                }
                this.calls = [];
                return null;
            default:
                return null;
        }
    }
}
