package com.handoffwarehouse.jobs.catalog;

import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.View;
import scala.Function1;
import scala.Option;
import scala.collection.JavaConverters;
import scala.runtime.BoxedUnit;

/**
 * A long-lived reader (the SQL server) replaces its published views one after the other when a new
 * publication appears, so a statement planned at that moment could resolve one view to the old build and
 * another to the new one. This check, run by Spark on every analysed statement, refuses such a mix: the
 * statement fails with a request to run it again instead of answering from two builds.
 * Installed through {@code spark.sql.extensions}.
 */
public final class PublicationCheck implements Function1<SparkSessionExtensions, BoxedUnit> {
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        extensions.injectCheckRule(session -> plan -> {
            requireOnePublication(plan);
            return BoxedUnit.UNIT;
        });
        return BoxedUnit.UNIT;
    }

    /** Fails when the plan reads published views of more than one publication. */
    public static void requireOnePublication(LogicalPlan plan) {
        Set<String> publications = new TreeSet<>();
        collect(plan, publications);
        if (publications.size() > 1) {
            throw new IllegalStateException("a new build was published while this statement was being planned, "
                    + "so its tables came from two publications (" + String.join(", ", publications)
                    + "): run it again");
        }
    }

    private static void collect(LogicalPlan plan, Set<String> publications) {
        if (plan instanceof View view) {
            Option<String> id = view.desc().properties().get(SqlNames.PUBLICATION_ID);
            if (id.isDefined()) {
                publications.add(id.get());
            }
        }
        JavaConverters.seqAsJavaList(plan.children()).forEach(child -> collect(child, publications));
        JavaConverters.seqAsJavaList(plan.subqueries()).forEach(sub -> collect(sub, publications));
    }
}
