package com.handoffwarehouse.jobs.cli;

import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ingest.IngestException;
import com.handoffwarehouse.jobs.ingest.jdbc.JdbcSettings;
import com.handoffwarehouse.jobs.ingest.jdbc.JdbcSource;
import java.time.LocalDate;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --jdbc URL --user U --password-env VAR}: a CRM replica read over JDBC. The password never comes from the command line. */
public final class JdbcOptions {
    @Option(names = "--jdbc", paramLabel = "URL", required = true,
            description = "JDBC URL of the CRM replica, e.g. jdbc:postgresql://host:5432/crm (no password in it).")
    String url;

    @Option(names = "--user", paramLabel = "U", required = true, description = "Database user.")
    String user;

    @Option(names = "--password-env", paramLabel = "VAR", required = true,
            description = "Name of the environment variable holding the password (never passed on the command line).")
    String passwordEnv;

    @Option(names = "--schema", paramLabel = "S", description = "Schema holding the tables (default: ingest.jdbc.schema).")
    String schema;

    JdbcSource open(WarehouseConfig config, LocalDate date, List<String> leadFields) {
        String password = System.getenv(passwordEnv);
        if (password == null) {
            throw new IngestException("Environment variable " + passwordEnv + " (named by --password-env) is not set; "
                    + "export it with the database password before running the ingest.");
        }
        WarehouseConfig.Jdbc jdbc = config.ingest().jdbc();
        JdbcSettings settings = JdbcSettings.of(url, user, password)
                .withSchema(schema != null ? schema : jdbc.schema())
                .withFetchSize(jdbc.fetchSize())
                .withPartitionThreshold(jdbc.partitionThresholdRows())
                .withNumPartitions(jdbc.numPartitions());
        return new JdbcSource(settings, date, leadFields);
    }
}
