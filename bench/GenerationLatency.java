import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * scaffolder-core in-process latency, one project at a time on a warm engine: the part of bench/generation-latency
 * hyperfine cannot measure. Run as a source file with the engine on the class path:
 *
 *   java -cp scaffolder-core/target/scaffolder.jar bench/GenerationLatency.java ARCHETYPE_JAR ID WARMUP RUNS WORKDIR \
 *       NAME [KEY=VALUE...]
 *
 * Project i gets artifactId NAME-i and every KEY=VALUE given (the script passes groupId and whatever the archetype
 * requires beyond it, the same values its other ways get). Prints one JSON object: per-project samples in
 * milliseconds, in memory (generate) and written to disk (generate plus writeTo a new directory).
 */
public class GenerationLatency {
    public static void main(String[] args) throws Exception {
        Scaffolder engine = Scaffolder.fromJars(List.of(Path.of(args[0])));
        String archetype = args[1];
        int warmup = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Path work = Files.createDirectories(Path.of(args[4]));
        String name = args[5];
        Map<String, String> properties = new LinkedHashMap<>();
        for (String property : List.of(args).subList(6, args.length)) {
            int equals = property.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("not KEY=VALUE: " + property);
            }
            properties.put(property.substring(0, equals), property.substring(equals + 1));
        }

        for (int i = 0; i < warmup; i++) {
            engine.generate(request(archetype, properties, name + "-" + i)).writeTo(work.resolve("warmup-" + i));
        }
        List<Double> memory = new ArrayList<>();
        List<Double> disk = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            engine.generate(request(archetype, properties, name + "-" + i));
            memory.add((System.nanoTime() - start) / 1e6);
        }
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            engine.generate(request(archetype, properties, name + "-" + i)).writeTo(work.resolve("run-" + i));
            disk.add((System.nanoTime() - start) / 1e6);
        }
        System.out.println("{\"in_memory_ms\": " + json(memory) + ", \"to_disk_ms\": " + json(disk) + "}");
    }

    private static GenerationRequest request(String archetype, Map<String, String> properties, String artifactId) {
        GenerationRequest request = GenerationRequest.of(archetype);
        for (Map.Entry<String, String> property : properties.entrySet()) {
            request = request.with(property.getKey(), property.getValue());
        }
        return request.with("artifactId", artifactId);
    }

    private static String json(List<Double> samples) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        samples.forEach(sample -> joined.add(String.format(java.util.Locale.ROOT, "%.4f", sample)));
        return joined.toString();
    }
}
