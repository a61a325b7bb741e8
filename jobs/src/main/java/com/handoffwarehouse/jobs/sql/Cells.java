package com.handoffwarehouse.jobs.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * How one result value is written, the same way in every format: timestamps as ISO-8601 instants in UTC
 * ({@code 2024-03-04T09:30:00Z}, whatever the JVM's zone), dates as {@code 2024-03-04}, decimals without
 * exponent, binary as Base64, and arrays, maps and structs as JSON.
 */
final class Cells {
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Cells() {
    }

    /** The value as text for the table and CSV formats; the caller decides how null looks. */
    static String text(Object value, DataType type) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Row || value instanceof scala.collection.Seq<?>
                || value instanceof scala.collection.Map<?, ?>) {
            StringWriter json = new StringWriter();
            try (JsonGenerator generator = JSON.createGenerator(json)) {
                write(generator, value, type);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return json.toString();
        }
        return scalar(value);
    }

    /** Writes the value as a JSON value: numbers and booleans native, nested types as arrays and objects. */
    static void write(JsonGenerator json, Object value, DataType type) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Row row) {
            json.writeStartObject();
            StructField[] fields = type instanceof StructType struct ? struct.fields() : row.schema().fields();
            for (int i = 0; i < fields.length; i++) {
                json.writeFieldName(fields[i].name());
                write(json, row.get(i), fields[i].dataType());
            }
            json.writeEndObject();
        } else if (value instanceof scala.collection.Seq<?> seq) {
            DataType element = ((ArrayType) type).elementType();
            json.writeStartArray();
            for (Object item : JavaConverters.seqAsJavaList(seq)) {
                write(json, item, element);
            }
            json.writeEndArray();
        } else if (value instanceof scala.collection.Map<?, ?> map) {
            MapType mapType = (MapType) type;
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : JavaConverters.mapAsJavaMap(map).entrySet()) {
                json.writeFieldName(text(entry.getKey(), mapType.keyType()));
                write(json, entry.getValue(), mapType.valueType());
            }
            json.writeEndObject();
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value instanceof BigDecimal d) {
            json.writeNumber(d);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                json.writeNumber(d);
            } else {
                // JSON has no NaN or Infinity literal.
                json.writeString(scalar(value));
            }
        } else if (value instanceof Number n) {
            json.writeNumber(n.longValue());
        } else {
            json.writeString(scalar(value));
        }
    }

    private static String scalar(Object value) {
        if (value instanceof Timestamp ts) {
            return ts.toInstant().toString();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof LocalDateTime local) {
            // LocalDateTime.toString drops ":00" seconds; the ISO formatter keeps a fixed shape.
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local);
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(value);
    }

    static boolean isNumeric(DataType type) {
        return type instanceof org.apache.spark.sql.types.NumericType;
    }
}
