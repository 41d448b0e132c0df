package org.rapaio.jupyter.kernel.channels;

import java.lang.reflect.Field;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
import org.rapaio.jupyter.kernel.core.java.JavaEngine;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControlProvider;
import org.rapaio.jupyter.kernel.message.HMACDigest;
import org.rapaio.jupyter.kernel.message.Message;
import org.rapaio.jupyter.kernel.message.MessageType;
import org.rapaio.jupyter.kernel.message.messages.ControlInterruptReply;
import org.rapaio.org.zeromq.SocketType;
import org.rapaio.org.zeromq.ZMQ;

/**
 * Drop-in replacement for rapaio-jupyter-kernel 3.0.x's ControlChannel (same name and constructor), put
 * before the kernel jar on the class path by environment/setup.sh. Written for GeRe-NB.
 * <p>
 * In 3.0.x the control loop handles interrupt_request like a shell request: it overwrites the message id
 * that the shell thread's running cell replies with, and runs that cell's pending after-actions (its
 * execute_reply among them) from the control thread. The interrupted cell's reply is then sent with the
 * interrupt's identity on the shell socket and lost, so a front end shows the cell running for ever. Here
 * an interrupt touches none of that shared state: it is answered on the control socket, as the protocol
 * says, and only the running cell is cancelled; the cell then ends with its own error reply. Every other
 * control request (shutdown) is handled as before.
 * <p>
 * The kernel's own interrupt (RapaioKernel.interrupt, JavaEngine.interrupt) also calls stop() on the
 * execution control, which shuts its executor down, and stops JShell: every later cell then runs without
 * any output or error. So the cell is cancelled through the execution control's interrupt() alone, which
 * cancels the cell's task and interrupts its thread. JavaEngine keeps that control in private fields,
 * reached here by reflection (checked against 3.0.1).
 */
public final class ControlChannel extends AbstractChannel {

    private static final Logger LOGGER = Logger.getLogger("ControlChannel");
    private static final long LOOP_SLEEP = 50;

    private volatile LoopThread loopThread;

    public ControlChannel(Channels channels, ZMQ.Context context, HMACDigest hmacGenerator) {
        super(channels, "ControlChannel", context, SocketType.ROUTER, hmacGenerator);
    }

    @Override
    public void bind(ConnectionProperties connProps) {
        if (loopThread != null) {
            throw new IllegalStateException("Channel already bound.");
        }
        String addr = connProps.formatAddress(connProps.controlPort());
        LOGGER.info(logPrefix + "Binding to " + addr);
        socket.bind(addr);
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(socket, ZMQ.Poller.POLLIN);
        loopThread = new LoopThread("Control-0", LOOP_SLEEP, () -> {
            if (poller.poll(0) > 0) {
                handle(readMessage());
            }
        });
        loopThread.start();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void handle(Message<?> message) {
        MessageType<?> type = message.header().type();
        if (type == MessageType.CONTROL_INTERRUPT_REQUEST) {
            LOGGER.info(logPrefix + "Handling message: " + type.name());
            ControlInterruptReply reply = new ControlInterruptReply();
            sendMessage(new Message<>(message.getId(), reply.type(), reply));
            interruptRunningCell();
            return;
        }
        MessageHandler handler = channels.getHandler(type);
        if (handler == null) {
            LOGGER.severe(logPrefix + "Unhandled message: " + type.name());
            return;
        }
        LOGGER.info(logPrefix + "Handling message: " + type.name());
        channels.setMsgId(message.getId());
        try {
            handler.handle(message);
        } catch (Exception e) {
            LOGGER.severe(logPrefix + "Exception handling " + type.name() + ": " + e);
        } finally {
            channels.runAfterActions();
        }
        if (channels.isMarkedForShutdown()) {
            channels.close();
        }
    }

    private void interruptRunningCell() {
        RapaioExecutionControl control;
        try {
            JavaEngine engine = MainApp.kernel.javaEngine();
            Field provider = JavaEngine.class.getDeclaredField("controlProvider");
            Field id = JavaEngine.class.getDeclaredField("executionId");
            provider.setAccessible(true);
            id.setAccessible(true);
            control = ((RapaioExecutionControlProvider) provider.get(engine)).getRegisteredControl((String) id.get(engine));
        } catch (ReflectiveOperationException e) {
            LOGGER.warning(logPrefix + "cannot reach the execution control (" + e + "); using the kernel's interrupt,"
                    + " after which cells may show no output until a restart");
            MainApp.kernel.interrupt();
            return;
        }
        if (control != null) {  // null: no cell has run yet
            control.interrupt();
        }
    }

    @Override
    public void close() {
        if (loopThread != null) {
            loopThread.shutdown();
        }
        super.close();
    }

    @Override
    public void joinUntilClose() {
        if (loopThread != null) {
            try {
                loopThread.join();
            } catch (InterruptedException ignored) {
                // main is ending anyway
            }
        }
    }
}
