package com.handoffwarehouse.jobs.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lets another CRM's export (HubSpot's, say) feed the contract: per object, the base name of its file in a
 * snapshot folder and which source column holds which API column. A YAML file:
 *
 * <pre>
 * Lead:
 *   file: contacts          # contacts.csv, contacts.parquet, ... in each snapshot folder
 *   columns:
 *     Record ID: Id         # source column: API name
 * </pre>
 *
 * Source columns and file names match case-insensitively (exports change a label's case between
 * versions); unmapped columns pass through under their own names. Unknown keys and targets the contract
 * does not know are errors naming the key, so a typo cannot silently drop a column.
 */
public final class ColumnMapping {
    /** Where mappings shipped with the jar live, so {@code --mapping hubspot} works without a conf folder. */
    public static final String PACKAGED_FOLDER = "/conf/mappings/";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> OBJECT_KEYS = Set.of("file", "columns");

    private final String origin;
    private final Map<CrmObject, String> files;
    /** Per object: lower-cased source column to API name. */
    private final Map<CrmObject, Map<String, String>> targets;
    /** Per object: API name to the source column as the file spells it. */
    private final Map<CrmObject, Map<String, String>> sources;

    private ColumnMapping(String origin, Map<CrmObject, String> files, Map<CrmObject, Map<String, String>> targets,
                          Map<CrmObject, Map<String, String>> sources) {
        this.origin = origin;
        this.files = files;
        this.targets = targets;
        this.sources = sources;
    }

    /**
     * Reads a mapping file, or when no such file exists the packaged mapping of that name ({@code hubspot}
     * is {@code conf/mappings/hubspot.yaml} inside the jar).
     *
     * @param leadQualificationFields the configured framework's fields, which a Lead mapping may target
     */
    public static ColumnMapping load(String fileOrName, List<String> leadQualificationFields) {
        Path file = Path.of(fileOrName);
        if (Files.isRegularFile(file)) {
            try {
                return parse(Files.readString(file), fileOrName, leadQualificationFields);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String name = fileOrName.endsWith(".yaml") ? fileOrName : fileOrName + ".yaml";
        try (InputStream in = ColumnMapping.class.getResourceAsStream(PACKAGED_FOLDER + name)) {
            if (in == null) {
                throw new IngestException("Column mapping " + fileOrName + " not found: there is no such file and "
                        + "no packaged mapping conf/mappings/" + name + ".");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "conf/mappings/" + name,
                    leadQualificationFields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses mapping YAML; {@code origin} is how messages name where it came from. */
    public static ColumnMapping parse(String yaml, String origin, List<String> leadQualificationFields) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IngestException(origin + ": not readable as YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IngestException(origin + ": expected one key per CRM object (Lead, Account, ...), each with "
                    + "'file' and 'columns'.");
        }
        Map<CrmObject, String> files = new EnumMap<>(CrmObject.class);
        Map<CrmObject, Map<String, String>> targets = new EnumMap<>(CrmObject.class);
        Map<CrmObject, Map<String, String>> sources = new EnumMap<>(CrmObject.class);
        Map<String, CrmObject> fileOwners = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            CrmObject object = CrmObject.fromApiName(entry.getKey()).filter(o -> o.apiName().equals(entry.getKey()))
                    .orElseThrow(() -> new IngestException(origin + ": unknown key '" + entry.getKey()
                            + "'. Known keys there: " + Arrays.stream(CrmObject.values()).map(CrmObject::apiName)
                            .collect(Collectors.joining(", ")) + "."));
            JsonNode body = entry.getValue();
            if (!body.isObject()) {
                throw new IngestException(origin + ": key '" + entry.getKey() + "' must hold 'file' and/or "
                        + "'columns'.");
            }
            for (Iterator<String> keys = body.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!OBJECT_KEYS.contains(key)) {
                    throw new IngestException(origin + ": unknown key '" + entry.getKey() + "." + key
                            + "'. Known keys there: columns, file.");
                }
            }
            if (body.has("file")) {
                String file = text(body.get("file"), origin, entry.getKey() + ".file");
                String lower = file.toLowerCase(Locale.ROOT);
                if (SnapshotFolder.Format.of(lower).isPresent()) {
                    throw new IngestException(origin + ": key '" + entry.getKey() + ".file' is '" + file
                            + "': give the base name without extension; every supported format is looked for.");
                }
                Optional<CrmObject> clash = CrmObject.fromApiName(lower).filter(o -> o != object);
                CrmObject other = fileOwners.putIfAbsent(lower, object);
                if (clash.isPresent() || other != null) {
                    throw new IngestException(origin + ": key '" + entry.getKey() + ".file' is '" + file
                            + "', which already names " + clash.orElse(other).apiName() + "'s file.");
                }
                files.put(object, file);
            }
            Map<String, String> byTarget = new LinkedHashMap<>();
            Map<String, String> bySource = new HashMap<>();
            JsonNode columns = body.path("columns");
            if (!columns.isMissingNode() && !columns.isObject()) {
                throw new IngestException(origin + ": key '" + entry.getKey() + ".columns' must map source "
                        + "columns to API names.");
            }
            Set<String> known = knownColumns(object, leadQualificationFields);
            for (Iterator<Map.Entry<String, JsonNode>> cols = columns.fields(); cols.hasNext(); ) {
                Map.Entry<String, JsonNode> col = cols.next();
                String key = entry.getKey() + ".columns." + col.getKey();
                String target = text(col.getValue(), origin, key);
                if (!known.contains(target)) {
                    throw new IngestException(origin + ": key '" + key + "' maps to '" + target + "', which is not a "
                            + object.apiName() + " column of the contract. Known: " + String.join(", ", known) + ".");
                }
                String normalized = normalize(col.getKey());
                if (bySource.putIfAbsent(normalized, target) != null) {
                    throw new IngestException(origin + ": key '" + key + "' repeats a source column of "
                            + entry.getKey() + " (names match case-insensitively).");
                }
                String previous = byTarget.putIfAbsent(target, col.getKey());
                if (previous != null) {
                    throw new IngestException(origin + ": keys '" + entry.getKey() + ".columns." + previous
                            + "' and '" + key + "' both map to " + target + ".");
                }
            }
            targets.put(object, bySource);
            sources.put(object, byTarget);
        }
        return new ColumnMapping(origin, files, targets, sources);
    }

    /**
     * The API names a source column may be renamed to: the object's contract columns and, for Lead, every
     * qualification field the contract or the configured framework names.
     */
    static Set<String> knownColumns(CrmObject object, List<String> leadQualificationFields) {
        Set<String> known = new LinkedHashSet<>();
        BronzeValidation.requiredColumns(object, leadQualificationFields).stream().map(CrmColumn::name)
                .forEach(known::add);
        if (object == CrmObject.LEAD) {
            known.addAll(CrmObject.QUALIFICATION_FIELDS);
        }
        return known;
    }

    /** The file or packaged resource this mapping came from. */
    public String origin() {
        return origin;
    }

    /** The object whose file has this base name under this mapping. */
    public Optional<CrmObject> objectForFile(String baseName) {
        String lower = baseName.toLowerCase(Locale.ROOT);
        return files.entrySet().stream().filter(e -> e.getValue().toLowerCase(Locale.ROOT).equals(lower))
                .map(Map.Entry::getKey).findFirst();
    }

    public Optional<String> fileBaseName(CrmObject object) {
        return Optional.ofNullable(files.get(object));
    }

    /** The API name a source column of the object is renamed to, if the mapping renames it. */
    public Optional<String> target(CrmObject object, String sourceColumn) {
        return Optional.ofNullable(targets.getOrDefault(object, Map.of()).get(normalize(sourceColumn)));
    }

    /** The source column the mapping reads an API column from, as the mapping spells it. */
    public Optional<String> sourceColumn(CrmObject object, String apiColumn) {
        return Optional.ofNullable(sources.getOrDefault(object, Map.of()).get(apiColumn));
    }

    /** The object's renames, source column to API name, in the file's order; e.g. to write an export shaped so. */
    public Map<String, String> columns(CrmObject object) {
        Map<String, String> out = new LinkedHashMap<>();
        sources.getOrDefault(object, Map.of()).forEach((api, source) -> out.put(source, api));
        return out;
    }

    private static String normalize(String column) {
        return column.trim().toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode node, String origin, String key) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IngestException(origin + ": key '" + key + "' must be a non-empty text.");
        }
        return node.asText().trim();
    }
}
