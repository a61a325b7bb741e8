package com.handoffwarehouse.transforms.intermediate;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Region from a lead's Country (an ISO-3166 alpha-2 code or an English name) and segment from its
 * NumberOfEmployees, as configured in {@code territory} of warehouse.yaml.
 *
 * @param regions  region to alpha-2 codes
 * @param aliases  other spellings to alpha-2 codes (English names resolve through the JDK's ISO list)
 * @param segments ascending; every segment but the last has an inclusive upper bound of employees
 */
public record Territory(Map<String, List<String>> regions, Map<String, String> aliases, List<Segment> segments) {
    public record Segment(String name, Integer maxEmployees) {
    }

    /** One row per spelling (upper-cased): the code itself, its English name, and each alias. */
    public Dataset<Row> countryRegions(SparkSession spark) {
        Map<String, String> codeToRegion = new LinkedHashMap<>();
        regions.forEach((region, codes) -> codes.forEach(code -> codeToRegion.put(code, region)));
        Map<String, String> spellings = new LinkedHashMap<>();
        codeToRegion.forEach((code, region) -> {
            spellings.put(code.toUpperCase(Locale.ROOT), region);
            spellings.put(new Locale("", code).getDisplayCountry(Locale.ENGLISH).toUpperCase(Locale.ROOT), region);
        });
        aliases.forEach((alias, code) -> {
            if (codeToRegion.containsKey(code)) {
                spellings.put(alias.toUpperCase(Locale.ROOT), codeToRegion.get(code));
            }
        });
        List<Row> rows = new ArrayList<>();
        spellings.forEach((spelling, region) -> rows.add(RowFactory.create(spelling, region)));
        return spark.createDataFrame(rows, new StructType()
                .add("country_key", DataTypes.StringType).add("region", DataTypes.StringType));
    }

    /** Adds {@code region} (null for a country no region lists) and {@code segment}. */
    public Dataset<Row> classify(Dataset<Row> df, String countryCol, String employeesCol, String prefix) {
        Dataset<Row> lookup = countryRegions(df.sparkSession())
                .withColumnRenamed("region", prefix + "region");
        Dataset<Row> withRegion = df.join(broadcast(lookup),
                        upper(trim(col(countryCol))).equalTo(col("country_key")), "left")
                .drop("country_key");
        return withRegion.withColumn(prefix + "segment", segment(col(employeesCol)));
    }

    public Column segment(Column employees) {
        Column out = null;
        for (Segment s : segments) {
            if (s.maxEmployees() == null) {
                out = out == null ? lit(s.name()) : out.otherwise(lit(s.name()));
            } else {
                Column cond = employees.leq(lit(s.maxEmployees()));
                out = out == null ? when(cond, lit(s.name())) : out.when(cond, lit(s.name()));
            }
        }
        return when(employees.isNull(), lit(null).cast("string")).otherwise(out);
    }
}
