package com.handoffwarehouse.jobs.build;

import com.handoffwarehouse.jobs.catalog.Layer;
import com.handoffwarehouse.jobs.models.Materialization;
import com.handoffwarehouse.jobs.models.Model;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models as a graph derived from their declarations: who reads whom, in an order that builds every model
 * after what it reads, with the layering checked (dbt's conventions, DESIGN section 2): staging reads bronze;
 * a snapshot history reads bronze and staging; intermediate reads staging and intermediate; facts and dimensions
 * read intermediate; marts read facts and dimensions. A declaration that breaks it fails when the graph is made.
 */
public final class ModelGraph {
    private final Map<String, Model> models;
    private final Map<String, List<String>> children = new HashMap<>();
    private final List<String> order;

    public ModelGraph(Collection<Model> declared) {
        Map<String, Model> byName = new LinkedHashMap<>();
        for (Model m : declared) {
            if (byName.putIfAbsent(m.name(), m) != null) {
                throw new IllegalArgumentException("Model " + m.name() + " is declared twice.");
            }
        }
        this.models = byName;
        for (Model m : declared) {
            for (String ref : m.refs()) {
                if (!byName.containsKey(ref)) {
                    throw new IllegalArgumentException(m.name() + " reads " + ref + ", which no model declares.");
                }
                checkLayering(m, byName.get(ref));
                children.computeIfAbsent(ref, r -> new ArrayList<>()).add(m.name());
            }
            checkSources(m);
        }
        this.order = topologicalOrder();
    }

    public Optional<Model> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Model get(String name) {
        return model(name).orElseThrow(() -> new IllegalArgumentException("No model is named " + name + "."));
    }

    /** Every model, each after the models it reads. */
    public List<Model> inOrder() {
        return order.stream().map(models::get).toList();
    }

    /** The models that read {@code name} directly. */
    public List<String> children(String name) {
        return children.getOrDefault(name, List.of());
    }

    /** The model and everything that reads it, directly or not, in build order. */
    public Set<String> downstream(String name) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(get(name).name()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (out.add(next)) {
                todo.addAll(children(next));
            }
        }
        return ordered(out);
    }

    /** The model and everything it reads, directly or not, in build order. */
    public Set<String> upstream(String name) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(get(name).name()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (out.add(next)) {
                todo.addAll(models.get(next).refs());
            }
        }
        return ordered(out);
    }

    Set<String> ordered(Collection<String> names) {
        Set<String> out = new LinkedHashSet<>();
        order.stream().filter(names::contains).forEach(out::add);
        return out;
    }

    private List<String> topologicalOrder() {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        models.values().forEach(m -> waiting.put(m.name(), m.refs().size()));
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((name, n) -> {
            if (n == 0) {
                ready.add(name);
            }
        });
        List<String> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String next = ready.poll();
            out.add(next);
            for (String child : children(next)) {
                if (waiting.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        if (out.size() < models.size()) {
            List<String> cycle = models.keySet().stream().filter(n -> !out.contains(n)).toList();
            throw new IllegalArgumentException("Models read each other in a cycle: " + cycle);
        }
        return List.copyOf(out);
    }

    /** dbt's layers by name prefix. */
    enum Kind {
        STAGING, SNAPSHOT, INTERMEDIATE, FACT_OR_DIMENSION, MART;

        static Kind of(Model m) {
            String name = m.name();
            if (name.startsWith("stg_")) {
                return STAGING;
            }
            if (name.startsWith("int_")) {
                return name.endsWith("_history") && m.materialization() instanceof Materialization.Incremental
                        ? SNAPSHOT : INTERMEDIATE;
            }
            if (name.startsWith("fct_") || name.startsWith("dim_")) {
                return FACT_OR_DIMENSION;
            }
            if (name.startsWith("mart_")) {
                return MART;
            }
            throw new IllegalArgumentException("Model " + name + " has no layer prefix (stg_, int_, fct_, dim_, mart_).");
        }

        boolean mayRead(Kind other) {
            return switch (this) {
                case STAGING -> false;
                case SNAPSHOT -> other == STAGING;
                case INTERMEDIATE -> other == STAGING || other == SNAPSHOT || other == INTERMEDIATE;
                case FACT_OR_DIMENSION -> other == SNAPSHOT || other == INTERMEDIATE;
                case MART -> other == FACT_OR_DIMENSION;
            };
        }
    }

    private static void checkLayering(Model model, Model ref) {
        Kind kind = Kind.of(model);
        Kind read = Kind.of(ref);
        if (!kind.mayRead(read)) {
            throw new IllegalArgumentException(model.name() + " (" + label(kind) + ") may not read " + ref.name()
                    + " (" + label(read) + "): layers only point down.");
        }
        Layer expected = kind == Kind.FACT_OR_DIMENSION || kind == Kind.MART ? Layer.GOLD : Layer.SILVER;
        if (model.table().layer() != expected) {
            throw new IllegalArgumentException(model.name() + " is declared in " + model.table().layer()
                    + " but its prefix puts it in " + expected + ".");
        }
    }

    private static void checkSources(Model model) {
        Kind kind = Kind.of(model);
        if (!model.sources().isEmpty() && kind != Kind.STAGING && kind != Kind.SNAPSHOT) {
            throw new IllegalArgumentException(model.name() + " (" + label(kind) + ") reads bronze; only staging "
                    + "models and snapshot histories may.");
        }
    }

    private static String label(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
