package com.handoffwarehouse.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class SqlServerTest {
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
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
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
