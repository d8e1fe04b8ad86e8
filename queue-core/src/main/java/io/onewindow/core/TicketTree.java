package io.onewindow.core;

import java.util.List;

/**
 * A persistent (path-copying) treap of tickets, ordered by the queue ({@link #BY_QUEUE}: the line of the
 * ticket, i.e. its category and class, then its place in that line) or by id ({@link #BY_ID}). All the lines of a
 * hall are one {@code BY_QUEUE} tree, each line a contiguous range of it ({@link #firstOf}, {@link #countBelow}),
 * so a change of the line copies a path and no array of lines. Immutable: every change returns a new root and
 * shares all untouched nodes with the old one, which is what lets {@link HallState} be one immutable value
 * behind one atomic reference. The empty tree is
 * {@code null}. Node priorities are a hash of the ticket id, so the shape is a pure function of the contents
 * (expected depth O(log n) even for ids that only grow) and both dispatchers build identical trees.
 *
 * <p>Each node carries its subtree size, for the rank (a ticket's position) and the k-th ticket in O(log n).
 * A node is 32 bytes with compressed references.
 */
final class TicketTree {

    /** Queue order: the line ({@link #lineOf}), then queue time, then the tie-break order, then id. */
    static final int BY_QUEUE = 0;
    /** Id order. */
    static final int BY_ID = 1;

    final Ticket ticket;
    final TicketTree left;
    final TicketTree right;
    final int size;
    final int priority;

    private TicketTree(Ticket ticket, TicketTree left, TicketTree right, int priority) {
        this.ticket = ticket;
        this.left = left;
        this.right = right;
        this.size = 1 + size(left) + size(right);
        this.priority = priority;
    }

    static int size(TicketTree n) {
        return n == null ? 0 : n.size;
    }

    /** The index of the ticket's line: {@code category * CLASSES + lineClass}. */
    static int lineOf(Ticket t) {
        return t.categoryIndex() * DispatchPolicy.CLASSES + t.lineClass();
    }

    static int compare(Ticket a, Ticket b, int order) {
        if (order == BY_QUEUE) {
            int c = Integer.compare(lineOf(a), lineOf(b));
            return c != 0 ? c : compareInLine(a, b);
        }
        return Long.compare(a.id(), b.id());
    }

    /** The order within a line, whatever the lines: queue time, then the tie-break order, then id. */
    static int compareInLine(Ticket a, Ticket b) {
        int c = Long.compare(a.queueTimeMillis(), b.queueTimeMillis());
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.order(), b.order());
        return c != 0 ? c : Long.compare(a.id(), b.id());
    }

    private static int priorityOf(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 32)) * 0xD6E8FEB86659FD93L;
        return (int) (z ^ (z >>> 32));
    }

    /** The tree with {@code t} added; {@code t} must not be in it (by the tree's order). */
    static TicketTree insert(TicketTree n, Ticket t, int order) {
        if (n == null) {
            return new TicketTree(t, null, null, priorityOf(t.id()));
        }
        int c = compare(t, n.ticket, order);
        if (c == 0) {
            throw new IllegalStateException("ticket " + t.id() + " is already in the tree");
        }
        if (c < 0) {
            TicketTree l = insert(n.left, t, order);
            if (l.priority > n.priority) {
                return new TicketTree(l.ticket, l.left, new TicketTree(n.ticket, l.right, n.right, n.priority),
                        l.priority);
            }
            return new TicketTree(n.ticket, l, n.right, n.priority);
        }
        TicketTree r = insert(n.right, t, order);
        if (r.priority > n.priority) {
            return new TicketTree(r.ticket, new TicketTree(n.ticket, n.left, r.left, n.priority), r.right,
                    r.priority);
        }
        return new TicketTree(n.ticket, n.left, r, n.priority);
    }

    /** The tree without the ticket equal to {@code t} in the tree's order; it must be there. */
    static TicketTree remove(TicketTree n, Ticket t, int order) {
        if (n == null) {
            throw new IllegalStateException("ticket " + t.id() + " is not in the tree");
        }
        int c = compare(t, n.ticket, order);
        if (c == 0) {
            return merge(n.left, n.right);
        }
        if (c < 0) {
            return new TicketTree(n.ticket, remove(n.left, t, order), n.right, n.priority);
        }
        return new TicketTree(n.ticket, n.left, remove(n.right, t, order), n.priority);
    }

    private static TicketTree merge(TicketTree a, TicketTree b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            return new TicketTree(a.ticket, a.left, merge(a.right, b), a.priority);
        }
        return new TicketTree(b.ticket, merge(a, b.left), b.right, b.priority);
    }

    /** The first ticket in the tree's order, or null. */
    static Ticket first(TicketTree n) {
        if (n == null) {
            return null;
        }
        while (n.left != null) {
            n = n.left;
        }
        return n.ticket;
    }

    /** In a {@link #BY_QUEUE} tree: the first ticket of line {@code line}, or null when the line is empty. */
    static Ticket firstOf(TicketTree n, int line) {
        Ticket found = null;
        while (n != null) {
            int l = lineOf(n.ticket);
            if (l < line) {
                n = n.right;
            } else {
                if (l == line) {
                    found = n.ticket;
                }
                n = n.left;
            }
        }
        return found;
    }

    /** In a {@link #BY_QUEUE} tree: how many tickets wait in lines before {@code line}. */
    static int countBelow(TicketTree n, int line) {
        int r = 0;
        while (n != null) {
            if (lineOf(n.ticket) < line) {
                r += size(n.left) + 1;
                n = n.right;
            } else {
                n = n.left;
            }
        }
        return r;
    }

    /** In a {@link #BY_QUEUE} tree: how many tickets wait in lines {@code [fromLine, toLine)}. */
    static int count(TicketTree n, int fromLine, int toLine) {
        return countBelow(n, toLine) - countBelow(n, fromLine);
    }

    /** The last ticket in the tree's order, or null. */
    static Ticket last(TicketTree n) {
        if (n == null) {
            return null;
        }
        while (n.right != null) {
            n = n.right;
        }
        return n.ticket;
    }

    /** In a {@link #BY_ID} tree: the ticket with this id, or null. */
    static Ticket findById(TicketTree n, long id) {
        while (n != null) {
            long nid = n.ticket.id();
            if (id == nid) {
                return n.ticket;
            }
            n = id < nid ? n.left : n.right;
        }
        return null;
    }

    /** How many tickets come before {@code t} in the tree's order. */
    static int rank(TicketTree n, Ticket t, int order) {
        int r = 0;
        while (n != null) {
            int c = compare(t, n.ticket, order);
            if (c <= 0) {
                if (c == 0) {
                    return r + size(n.left);
                }
                n = n.left;
            } else {
                r += size(n.left) + 1;
                n = n.right;
            }
        }
        return r;
    }

    /** The ticket at index {@code i} (0-based) in the tree's order. */
    static Ticket at(TicketTree n, int i) {
        while (n != null) {
            int ls = size(n.left);
            if (i < ls) {
                n = n.left;
            } else if (i == ls) {
                return n.ticket;
            } else {
                i -= ls + 1;
                n = n.right;
            }
        }
        throw new IndexOutOfBoundsException(i);
    }

    /** Adds the tickets in the tree's order to {@code out} until it holds {@code limit}. */
    static void collect(TicketTree n, List<Ticket> out, int limit) {
        if (n == null || out.size() >= limit) {
            return;
        }
        collect(n.left, out, limit);
        if (out.size() < limit) {
            out.add(n.ticket);
        }
        collect(n.right, out, limit);
    }

    /**
     * In a {@link #BY_QUEUE} tree: adds the tickets of lines {@code [fromLine, toLine)}, in order, to {@code out}
     * until it holds {@code limit}.
     */
    static void collect(TicketTree n, int fromLine, int toLine, List<Ticket> out, int limit) {
        if (n == null || out.size() >= limit) {
            return;
        }
        int l = lineOf(n.ticket);
        if (l >= fromLine) {
            collect(n.left, fromLine, toLine, out, limit);
        }
        if (l >= fromLine && l < toLine && out.size() < limit) {
            out.add(n.ticket);
        }
        if (l < toLine) {
            collect(n.right, fromLine, toLine, out, limit);
        }
    }

    /**
     * In a {@link #BY_QUEUE} tree: whether a ticket of this person waits in lines {@code [fromLine, toLine)}.
     * O(n) in those lines: only issues with an ID number ask.
     */
    static boolean containsPerson(TicketTree n, int fromLine, int toLine, String personKey) {
        if (n == null) {
            return false;
        }
        int l = lineOf(n.ticket);
        return (l >= fromLine && l < toLine && personKey.equals(n.ticket.personKey()))
                || (l >= fromLine && containsPerson(n.left, fromLine, toLine, personKey))
                || (l < toLine && containsPerson(n.right, fromLine, toLine, personKey));
    }
}
