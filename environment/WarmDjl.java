import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Starts the PyTorch engine once so that DJL extracts its native libraries into DJL_CACHE_DIR (about 5 s
 * and 430 MB the first time). Run with the project's classpath, e.g. by environment/setup.sh --warm-djl:
 *   java -cp "gere-nb/target/gere-nb.jar:gere-nb/target/lib/*" environment/WarmDjl.java
 */
public class WarmDjl {
    public static void main(String[] args) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(6f).reshape(2, 3);
            Engine engine = Engine.getInstance();
            System.out.println("DJL " + engine.getEngineName() + " " + engine.getVersion()
                    + " ready on " + manager.getDevice() + ", sum check " + x.sum().getFloat() + " (expect 15.0)");
        }
    }
}
