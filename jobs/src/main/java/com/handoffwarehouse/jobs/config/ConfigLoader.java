package com.handoffwarehouse.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads {@code conf/warehouse.yaml}: the defaults packaged in the jar, overlaid key by key with the user's
 * file, then bound to {@link WarehouseConfig} and validated, so a bad key fails the run at start and not
 * an hour into it.
 */
public final class ConfigLoader {
    public static final String DEFAULTS_RESOURCE = "/conf/warehouse.yaml";
    public static final Path LOCAL_CONFIG = Path.of("conf", "warehouse.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {
    }

    /** The defaults overlaid with {@code file}, or with ./conf/warehouse.yaml when no file is given and it exists. */
    public static WarehouseConfig load(Optional<Path> file) {
        Optional<Path> overlay = file.isPresent() ? file
                : Files.isRegularFile(LOCAL_CONFIG) ? Optional.of(LOCAL_CONFIG) : Optional.empty();
        ObjectNode merged = defaults();
        String origin = "the packaged defaults";
        if (overlay.isPresent()) {
            Path path = overlay.get();
            if (!Files.isRegularFile(path)) {
                throw new ConfigException("Configuration file " + path + " does not exist; pass an existing "
                        + "YAML file to --config or leave it out to use the defaults.");
            }
            merge(merged, readTree(path));
            origin = path.toString();
        }
        return bind(merged, origin);
    }

    /** Binds an already merged tree; used by tests that vary one key. */
    public static WarehouseConfig bind(JsonNode tree, String origin) {
        WarehouseConfig config;
        try {
            config = YAML.treeToValue(tree, WarehouseConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new ConfigException(origin + ": unknown key '" + keyPath(e) + "'. Known keys there: " + known
                    + ".", e);
        } catch (JsonMappingException e) {
            throw new ConfigException(origin + ": key '" + keyPath(e) + "' has an unusable value: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(origin + ": " + e.getOriginalMessage(), e);
        }
        ConfigValidator.validate(config, origin);
        return config;
    }

    public static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The jar lacks " + DEFAULTS_RESOURCE + "; rebuild it with mvn package.");
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the packaged " + DEFAULTS_RESOURCE, e);
        }
    }

    private static JsonNode readTree(Path path) {
        try {
            JsonNode node = YAML.readTree(path.toFile());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return YAML.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ConfigException(path + ": expected a mapping of keys at the top level.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ConfigException(path + " is not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("Cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Mappings merge key by key; any other value (lists included) replaces the default outright. */
    static void merge(ObjectNode base, JsonNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue().isObject()) {
                merge(currentObject, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String keyPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
