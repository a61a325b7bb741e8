package com.handoffwarehouse.jobs.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --as-of}: an ISO-8601 instant (2026-10-30T12:00:00Z) or a date, meaning the end of that day in UTC. */
public final class AsOfConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is neither a date (2026-10-30) nor an ISO-8601 "
                    + "timestamp with offset (2026-10-30T12:00:00Z)");
        }
    }
}
