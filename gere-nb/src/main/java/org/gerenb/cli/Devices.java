package org.gerenb.cli;

import ai.djl.Device;
import org.gerenb.CudaDevices;

/**
 * "cpu", "gpu" or "gpu:N"; the default comes from GERE_DEVICE so scripts can move to a GPU server. A GPU
 * that cannot be had is an error saying how to get CUDA libtorch, never a silent fall-back to the CPU.
 */
final class Devices {

    static final String DEFAULT = System.getenv().getOrDefault("GERE_DEVICE", "cpu");

    private Devices() {
    }

    static Device parse(String name) {
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (name.equals("gpu")) {
            return CudaDevices.require(0);
        }
        if (name.startsWith("gpu:")) {
            return CudaDevices.require(Integer.parseInt(name.substring(4)));
        }
        throw new Args.UsageException("unknown device '" + name + "', expected cpu, gpu or gpu:N");
    }
}
