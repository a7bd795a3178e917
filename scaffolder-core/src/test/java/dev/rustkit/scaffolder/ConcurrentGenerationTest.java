package dev.rustkit.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentGenerationTest {
    @TempDir
    Path jars;

    @Test
    void oneEngineServesConcurrentRequestsEachAsIfItRanAlone() throws Exception {
        Scaffolder scaffolder = TestArchetype.rustkit("svc-archetype").load(jars);
        List<GenerationRequest> requests = new ArrayList<>();
        String[] allocators = {"mimalloc", "jemalloc", "system"};
        for (int i = 0; i < 64; i++) {
            requests.add(GenerationRequest.of("svc").with("groupId", "g" + i).with("artifactId", "svc-" + i)
                    .with("port", String.valueOf(1000 + i)).with("allocator", allocators[i % 3]));
        }
        List<GeneratedTree> sequential = requests.stream().map(scaffolder::generate).toList();

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<GeneratedTree>> concurrent = new ArrayList<>();
            for (GenerationRequest request : requests) {
                concurrent.add(pool.submit(() -> {
                    start.await();
                    return scaffolder.generate(request);
                }));
            }
            start.countDown();
            for (int i = 0; i < requests.size(); i++) {
                assertThat(concurrent.get(i).get().files()).as("request %d", i).isEqualTo(sequential.get(i).files());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
