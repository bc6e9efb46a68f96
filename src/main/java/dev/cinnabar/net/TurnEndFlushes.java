package dev.cinnabar.net;

import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;

/**
 * Replies leave at the end of the event loop's turn, once every connection with requests
 * ready has been read and served, as Redis writes its replies just before it waits for
 * events again. On loopback a send wakes the peer's waiting thread; one burst of sends
 * wakes a pipelining client once, where a send after each connection's read wakes it again
 * and again, and those wake-ups were the largest cost of a send. Keyspace thread only.
 */
final class TurnEndFlushes implements Runnable {

    private final List<Runnable> pending = new ArrayList<>();
    private boolean scheduled;

    /** Runs {@code flush} at the end of the current turn of {@code loop}; the caller adds it at most once per turn. */
    void add(Runnable flush, EventLoop loop) {
        pending.add(flush);
        if (!scheduled) {
            scheduled = true;
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        // A flush added by a flush (none is expected) runs in this same pass.
        for (int i = 0; i < pending.size(); i++) {
            pending.get(i).run();
        }
        pending.clear();
        scheduled = false;
    }
}
