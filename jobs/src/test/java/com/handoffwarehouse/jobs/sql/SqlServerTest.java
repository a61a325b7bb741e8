package com.handoffwarehouse.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.catalog.Layer;
import com.handoffwarehouse.jobs.catalog.Publication;
import com.handoffwarehouse.jobs.catalog.SqlNames;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.transforms.SharedSpark;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlServerTest {
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static List<Long> ids(Statement statement, String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }

    @Test
    void anOpenConnectionSeesANewPublicationOnceTheNamesAreRefreshed(@TempDir Path dir) throws Exception {
        SparkSession spark = SharedSpark.session();
        TableRef mart = TableRef.of("mart_served_refresh", Layer.GOLD);
        WarehouseCatalog catalog = new WarehouseCatalog(spark, dir.resolve("warehouse").toString());
        StructType schema = new StructType().add("id", DataTypes.LongType);
        Instant asOf = Instant.parse("2026-03-06T00:00:00Z");
        Publication.publish(catalog, Map.of(mart, catalog.write(mart, spark.createDataFrame(
                List.of(RowFactory.create(1L)), schema)).version()), asOf, "run-1");
        SqlNames names = new SqlNames(catalog);
        names.register();
        try (SqlServer server = SqlServer.start(spark, "127.0.0.1", freePort());
             Connection connection = DriverManager.getConnection(server.url(), "analyst", "");
             Statement statement = connection.createStatement()) {
            String query = "SELECT id FROM mart_served_refresh ORDER BY id";
            assertEquals(List.of(1L), ids(statement, query));
            long next = catalog.write(mart, spark.createDataFrame(List.of(RowFactory.create(2L),
                    RowFactory.create(3L)), schema)).version();
            assertEquals(List.of(1L), ids(statement, query), "written, not published");
            Publication.publish(catalog, Map.of(mart, next), asOf, "run-2");
            assertTrue(names.refresh().isPresent());
            assertEquals(List.of(2L, 3L), ids(statement, query));
        }
    }

    @Test
    void jdbcClientReadsTheRegisteredTableAsDeltaHasIt() throws SQLException, IOException {
        WarehouseCatalog catalog = SqlFixture.catalog();
        List<List<String>> direct = new ArrayList<>();
        StructField[] fields = SqlFixture.SCHEMA.fields();
        for (Row row : catalog.read(SqlFixture.HANDOFFS).orderBy("lead_id", "handoff_seq").collectAsList()) {
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < fields.length; c++) {
                cells.add(row.isNullAt(c) ? null : Cells.text(row.get(c), fields[c].dataType()));
            }
            direct.add(cells);
        }

        List<List<String>> served = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        int port = freePort();
        try (SqlServer server = SqlServer.start(catalog.spark(), "127.0.0.1", port)) {
            assertEquals("jdbc:hive2://127.0.0.1:" + port + "/default", server.url());
            try (Connection connection = DriverManager.getConnection(server.url(), "analyst", "");
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT * FROM " + SqlFixture.HANDOFFS.name() + " ORDER BY lead_id, handoff_seq")) {
                ResultSetMetaData meta = rows.getMetaData();
                for (int c = 1; c <= meta.getColumnCount(); c++) {
                    columns.add(meta.getColumnName(c));
                }
                while (rows.next()) {
                    List<String> cells = new ArrayList<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        Object value = rows.getObject(c);
                        // The Hive driver returns arrays as their JSON text; scalars arrive typed.
                        cells.add(value == null ? null : Cells.text(value, null));
                    }
                    served.add(cells);
                }
            }
        }
        assertEquals(Arrays.asList(SqlFixture.SCHEMA.fieldNames()), columns);
        assertEquals(direct, served);
    }
}
