package com.handoffwarehouse.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the generator tests ask of the files written: their digests, and whether a value is a real timestamp. */
final class SampleFiles {
    private SampleFiles() {
    }

    /** SHA-256 of every file below {@code root}, by relative path. */
    static Map<String, String> hashes(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(f).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
            }
        }
        return out;
    }

    /** Whether an API-spelled value is an ISO-8601 instant; a garbled defect value is not. */
    static boolean parses(String ts) {
        try {
            Instant.parse(ts);
            return true;
        } catch (DateTimeParseException | NullPointerException e) {
            return false;
        }
    }
}
