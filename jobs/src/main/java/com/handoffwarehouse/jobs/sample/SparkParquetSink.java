package com.handoffwarehouse.jobs.sample;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Parquet files through a local Spark session: one file per object and day, every column a string. */
public final class SparkParquetSink implements SampleGenerator.TableSink {
    private SparkSession spark;

    @Override
    public void write(Path file, List<String> columns, List<Map<String, String>> rows) throws IOException {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("generate")
                    .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
                    .config("spark.driver.host", "127.0.0.1").getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
        }
        StructType schema = new StructType();
        for (String c : columns) {
            schema = schema.add(c, DataTypes.StringType);
        }
        List<Row> data = new ArrayList<>(rows.size());
        for (Map<String, String> r : rows) {
            data.add(RowFactory.create(columns.stream().map(r::get).toArray()));
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        spark.createDataFrame(data, schema).coalesce(1).write().mode("overwrite").parquet(tmp.toString());
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "part-*.parquet")) {
            for (Path part : parts) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (var walk = Files.walk(tmp)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
