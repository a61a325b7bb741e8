package com.handoffwarehouse.jobs.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicationTest {
    private static final Instant FIRST_AS_OF = Instant.parse("2026-09-01T23:59:59Z");
    private static final Instant SECOND_AS_OF = Instant.parse("2026-09-02T23:59:59Z");
    private static final TableRef SILVER = TableRef.of("stg_publication_test", Layer.SILVER);
    private static final TableRef GOLD = TableRef.of("fct_publication_test", Layer.GOLD);

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    private Dataset<Row> ids(long... ids) {
        return TestTables.ids(spark, ids);
    }

    private static List<Long> idsOf(Dataset<Row> table) {
        return TestTables.idsOf(table);
    }

    @Test
    void readersSeeThePublishedVersionsUntilTheNextPublicationAndAPartialOneCarriesTheRestForward() {
        String root = dir.resolve("warehouse").toString();
        WarehouseCatalog writer = new WarehouseCatalog(spark, root);
        long silverFirst = writer.write(SILVER, ids(1, 2)).version();
        long goldFirst = writer.write(GOLD, ids(10)).version();
        assertFalse(writer.exists(GOLD), "written, not yet published: readers cannot see it");

        Publication first = Publication.publish(writer, Map.of(SILVER, silverFirst, GOLD, goldFirst), FIRST_AS_OF,
                "run-1");
        long goldUnpublished = writer.write(GOLD, ids(20, 30)).version();
        WarehouseCatalog reader = new WarehouseCatalog(spark, root);
        assertEquals(List.of(10L), idsOf(reader.read(GOLD)), "a write after the publication is not seen");
        assertEquals(goldFirst + 1, goldUnpublished);

        long silverSecond = writer.write(SILVER, ids(3)).version();
        Publication second = Publication.publish(writer, Map.of(SILVER, silverSecond), SECOND_AS_OF, "run-2");
        assertEquals(first.recordVersion() + 1, second.recordVersion(), "one commit per publication");
        assertEquals(List.of(3L), idsOf(writer.read(SILVER)), "the publisher reads its own publication");
        assertEquals(List.of(1L, 2L), idsOf(reader.read(SILVER)), "a reader keeps its publication until it refreshes");
        reader.refreshPublication();
        assertEquals(List.of(3L), idsOf(reader.read(SILVER)));
        assertEquals(List.of(10L), idsOf(reader.read(GOLD)), "gold carried forward at its published version");
        Publication.Entry gold = second.entry(GOLD.name()).orElseThrow();
        assertEquals(new Publication.Entry(GOLD.name(), Layer.GOLD, "gold/" + GOLD.name(), goldFirst, FIRST_AS_OF,
                "run-1"), gold, "a carried table keeps the run and as-of that wrote it");

        // The record as any Delta reader sees it: plain columns, paths relative to the root, one publication.
        Dataset<Row> record = spark.read().format("delta").load(root + "/ops/publication");
        assertEquals(List.of("table_name", "layer", "path", "version", "as_of", "run_id", "publication_id",
                "published_at"), Arrays.asList(record.columns()));
        Map<String, Long> versions = new TreeMap<>();
        for (Row r : record.collectAsList()) {
            assertEquals(second.id(), r.getAs("publication_id"));
            // Resolved by path and version alone, as the notebooks do.
            Dataset<Row> table = spark.read().format("delta").option("versionAsOf", r.<Long>getAs("version"))
                    .load(root + "/" + r.getAs("path"));
            versions.put(r.getAs("path") + " " + idsOf(table), r.getAs("version"));
        }
        assertEquals(Map.of("gold/" + GOLD.name() + " [10]", goldFirst, "silver/" + SILVER.name() + " [3]",
                silverSecond), versions);
        assertEquals(goldFirst, Publication.at(reader, first.recordVersion()).entry(GOLD.name()).orElseThrow().version(),
                "the record's history keeps the earlier publication");
        assertTrue(Publication.current(reader).orElseThrow().id().equals(second.id()));
    }

    @Test
    void onlySilverAndGoldTablesArePublished() {
        WarehouseCatalog catalog = new WarehouseCatalog(spark, dir.resolve("warehouse").toString());
        TableRef bronze = TableRef.of("raw_publication_test", Layer.BRONZE);
        long version = catalog.write(bronze, ids(1)).version();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Publication.publish(catalog, Map.of(bronze, version), FIRST_AS_OF, "run-1"));
        assertEquals("raw_publication_test is a bronze table: only silver and gold tables are published",
                refused.getMessage());
        assertTrue(catalog.exists(bronze), "bronze is read at its newest version, unpublished");
        assertFalse(Publication.current(catalog).isPresent());
    }
}
