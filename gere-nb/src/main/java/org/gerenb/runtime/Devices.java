package org.gerenb.runtime;

import ai.djl.Device;

/**
 * "cpu", "gpu" or "gpu:N"; the default comes from GERE_DEVICE so scripts and notebooks can move to a GPU
 * server. A GPU that cannot be had is an error saying how to get CUDA libtorch, never a silent fall-back
 * to the CPU.
 */
public final class Devices {

    /** GERE_DEVICE, or "cpu". */
    public static final String DEFAULT = System.getenv().getOrDefault("GERE_DEVICE", "cpu");

    private Devices() {
    }

    public static Device parse(String name) {
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (name.equals("gpu")) {
            return CudaDevices.require(0);
        }
        if (name.matches("gpu:\\d+")) {
            return CudaDevices.require(Integer.parseInt(name.substring(4)));
        }
        throw new IllegalArgumentException("unknown device '" + name + "', expected cpu, gpu or gpu:N");
    }
}
