package com.handoffwarehouse.jobs.catalog;

import static com.handoffwarehouse.jobs.catalog.TestTables.ids;
import static com.handoffwarehouse.jobs.catalog.TestTables.idsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlNamesTest {
    private static final Instant AS_OF = Instant.parse("2026-09-01T23:59:59Z");

    private final SparkSession spark = SharedSpark.session();

    @TempDir
    Path dir;

    @Test
    void namesResolveThroughThePublicationAndVersionsTimeTravel() {
        TableRef gold = TableRef.of("fct_sql_names_pinned", Layer.GOLD);
        TableRef bronze = TableRef.of("raw_sql_names_pinned", Layer.BRONZE);
        WarehouseCatalog catalog = new WarehouseCatalog(spark, dir.resolve("warehouse").toString());
        long published = catalog.write(gold, ids(spark, 1)).version();
        Publication.publish(catalog, Map.of(gold, published), AS_OF, "run-1");
        catalog.write(gold, ids(spark, 2, 3));
        catalog.write(bronze, ids(spark, 7));
        SqlNames names = new SqlNames(catalog);
        assertEquals(List.of(), names.register());

        assertEquals(List.of(1L), idsOf(spark.sql("SELECT id FROM fct_sql_names_pinned")), "the published version");
        assertEquals(List.of(2L, 3L), idsOf(spark.sql("SELECT id FROM versions.fct_sql_names_pinned")),
                "the table itself, newest write");
        assertEquals(List.of(1L), idsOf(spark.sql("SELECT id FROM versions.fct_sql_names_pinned VERSION AS OF 0")));
        assertEquals(2, spark.sql("DESCRIBE HISTORY versions.fct_sql_names_pinned").count());
        assertEquals(List.of(7L), idsOf(spark.sql("SELECT id FROM raw_sql_names_pinned")));
        catalog.write(bronze, ids(spark, 8));
        assertEquals(List.of(8L), idsOf(spark.sql("SELECT id FROM raw_sql_names_pinned")),
                "bronze is read at its newest version, without registering again");

        assertEquals(Optional.empty(), names.refresh(), "nothing published since");
        Publication.publish(catalog, Map.of(gold, catalog.version(gold)), AS_OF, "run-2");
        assertEquals(Optional.of(List.of()), names.refresh());
        assertEquals(List.of(2L, 3L), idsOf(spark.sql("SELECT id FROM fct_sql_names_pinned")));
    }

    @Test
    void aCopiedWarehouseAnswersFromItself() throws IOException {
        TableRef gold = TableRef.of("fct_sql_names_copied", Layer.GOLD);
        Path original = dir.resolve("warehouse");
        Path copy = dir.resolve("warehouse-copy");
        WarehouseCatalog catalog = new WarehouseCatalog(spark, original.toString());
        Publication.publish(catalog, Map.of(gold, catalog.write(gold, ids(spark, 1)).version()), AS_OF, "run-1");
        copyTree(original, copy);
        Publication.publish(catalog, Map.of(gold, catalog.write(gold, ids(spark, 2)).version()), AS_OF, "run-2");

        new SqlNames(new WarehouseCatalog(spark, copy.toString())).register();
        List<Row> fromCopy = spark.sql("SELECT id, input_file_name() AS file FROM fct_sql_names_copied")
                .collectAsList();
        assertEquals(1, fromCopy.size());
        assertEquals(1L, fromCopy.get(0).getLong(0), "the copy's own publication");
        assertTrue(fromCopy.get(0).getString(1).startsWith("file:" + copy + "/gold/"), fromCopy.get(0).getString(1));

        new SqlNames(catalog).register();
        assertEquals(List.of(2L), idsOf(spark.sql("SELECT id FROM fct_sql_names_copied")));
    }

    @Test
    void aStatementOverTwoPublicationsIsRefused() {
        for (String[] view : new String[][] {{"mart_check_a", "p-1"}, {"mart_check_b", "p-2"}, {"mart_check_c", "p-1"}}) {
            spark.sql("CREATE OR REPLACE VIEW " + view[0] + " TBLPROPERTIES ('" + SqlNames.PUBLICATION_ID + "' = '"
                    + view[1] + "') AS SELECT 1 AS id");
        }
        PublicationCheck.requireOnePublication(spark.sql(
                "SELECT * FROM mart_check_a JOIN mart_check_c USING (id)").queryExecution().analyzed());
        IllegalStateException mixed = assertThrows(IllegalStateException.class,
                () -> PublicationCheck.requireOnePublication(spark.sql("SELECT * FROM mart_check_a WHERE id IN "
                        + "(SELECT id FROM mart_check_b)").queryExecution().analyzed()));
        assertEquals("a new build was published while this statement was being planned, so its tables came from "
                + "two publications (p-1, p-2): run it again", mixed.getMessage());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
