package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drop-in replacement for rapaio-jupyter-kernel 3.0.x's LoopThread (same name and public API), put before
 * the kernel jar on the class path by environment/setup.sh. Written for GeRe-NB; it fixes two start-up
 * races that leave a kernel that never answers kernel_info (see environment/README.md):
 * <ol>
 * <li>3.0.x marks the loop as running only after Thread.start() returns, so a loop thread scheduled before
 *     its starter ends at once, silently; when that is the shell loop, no request is ever answered.
 *     Here the flag is set before the thread starts.</li>
 * <li>The channels start their loops before the kernel installs its message handlers, so a request that
 *     is already waiting (clients send kernel_info from the moment they connect) throws a
 *     NullPointerException that kills the shell loop. Here an exception from one turn is logged and the
 *     loop goes on; the request is lost, and Jupyter clients repeat kernel_info every second.</li>
 * </ol>
 */
public final class LoopThread extends Thread {

    private static final Logger LOGGER = Logger.getLogger("LoopThread");
    private static final int MAX_REPORTS = 10;

    private volatile boolean running;
    private final long sleep;
    private final Runnable loopBody;
    private int failures;

    public LoopThread(String name, long sleep, Runnable loopBody) {
        super(name);
        this.sleep = sleep;
        this.loopBody = loopBody;
    }

    @Override
    public void run() {
        while (running) {
            try {
                loopBody.run();
            } catch (RuntimeException e) {
                if (++failures <= MAX_REPORTS) {
                    LOGGER.log(Level.WARNING, getName() + ": loop turn failed (" + e + "), loop continues", e);
                }
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                running = false;
                return;
            }
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        super.start();
    }

    public void shutdown() {
        running = false;
    }
}
