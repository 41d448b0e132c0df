package org.gerenb.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CudaDevicesTest {

    @Test
    void theCpuBuildOnAGpuMachineSaysHowToGetCuda() {
        String message = CudaDevices.problem(0, false, 2, 0, "2.7.1");
        assertTrue(message.contains("CPU build of libtorch 2.7.1 is loaded although 2 CUDA GPU(s)"), message);
        assertTrue(message.contains("--device gpu") && message.contains("PYTORCH_LIBRARY_PATH")
                && message.contains("download"), message);
    }

    @Test
    void aMissingIndexNamesTheUsableOnes() {
        String message = CudaDevices.problem(3, true, 2, 2, "2.7.1");
        assertTrue(message.contains("gpu:3 requested, but libtorch sees only 2 CUDA GPU(s); use gpu:0..1"), message);
    }

    @Test
    void onThisCpuOnlyTestMachineAGpuRequestFailsLoudly() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Devices.parse("gpu"));
        assertTrue(error.getMessage().contains("PYTORCH_LIBRARY_PATH"), error.getMessage());
    }
}
