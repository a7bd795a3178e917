package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One engine instance, many requests at once: each result is exactly what the same request gives on its own. */
class ScaffolderConcurrencyIT {
    private static final int GENERATIONS = 200;
    private static final int THREADS = 16;

    @Test
    void twoHundredGenerationsOnSixteenThreadsEachEqualItsSequentialTwin() throws Exception {
        Scaffolder engine = Scaffolding.engine();
        List<GenerationRequest> requests = requests();
        List<GeneratedTree> sequential = requests.stream().map(engine::generate).toList();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<GeneratedTree>> concurrent = new ArrayList<>();
            for (GenerationRequest request : requests) {
                concurrent.add(pool.submit(() -> {
                    start.await();
                    return engine.generate(request);
                }));
            }
            start.countDown();
            for (int i = 0; i < GENERATIONS; i++) {
                GeneratedTree twin = sequential.get(i);
                GeneratedTree tree = concurrent.get(i).get(5, TimeUnit.MINUTES);
                // The whole tree: every file with its path, mode and bytes, every directory (empty ones too), and
                // the values it was generated with.
                assertThat(tree.archetype()).as("request %d: archetype", i).isEqualTo(twin.archetype());
                assertThat(tree.files()).as("request %d: files and modes: %s", i, requests.get(i))
                        .isEqualTo(twin.files());
                assertThat(tree.files()).extracting(GeneratedFile::mode).as("request %d: modes", i)
                        .isEqualTo(twin.files().stream().map(GeneratedFile::mode).toList());
                assertThat(tree.directories()).as("request %d: directories: %s", i, requests.get(i))
                        .isEqualTo(twin.directories());
                assertThat(tree.properties()).as("request %d: properties", i).isEqualTo(twin.properties());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(sequential).extracting(tree -> tree.properties().get("artifactId")).doesNotHaveDuplicates();
    }

    /** Every archetype, every allocator, and names, ports and Rust versions that differ from request to request. */
    private static List<GenerationRequest> requests() {
        Archetype[] archetypes = Archetype.values();
        String[] allocators = {"mimalloc", "jemalloc", "system"};
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < GENERATIONS; i++) {
            Archetype archetype = archetypes[i % archetypes.length];
            requests.add(GenerationRequest.of(archetype.id(), archetype.properties())
                    .with("groupId", "com.example.team" + i)
                    .with("artifactId", (i % 2 == 0 ? "svc-" : "svc_") + i)
                    .with("port", String.valueOf(1024 + 97 * i))
                    .with("allocator", allocators[i % allocators.length])
                    .with("rustVersion", "1." + (89 + i % 7) + (i % 3 == 0 ? ".0" : "")));
        }
        return requests;
    }
}
