package com.handoffwarehouse.jobs.build;

import com.handoffwarehouse.jobs.catalog.Layer;
import com.handoffwarehouse.jobs.models.Model;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which models a build runs, in dbt's selection syntax: {@code silver} or {@code gold} (a layer),
 * {@code <model>} alone, {@code <model>+} with everything downstream, {@code +<model>} with everything upstream;
 * several terms are a union. The models a selection leaves out are read as they stand.
 *
 * @param terms the expression's terms as given, for messages and the run log
 */
public record Selection(List<String> terms) {
    public static final Selection ALL = new Selection(List.of());

    public static Selection parse(String expression) {
        List<String> terms = List.of(expression.trim().split("[\\s,]+"));
        if (expression.isBlank()) {
            throw new IllegalArgumentException("--select needs a layer (silver, gold) or a model name.");
        }
        return new Selection(terms);
    }

    public boolean isAll() {
        return terms.isEmpty();
    }

    /** The selected models, in build order; an unknown name fails naming the models there are. */
    public Set<String> resolve(ModelGraph graph) {
        if (isAll()) {
            return graph.ordered(graph.inOrder().stream().map(Model::name).toList());
        }
        Set<String> out = new LinkedHashSet<>();
        for (String term : terms) {
            out.addAll(resolveTerm(graph, term));
        }
        return graph.ordered(out);
    }

    private static Set<String> resolveTerm(ModelGraph graph, String term) {
        for (Layer layer : List.of(Layer.SILVER, Layer.GOLD)) {
            if (term.equalsIgnoreCase(layer.folder())) {
                Set<String> out = new LinkedHashSet<>();
                graph.inOrder().stream().filter(m -> m.table().layer() == layer).forEach(m -> out.add(m.name()));
                return out;
            }
        }
        boolean down = term.endsWith("+");
        boolean up = term.startsWith("+");
        String name = term.substring(up ? 1 : 0, term.length() - (down ? 1 : 0));
        if (graph.model(name).isEmpty()) {
            throw new IllegalArgumentException("--select " + term + ": no model is named " + name + "; models are "
                    + graph.inOrder().stream().map(Model::name).toList() + ", layers silver and gold.");
        }
        Set<String> out = new LinkedHashSet<>(List.of(name));
        if (down) {
            out.addAll(graph.downstream(name));
        }
        if (up) {
            out.addAll(graph.upstream(name));
        }
        return out;
    }

    @Override
    public String toString() {
        return isAll() ? "all" : String.join(" ", terms);
    }
}
