package com.handoffwarehouse.quality;

import java.util.List;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.collection.immutable.Map;

/** The few Scala values Deequ's API wants from Java, so the rules stay free of conversions. */
final class Scala {
    private Scala() {
    }

    static <T> Option<T> none() {
        return Option.empty();
    }

    static <T> Seq<T> seq(List<T> values) {
        return JavaConverters.asScalaBuffer(values).toList();
    }

    static <T> List<T> list(Seq<T> values) {
        return JavaConverters.seqAsJavaList(values);
    }

    static <K, V> java.util.Map<K, V> map(Map<K, V> values) {
        return JavaConverters.mapAsJavaMap(values);
    }

    static Map<String, String> tag(String key, String value) {
        return new Map.Map1<>(key, value);
    }
}
