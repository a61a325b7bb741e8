package com.handoffwarehouse.jobs.bench;

import com.handoffwarehouse.jobs.Progress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Spark settings timed on extra full builds in the same process and on the same bronze, so the data and the JVM's
 * warm-up are the same for each: a baseline build first and last (no setting changed), each trial between them
 * with its settings set for its build only. Only runtime (SQL) settings can be tried this way.
 */
public record SettingsTrial(String name, Map<String, String> settings) {
    public static final String BASELINE = "baseline";

    public record Timing(String name, Map<String, String> settings, double seconds) {
    }

    /** {@code name:key=value;key=value}, as the bench's --trial option takes it. */
    public static SettingsTrial parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("A trial is name:key=value[;key=value], not '" + spec + "'");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String pair : spec.substring(colon + 1).split(";")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("A trial's setting is key=value, not '" + pair + "' in '" + spec + "'");
            }
            settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new SettingsTrial(spec.substring(0, colon).trim(), settings);
    }

    static List<Timing> timeAll(List<SettingsTrial> trials, SparkSession spark, Runnable fullBuild, Progress progress) {
        List<Timing> timings = new ArrayList<>();
        if (trials.isEmpty()) {
            return timings;
        }
        List<SettingsTrial> order = new ArrayList<>();
        order.add(new SettingsTrial(BASELINE, Map.of()));
        order.addAll(trials);
        order.add(new SettingsTrial(BASELINE, Map.of()));
        for (SettingsTrial trial : order) {
            Map<String, Optional<String>> before = new LinkedHashMap<>();
            trial.settings().forEach((k, v) -> {
                before.put(k, spark.conf().getOption(k).isDefined()
                        ? Optional.of(spark.conf().get(k)) : Optional.empty());
                spark.conf().set(k, v);
            });
            long started = System.nanoTime();
            try {
                fullBuild.run();
            } finally {
                before.forEach((k, v) -> v.ifPresentOrElse(value -> spark.conf().set(k, value), () -> spark.conf().unset(k)));
            }
            Timing timing = new Timing(trial.name(), trial.settings(), (System.nanoTime() - started) / 1e9);
            progress.info(String.format(Locale.ROOT, "[bench] trial %s %s: full build %.1f s", timing.name(),
                    timing.settings(), timing.seconds()));
            timings.add(timing);
        }
        return timings;
    }

    /** The baseline builds' mean seconds minus this trial's: positive when the settings saved time. */
    static double saving(List<Timing> timings, Timing trial) {
        double baseline = timings.stream().filter(t -> t.name().equals(BASELINE)).mapToDouble(Timing::seconds)
                .average().orElse(trial.seconds());
        return baseline - trial.seconds();
    }
}
