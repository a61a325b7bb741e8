package com.handoffwarehouse.jobs.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ingest.IngestJob;
import com.handoffwarehouse.jobs.ingest.SnapshotFileSource;
import com.handoffwarehouse.generator.SampleGenerator;
import com.handoffwarehouse.transforms.SharedSpark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The suite's sample warehouses, each generated, ingested and built once per test JVM and shared by every test
 * class that reads it (read-only to them: a test that damages data copies the CRM folder first). They live
 * under {@code target/sample-warehouses/<name>/} at the top of the project with a {@code sample.json} once
 * complete, so the Python tests (conftest.py) reuse them too. Parameters: sample-warehouses.json, one file
 * for both sides.
 */
public final class SampleWarehouses {
    /** A built sample: its CRM snapshots, the warehouse built from all of them, and the generator's truth. */
    public record Sample(String name, Path crm, WarehouseCatalog catalog, JsonNode truth, JsonNode parameters,
                         Instant asOf) {
        public LocalDate start() {
            return LocalDate.parse(parameters.path("start").asText());
        }

        public int days() {
            return parameters.path("days").asInt();
        }
    }

    private static final Map<String, Sample> BUILT = new HashMap<>();

    private SampleWarehouses() {
    }

    /** The default sample: API-shaped snapshots with injected defects, long enough for every metric's window. */
    public static Sample standard() {
        return get("standard");
    }

    public static synchronized Sample get(String name) {
        return BUILT.computeIfAbsent(name, SampleWarehouses::build);
    }

    /** The folder every sample warehouse is built under: target/ at the top of the project. */
    public static Path root() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent().resolve("target")
                .resolve("sample-warehouses");
    }

    private static Sample build(String name) {
        try {
            JsonNode parameters = parameters().path(name);
            if (parameters.isMissingNode()) {
                throw new IllegalArgumentException("sample-warehouses.json has no sample " + name);
            }
            Path home = root().resolve(name);
            delete(home);
            Path crm = home.resolve("crm");
            SampleGenerator.generate(new SampleGenerator.Settings(crm, LocalDate.parse(parameters.path("start").asText()),
                    parameters.path("days").asInt(), parameters.path("leads").asInt(), parameters.path("seed").asLong(),
                    SampleGenerator.Format.CSV, parameters.path("defect_rate").asDouble()), null, line -> { });
            WarehouseConfig config = ConfigLoader.load(Optional.empty());
            WarehouseCatalog catalog = new WarehouseCatalog(SharedSpark.session(), home.resolve("warehouse").toString());
            SnapshotFileSource source = SnapshotFileSource.open(catalog.spark(), crm.toString(), Optional.empty());
            new IngestJob(catalog, config, Progress.silent()).run(source, source.dates());
            WarehouseBuild.Result built = new WarehouseBuild(catalog, config, RoutingRulesLoader.load(Optional.empty()),
                    Progress.silent()).run(Optional.empty());
            Files.writeString(home.resolve("sample.json"), new ObjectMapper().writeValueAsString(parameters));
            JsonNode truth = new ObjectMapper().readTree(crm.resolve("ground_truth.json").toFile());
            return new Sample(name, crm, catalog, truth, parameters, built.asOf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parameters() throws IOException {
        try (InputStream in = SampleWarehouses.class.getResourceAsStream("/sample-warehouses.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
