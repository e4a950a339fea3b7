package djlab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run ran on, recorded in its summary so figures can be compared knowingly. */
final class Environment {

    private Environment() {}

    static Map<String, Object> describe(Device device) {
        Engine engine = Engine.getInstance();
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        env.put("djl", Engine.getDjlVersion());
        env.put("engine", engine.getEngineName());
        env.put("pytorch", engine.getVersion());
        env.put("device", device.toString());
        env.put("gpus", engine.getGpuCount());
        env.put("intra_op_threads", System.getProperty("ai.djl.pytorch.num_threads", "engine default"));
        env.put("inter_op_threads", System.getProperty("ai.djl.pytorch.num_interop_threads", "engine default"));
        env.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        env.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return env;
    }
}
