package org.rapaio.jupyter.kernel.channels;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.core.ConnectionProperties;
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
 * says, and the kernel is told to interrupt; the cell then ends with its own error reply. Every other
 * control request (shutdown) is handled as before.
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
            try {
                MainApp.kernel.interrupt();
            } catch (RuntimeException e) {  // e.g. nothing is running
                LOGGER.log(Level.FINE, logPrefix + "interrupt: " + e, e);
            }
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
