package com.handoffwarehouse.jobs.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalog.Table;

/**
 * The warehouse's tables by name in this process's session catalog, built from the folders under the root the
 * catalog was opened with; nothing is stored, so a copied, moved or restored warehouse answers from itself and
 * any number of processes can read at once. In the current database:
 * <ul>
 *   <li>silver and gold ({@code stg_*}, {@code int_*}, {@code dim_*}, {@code fct_*}, {@code mart_*}): views pinned
 *   to the versions of the latest {@link Publication}, so a query sees one build whole;</li>
 *   <li>bronze, quarantine and ops ({@code raw_*}, {@code quarantine_*}, {@code run_log}, {@code publication}, ...):
 *   the Delta tables themselves, at their newest version.</li>
 * </ul>
 * Database {@value #VERSIONS} holds the silver and gold Delta tables themselves, for {@code DESCRIBE HISTORY}
 * and {@code VERSION AS OF}; read without a version they show the newest write, published or not.
 */
public final class SqlNames {
    public static final String VERSIONS = "versions";
    /** The view property naming the publication a published view belongs to (see {@link PublicationCheck}). */
    public static final String PUBLICATION_ID = "warehouse.publication_id";
    private static final int THREADS = 4;

    private final WarehouseCatalog catalog;
    private final SparkSession spark;
    /** Tables this instance registered: qualified name to location, so a repeat registers only what changed. */
    private final Map<String, String> tables = new ConcurrentHashMap<>();
    private final Set<String> views = new TreeSet<>();
    /** The version of ops/publication the views show; -1 for none, null before the first registration. */
    private Long registeredRecord;

    public SqlNames(WarehouseCatalog catalog) {
        this.catalog = catalog;
        this.spark = catalog.spark();
    }

    /**
     * Registers every table under the root and the latest publication's views.
     *
     * @return one line per published table that could not be registered (its version is missing from the
     * folder, as in an incomplete copy); every other name is registered regardless
     */
    public synchronized List<String> register() {
        Optional<Publication> publication = catalog.refreshPublication();
        spark.sql("CREATE DATABASE IF NOT EXISTS " + VERSIONS);
        String current = spark.catalog().currentDatabase();
        Map<String, String> wanted = new LinkedHashMap<>();
        for (Layer layer : Layer.values()) {
            for (String name : tablesIn(layer)) {
                String location = catalog.location(layer.folder() + "/" + name);
                wanted.put((layer.published() ? VERSIONS : current) + "." + name, location);
            }
        }
        Map<String, String> problems = new ConcurrentSkipListMap<>();
        Map<String, Publication.Entry> published = new LinkedHashMap<>();
        publication.ifPresent(p -> p.entries().forEach(e -> published.put(e.tableName(), e)));
        // Table registrations and the loading of each published version's Delta log take the time; with the
        // logs loaded, the views below are replaced in quick succession (PublicationCheck covers the rest).
        List<Runnable> slow = new ArrayList<>();
        wanted.forEach((qualified, location) -> {
            if (!location.equals(tables.get(qualified))) {
                slow.add(() -> registerTable(qualified, location));
            }
        });
        published.values().forEach(e -> slow.add(() -> {
            try {
                spark.read().format("delta").option("versionAsOf", e.version())
                        .load(catalog.location(e.path())).schema();
            } catch (RuntimeException failure) {
                problems.put(e.tableName(), unreadable(e, failure));
            }
        }));
        runAll(slow);
        for (Publication.Entry e : published.values()) {
            if (!problems.containsKey(e.tableName())) {
                try {
                    registerView(current, e, publication.get());
                } catch (RuntimeException failure) {
                    problems.put(e.tableName(), unreadable(e, failure));
                }
            }
        }
        for (String stale : new ArrayList<>(views)) {
            if (!published.containsKey(stale) || problems.containsKey(stale)) {
                spark.sql("DROP VIEW IF EXISTS " + quote(current) + "." + quote(stale));
                views.remove(stale);
            }
        }
        for (String gone : new ArrayList<>(tables.keySet())) {
            if (!wanted.containsKey(gone)) {
                dropIfPresent(gone);
                tables.remove(gone);
            }
        }
        registeredRecord = publication.map(Publication::recordVersion).orElse(-1L);
        return List.copyOf(problems.values());
    }

    /**
     * Registers again when a publication has been committed since the last registration, for a long-lived
     * reader such as the SQL server; cheap otherwise (one look at the publication record's log).
     *
     * @return empty when nothing was published since; otherwise what {@link #register()} returns
     */
    public synchronized Optional<List<String>> refresh() {
        long latest = catalog.version(Tables.PUBLICATION);
        if (registeredRecord != null && latest == registeredRecord) {
            return Optional.empty();
        }
        return Optional.of(register());
    }

    /** The publication the views show, if any. */
    public Optional<Publication> publication() {
        return catalog.publication();
    }

    private void registerTable(String qualified, String location) {
        dropIfPresent(qualified);
        spark.sql("CREATE TABLE " + quoteQualified(qualified) + " USING delta LOCATION " + literal(location));
        tables.put(qualified, location);
    }

    private void registerView(String database, Publication.Entry e, Publication publication) {
        String name = quote(database) + "." + quote(e.tableName());
        Optional<Table> existing = find(database, e.tableName());
        if (existing.isPresent() && !"VIEW".equals(existing.get().tableType())) {
            dropIfPresent(database + "." + e.tableName());
        }
        spark.sql("CREATE OR REPLACE VIEW " + name
                + " COMMENT " + literal(e.path() + " version " + e.version() + ", " + publication)
                + " TBLPROPERTIES (" + literal(PUBLICATION_ID) + " = " + literal(publication.id()) + ")"
                + " AS SELECT * FROM delta." + quote(catalog.location(e.path())) + " VERSION AS OF " + e.version());
        views.add(e.tableName());
    }

    private void dropIfPresent(String qualified) {
        int dot = qualified.indexOf('.');
        find(qualified.substring(0, dot), qualified.substring(dot + 1)).ifPresent(t ->
                // Registered tables are external (a LOCATION): dropping one forgets the name, never the data.
                spark.sql("DROP " + ("VIEW".equals(t.tableType()) ? "VIEW" : "TABLE") + " " + quoteQualified(qualified)));
    }

    private Optional<Table> find(String database, String name) {
        try {
            return spark.catalog().tableExists(database, name)
                    ? Optional.of(spark.catalog().getTable(database, name)) : Optional.empty();
        } catch (AnalysisException e) {
            return Optional.empty();
        }
    }

    /** The Delta tables in one layer's folder, by folder name. */
    private List<String> tablesIn(Layer layer) {
        Path folder = new Path(catalog.location(layer.folder()));
        try {
            FileSystem fs = folder.getFileSystem(spark.sessionState().newHadoopConf());
            if (!fs.exists(folder)) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (FileStatus child : fs.listStatus(folder)) {
                if (child.isDirectory() && fs.exists(new Path(child.getPath(), "_delta_log"))) {
                    names.add(child.getPath().getName());
                }
            }
            Collections.sort(names);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the tables in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void runAll(List<Runnable> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, tasks.size()), r -> {
            Thread t = new Thread(r, "sql-names");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            tasks.forEach(t -> running.add(pool.submit(t)));
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while registering the warehouse tables", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String unreadable(Publication.Entry e, RuntimeException failure) {
        return e.tableName() + ": published version " + e.version() + " of " + e.path() + " cannot be read ("
                + firstLine(failure.getMessage()) + "); the name is left out";
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    private static String quoteQualified(String qualified) {
        int dot = qualified.indexOf('.');
        return quote(qualified.substring(0, dot)) + "." + quote(qualified.substring(dot + 1));
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
