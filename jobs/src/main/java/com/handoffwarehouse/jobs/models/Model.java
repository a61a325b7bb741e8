package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.quality.Rule;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One table of the warehouse, declared once, the way dbt declares a model: the models it reads ({@code refs},
 * by table name) and the bronze tables ({@code sources}), its pure transform, how it is materialized, and the
 * quality suite that gates its children. The build's order, its selection and its gates are derived from these.
 */
public record Model(TableRef table, List<String> refs, List<CrmObject> sources, Transform transform,
                    Materialization materialization, Optional<Suite> suite) {
    public Model {
        refs = List.copyOf(refs);
        sources = List.copyOf(sources);
    }

    public String name() {
        return table.name();
    }

    /** Starts a declaration of the model that writes {@code table}. */
    public static Builder of(TableRef table) {
        return new Builder(table);
    }

    /** The model's rows from its inputs: a pure function of them and the build's context. */
    @FunctionalInterface
    public interface Transform {
        Dataset<Row> build(Inputs in, BuildContext context);
    }

    /** The rules a model's table must pass once written; {@code in} gives its refs, for reconciliations. */
    @FunctionalInterface
    public interface Suite {
        List<Rule> rules(Inputs in);
    }

    /** A declaration in the order it reads: table, inputs, transform, materialization, checks. */
    public static final class Builder {
        private final TableRef table;
        private List<String> refs = List.of();
        private List<CrmObject> sources = List.of();
        private Materialization materialization = new Materialization.Table();
        private Optional<Suite> suite = Optional.empty();

        private Builder(TableRef table) {
            this.table = table;
        }

        public Builder refs(String... tables) {
            this.refs = List.of(tables);
            return this;
        }

        public Builder sources(CrmObject... objects) {
            this.sources = List.of(objects);
            return this;
        }

        public Builder materialized(Materialization materialization) {
            this.materialization = materialization;
            return this;
        }

        public Builder checks(Suite suite) {
            this.suite = Optional.of(suite);
            return this;
        }

        public Model transform(Transform transform) {
            return new Model(table, refs, sources, transform, materialization, suite);
        }
    }
}
