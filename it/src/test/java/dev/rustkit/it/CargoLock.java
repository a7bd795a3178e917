package dev.rustkit.it;

import java.util.ArrayList;
import java.util.List;

/** A Cargo.lock as its {@code [[package]]} entries, each with its header and a final newline. */
final class CargoLock {

    static List<String> packages(String lock) {
        List<String> blocks = new ArrayList<>();
        for (String block : lock.split("\n(?=\\[\\[package]])")) {
            if (block.startsWith("[[package]]")) {
                blocks.add(block.endsWith("\n") ? block : block + "\n");
            }
        }
        return blocks;
    }

    private CargoLock() {}
}
