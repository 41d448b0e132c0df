package org.gerenb.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.util.cuda.CudaUtils;

/**
 * A "gpu" request turned into a CUDA device, or an error that says how to get CUDA. Without this check
 * DJL quietly runs on the CPU when the CPU build of libtorch was loaded, and a paper-scale run would
 * crawl for days before anyone noticed.
 */
public final class CudaDevices {

    static final String HOW_TO_GET_CUDA = "start through ./gere with --device gpu (or GERE_DEVICE=gpu): it leaves "
            + "pytorch-native-cpu off the classpath and lets DJL download the CUDA build of libtorch 2.7.1 (cu128) "
            + "into DJL_CACHE_DIR on first use; without network, set PYTORCH_LIBRARY_PATH to the lib folder of a "
            + "libtorch 2.7.1 CUDA 12.8 build. Notebook kernels: bash environment/setup.sh --gpu [--libtorch DIR]";

    private CudaDevices() {
    }

    /** Device.gpu(index) once the loaded PyTorch engine can use that CUDA device. */
    public static Device require(int index) {
        Engine engine = startedEngine(index);
        boolean cudaBuild = engine.hasCapability(StandardCapabilities.CUDA);
        int visible = CudaUtils.getGpuCount();
        int usable = cudaBuild ? engine.getGpuCount() : 0;
        if (index < usable) {
            return Device.gpu(index);
        }
        throw new IllegalStateException(problem(index, cudaBuild, visible, usable, engine.getVersion()));
    }

    private static Engine startedEngine(int index) {
        try {
            return Engine.getInstance();
        } catch (RuntimeException e) { // e.g. the CUDA libtorch download failed
            throw new IllegalStateException("gpu:" + index + " requested, but the PyTorch engine did not start ("
                    + e.getMessage() + "); " + HOW_TO_GET_CUDA, e);
        }
    }

    static String problem(int index, boolean cudaBuild, int visibleGpus, int usableGpus, String engineVersion) {
        String what = "gpu:" + index + " requested";
        if (visibleGpus == 0) {
            return what + ", but no CUDA GPU is visible (no NVIDIA driver or device; check nvidia-smi). On a GPU "
                    + "machine, " + HOW_TO_GET_CUDA;
        }
        if (!cudaBuild) {
            return what + ", but the CPU build of libtorch " + engineVersion + " is loaded although " + visibleGpus
                    + " CUDA GPU(s) are visible; " + HOW_TO_GET_CUDA;
        }
        return what + ", but libtorch sees only " + usableGpus + " CUDA GPU(s); use gpu:0.." + (usableGpus - 1)
                + " or set CUDA_VISIBLE_DEVICES";
    }
}
