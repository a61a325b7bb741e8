package com.handoffwarehouse.jobs.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a routing rule file (conf/routing.yaml or a candidate for a backtest) into {@link RoutingRules},
 * failing on the first key it cannot use with the key's path.
 */
public final class RoutingRulesLoader {
    public static final String DEFAULTS_RESOURCE = "/conf/routing.yaml";
    public static final Path LOCAL_RULES = Path.of("conf", "routing.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record FileRule(String name, String type, List<FilePool> pools, When when, List<String> pool, String queue) {
    }

    record When(Double minIntentScore, Boolean inbound) {
    }

    record FilePool(String region, String segment, List<String> aes) {
    }

    record FileRules(Integer version, List<FileRule> rules) {
    }

    private RoutingRulesLoader() {
    }

    /** The given file, else ./conf/routing.yaml when present, else the packaged default. */
    public static RoutingRules load(Optional<Path> file) {
        Optional<Path> chosen = file.isPresent() ? file
                : Files.isRegularFile(LOCAL_RULES) ? Optional.of(LOCAL_RULES) : Optional.empty();
        if (chosen.isPresent()) {
            Path path = chosen.get();
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("Routing rule file " + path + " does not exist.");
            }
            try (InputStream in = Files.newInputStream(path)) {
                return parse(in, path.toString());
            } catch (IOException e) {
                throw new ConfigException("Cannot read routing rule file " + path + ": " + e.getMessage(), e);
            }
        }
        try (InputStream in = RoutingRulesLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            return parse(in, "packaged " + DEFAULTS_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the packaged " + DEFAULTS_RESOURCE, e);
        }
    }

    static RoutingRules parse(InputStream in, String origin) throws IOException {
        FileRules raw;
        try {
            raw = YAML.readValue(in, FileRules.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(origin + ": unknown key '" + path(e) + "'. Known keys there: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")), e);
        } catch (JsonMappingException e) {
            throw new ConfigException(origin + ": key '" + path(e) + "' has an unusable value: " + e.getOriginalMessage(), e);
        }
        if (raw == null || raw.version() == null) {
            throw new ConfigException(origin + ": key 'version' is required (an integer that changes with the rules).");
        }
        if (raw.rules() == null || raw.rules().isEmpty()) {
            throw new ConfigException(origin + ": key 'rules' must list at least one rule.");
        }
        List<RoutingRules.Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < raw.rules().size(); i++) {
            rules.add(rule(raw.rules().get(i), "rules[" + i + "]", origin, names, i == raw.rules().size() - 1));
        }
        return new RoutingRules(raw.version(), rules);
    }

    private static RoutingRules.Rule rule(FileRule r, String key, String origin, Set<String> names, boolean last) {
        if (r.name() == null || r.name().isBlank() || !names.add(r.name())) {
            throw new ConfigException(origin + ": key '" + key + ".name' must be set and unique.");
        }
        RoutingRules.Type type;
        try {
            type = RoutingRules.Type.valueOf(String.valueOf(r.type()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": key '" + key + ".type' is '" + r.type() + "'; use one of "
                    + "account_owner, region_segment_pool, priority, fallback.");
        }
        List<RoutingRules.Pool> pools = null;
        if (r.pools() != null) {
            pools = new ArrayList<>();
            for (int p = 0; p < r.pools().size(); p++) {
                FilePool fp = r.pools().get(p);
                if (fp.region() == null || fp.segment() == null || fp.aes() == null || fp.aes().isEmpty()) {
                    throw new ConfigException(origin + ": key '" + key + ".pools[" + p
                            + "]' needs region, segment and a non-empty aes list.");
                }
                pools.add(new RoutingRules.Pool(fp.region(), fp.segment(), fp.aes()));
            }
        }
        Double minIntent = r.when() != null ? r.when().minIntentScore() : null;
        Boolean inbound = r.when() != null ? r.when().inbound() : null;
        List<String> aes = r.pool();
        if (type == RoutingRules.Type.PRIORITY && (aes == null || aes.isEmpty())) {
            throw new ConfigException(origin + ": key '" + key + ".pool' must list the AEs a priority rule routes to.");
        }
        if (type == RoutingRules.Type.FALLBACK && !last) {
            throw new ConfigException(origin + ": key '" + key + "' is a fallback rule but not the last; rules after "
                    + "it could never apply.");
        }
        return new RoutingRules.Rule(r.name(), type, pools, minIntent, inbound, aes, r.queue());
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
