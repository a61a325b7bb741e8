package com.handoffwarehouse.generator;

import java.io.IOException;
import java.util.function.Consumer;

/** Writes a simulation's files in one output shape and records each file in the ground truth. */
interface ShapeWriter {
    /** @return the rows written */
    long write(Simulation simulation, GroundTruth truth, Consumer<String> progress) throws IOException;
}
