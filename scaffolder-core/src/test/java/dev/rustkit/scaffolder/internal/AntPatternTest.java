package dev.rustkit.scaffolder.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AntPatternTest {

    @ParameterizedTest(name = "{0} + {1} matches {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", emptyValue = "", textBlock = """
            ''   | Cargo.toml    | Cargo.toml          | true
            ''   | Cargo.toml    | src/Cargo.toml      | false
            ''   | **/*.rs       | main.rs             | true
            ''   | **/*.rs       | src/bin/main.rs     | true
            ''   | src/*.rs      | src/bin/main.rs     | false
            ''   | src/          | src/bin/main.rs     | true
            ''   | ?.txt         | a.txt               | true
            ''   | ?.txt         | ab.txt              | false
            ''   | **            | pk/                 | true
            ''   | **/*.txt      | pk/                 | false
            src  | **/*.txt      | src/a/b.txt         | true
            src  | **/*.txt      | a/b.txt             | false
            src  | main.rs       | src/main.rs         | true
            ''   | .github/workflows/ci.yml | .github/workflows/ci.yml | true
            ''   | Cargo.toml    | cargo.toml          | false
            """)
    void matchesAsTheArchetypePluginsScannerDoes(String directory, String include, String path, boolean matches) {
        assertThat(AntPattern.of(directory, include).matches(path)).isEqualTo(matches);
    }
}
