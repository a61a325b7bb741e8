#!/usr/bin/env python3
"""Summarizes a JFR recording's CPU samples, the output of `jfr print --events jdk.ExecutionSample --stack-depth 96`: samples by thread kind, top frames, and
the share of samples whose stack passes through given markers (plan strings, codegen, Delta log, Deequ...)."""
import collections, re, sys

MARKERS = {
    "plan strings (treeString/explainString/simpleString)": re.compile(r"treeString|explainString|simpleString|generateTreeString|StringConcat"),
    "SQLExecution.withNewExecutionId": re.compile(r"SQLExecution\.withNewExecutionId"),
    "AQE onUpdatePlan": re.compile(r"AdaptiveSparkPlanExec\.onUpdatePlan"),
    "query planning (analyzer/optimizer/planner)": re.compile(r"catalyst\.analysis\.|catalyst\.optimizer\.|QueryPlanner|SparkStrategies|RuleExecutor"),
    "constraint propagation": re.compile(r"QueryPlanConstraints|ConstraintHelper|constraints\(|InferFiltersFromConstraints|validConstraints"),
    "whole-stage codegen / janino": re.compile(r"codegen|janino|CodeGenerator"),
    "Delta log / snapshot": re.compile(r"delta\.(Snapshot|DeltaLog|OptimisticTransaction|actions|stats|Checksum|files)"),
    "Deequ": re.compile(r"com\.amazon\.deequ"),
    "CSV parsing (univocity)": re.compile(r"univocity"),
    "Parquet read/write": re.compile(r"parquet"),
}
text = open(sys.argv[1]).read()
samples = re.findall(r"jdk\.ExecutionSample \{(.*?)\n\}", text, re.S)
threads = collections.Counter(); tops = collections.Counter(); marks = collections.Counter()
for s in samples:
    t = re.search(r'sampledThread = "([^"]*)"', s)
    name = t.group(1) if t else "?"
    kind = "executor task" if name.startswith("Executor task launch") else name.split("-")[0].split(" ")[0]
    threads[kind] += 1
    frames = re.findall(r"^\s{4,}(\S.*?)\s+line:", s, re.M)
    if frames:
        tops[re.sub(r"\(.*", "", frames[0])] += 1
    stack = "\n".join(frames)
    for m, rx in MARKERS.items():
        if rx.search(stack):
            marks[m] += 1
n = len(samples)
print(f"{n} execution samples")
print("by thread:")
for k, c in threads.most_common(8):
    print(f"  {c*100/n:5.1f}%  {k}")
print("stack passes through:")
for k, c in marks.most_common():
    print(f"  {c*100/n:5.1f}%  {k}")
print("top frames:")
for k, c in tops.most_common(15):
    print(f"  {c*100/n:5.1f}%  {k}")
