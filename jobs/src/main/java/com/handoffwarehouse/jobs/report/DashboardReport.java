package com.handoffwarehouse.jobs.report;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The leadership dashboard: one self-contained HTML file (ECharts inlined from its WebJar, the numbers embedded
 * as one JSON object the page script draws from) and {@value #BREACHES_CSV}, every open breach. Nothing on the
 * page is fetched, so it opens from disk or a mail attachment with no network.
 */
public final class DashboardReport {
    public static final String PAGE = "dashboard.html";
    public static final String BREACHES_CSV = "open_breaches.csv";

    static final String TEMPLATE = "/report/dashboard.html";
    static final String ECHARTS_PLACEHOLDER = "/*ECHARTS*/";
    static final String DATA_PLACEHOLDER = "__DASHBOARD_DATA__";
    private static final String ECHARTS_POM = "/META-INF/maven/org.webjars/echarts/pom.properties";

    private DashboardReport() {
    }

    /**
     * Writes {@value #PAGE} and {@value #BREACHES_CSV} into {@code outDir}, replacing earlier ones.
     *
     * @param asOf the instant the marts were built as of, shown on the page
     * @return the HTML file
     */
    public static Path write(WarehouseCatalog catalog, Instant asOf, Path outDir) {
        try {
            Files.createDirectories(outDir);
            Path page = outDir.resolve(PAGE);
            Files.writeString(page, html(DashboardData.collect(catalog, asOf)), StandardCharsets.UTF_8);
            writeBreaches(catalog, outDir.resolve(BREACHES_CSV));
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the dashboard into " + outDir, e);
        }
    }

    static String html(Map<String, Object> data) throws IOException {
        String template = resource(TEMPLATE);
        // One pass over the template, so neither the library nor the data can be mistaken for a placeholder.
        int lib = template.indexOf(ECHARTS_PLACEHOLDER);
        int json = template.indexOf(DATA_PLACEHOLDER);
        if (lib < 0 || json < lib) {
            throw new IllegalStateException(TEMPLATE + " must hold " + ECHARTS_PLACEHOLDER + " then " + DATA_PLACEHOLDER);
        }
        return template.substring(0, lib) + resource(echartsPath())
                + template.substring(lib + ECHARTS_PLACEHOLDER.length(), json) + json(data)
                + template.substring(json + DATA_PLACEHOLDER.length());
    }

    /**
     * JSON safe inside a script element: '<' only occurs inside JSON strings, where its escape reads back the
     * same, and without it a name holding "</script>" would end the block.
     */
    static String json(Map<String, Object> data) throws JsonProcessingException {
        return new ObjectMapper().writeValueAsString(data).replace("<", "\\u003c");
    }

    /** The library's path inside its WebJar, from the WebJar's own version, so the pom is the one place to bump it. */
    static String echartsPath() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = DashboardReport.class.getResourceAsStream(ECHARTS_POM)) {
            if (in == null) {
                throw new IOException("the ECharts WebJar (org.webjars:echarts) is not on the classpath");
            }
            pom.load(in);
        }
        return "/META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/echarts.min.js";
    }

    /** Every open breach, longest overdue first, with the names of the manager to escalate to and of the AE. */
    private static void writeBreaches(WarehouseCatalog catalog, Path file) throws IOException {
        Path parts = Files.createTempDirectory(file.toAbsolutePath().getParent(), ".open_breaches");
        try {
            Optional<Dataset<Row>> people = DashboardData.people(catalog);
            Dataset<Row> breaches = DashboardData.named(DashboardData.named(
                    catalog.read(Tables.MART_SLA_BREACHES_OPEN), people, "manager_id", "manager_name"),
                    people, "ae_id", "ae_name");
            breaches.orderBy(col("hours_overdue").desc(), col("lead_id"), col("handoff_seq"), col("breach"))
                    .coalesce(1).write().mode("overwrite").option("header", "true")
                    .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ssXXX")
                    .csv(parts.resolve("csv").toString());
            try (Stream<Path> written = Files.list(parts.resolve("csv"))) {
                Path part = written.filter(p -> p.getFileName().toString().startsWith("part-")).findFirst()
                        .orElseThrow(() -> new IOException("Spark wrote no CSV part under " + parts));
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
            // Spark writes no header when there are no rows; a file of headers still tells the reader "none".
            if (Files.size(file) == 0) {
                Files.writeString(file, String.join(",", breaches.columns()) + "\n", StandardCharsets.UTF_8);
            }
        } finally {
            try (Stream<Path> left = Files.walk(parts)) {
                left.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DashboardReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name + " on the classpath; rebuild the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
