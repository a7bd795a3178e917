import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * scaffolder-core in-process latency, one project at a time on a warm engine: the part of bench/generation-latency
 * hyperfine cannot measure. Run as a source file with the engine on the class path:
 *
 *   java -cp scaffolder-core/target/scaffolder.jar bench/GenerationLatency.java ARCHETYPE_JAR ID WARMUP RUNS WORKDIR
 *
 * Prints one JSON object: per-project samples in milliseconds, in memory (generate) and written to disk (generate
 * plus writeTo a new directory).
 */
public class GenerationLatency {
    public static void main(String[] args) throws Exception {
        Scaffolder engine = Scaffolder.fromJars(List.of(Path.of(args[0])));
        String archetype = args[1];
        int warmup = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Path work = Files.createDirectories(Path.of(args[4]));

        for (int i = 0; i < warmup; i++) {
            engine.generate(request(archetype, i)).writeTo(work.resolve("warmup-" + i));
        }
        List<Double> memory = new ArrayList<>();
        List<Double> disk = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            engine.generate(request(archetype, i));
            memory.add((System.nanoTime() - start) / 1e6);
        }
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            engine.generate(request(archetype, i)).writeTo(work.resolve("run-" + i));
            disk.add((System.nanoTime() - start) / 1e6);
        }
        System.out.println("{\"in_memory_ms\": " + json(memory) + ", \"to_disk_ms\": " + json(disk) + "}");
    }

    private static GenerationRequest request(String archetype, int i) {
        return GenerationRequest.of(archetype).with("groupId", "com.example").with("artifactId", "orders-" + i);
    }

    private static String json(List<Double> samples) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        samples.forEach(sample -> joined.add(String.format(java.util.Locale.ROOT, "%.4f", sample)));
        return joined.toString();
    }
}
