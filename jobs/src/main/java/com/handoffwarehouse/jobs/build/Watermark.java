package com.handoffwarehouse.jobs.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an incremental model has seen: for each bronze table upstream of it, the snapshot dates it was built
 * from and when each was ingested. Kept in the commit that wrote the model's table, so it always describes the
 * table as it stands.
 *
 * @param sources  bronze table name to (snapshot date to ingestion time in epoch milliseconds)
 * @param asOf     the as-of time of the build that wrote it (epoch milliseconds), null if unknown
 * @param settings the settings it was built with, as its declaration renders them; null if none
 */
public record Watermark(Map<String, Map<LocalDate, Long>> sources, Long asOf, String settings) {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    public static final Watermark NONE = new Watermark(Map.of(), null, null);

    public Watermark {
        Map<String, Map<LocalDate, Long>> copy = new TreeMap<>();
        sources.forEach((table, dates) -> copy.put(table, Map.copyOf(new TreeMap<>(dates))));
        sources = Map.copyOf(copy);
    }

    private record Parsed(Map<String, Map<String, Long>> sources,
                          @com.fasterxml.jackson.annotation.JsonProperty("as_of") Long asOf, String settings) {
        Parsed {
            sources = sources == null ? Map.of() : sources;
        }
    }

    public String toJson() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        sources.forEach((table, dates) -> {
            Map<String, Long> byDate = new TreeMap<>();
            dates.forEach((d, stamp) -> byDate.put(d.toString(), stamp));
            out.put(table, byDate);
        });
        Map<String, Object> all = new TreeMap<>();
        all.put("sources", out);
        if (asOf != null) {
            all.put("as_of", asOf);
        }
        if (settings != null) {
            all.put("settings", settings);
        }
        try {
            return JSON.writeValueAsString(all);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The watermark a commit's metadata holds; NONE when it holds none (a table another tool wrote last). */
    public static Watermark fromJson(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            Parsed parsed = JSON.readValue(json, Parsed.class);
            Map<String, Map<LocalDate, Long>> sources = new TreeMap<>();
            parsed.sources().forEach((table, dates) -> {
                Map<LocalDate, Long> byDate = new TreeMap<>();
                dates.forEach((d, stamp) -> byDate.put(LocalDate.parse(d), stamp));
                sources.put(table, byDate);
            });
            return new Watermark(sources, parsed.asOf(), parsed.settings());
        } catch (JsonProcessingException | RuntimeException e) {
            return NONE;
        }
    }
}
