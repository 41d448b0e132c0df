package org.gerenb.cli;

import ai.djl.Device;

/** "cpu", "gpu" or "gpu:N"; the default comes from GERE_DEVICE so scripts can move to a GPU server. */
final class Devices {

    static final String DEFAULT = System.getenv().getOrDefault("GERE_DEVICE", "cpu");

    private Devices() {
    }

    static Device parse(String name) {
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (name.equals("gpu")) {
            return Device.gpu();
        }
        if (name.startsWith("gpu:")) {
            return Device.gpu(Integer.parseInt(name.substring(4)));
        }
        throw new Args.UsageException("unknown device '" + name + "', expected cpu, gpu or gpu:N");
    }
}
