package com.handoffwarehouse.transforms.crm;

/** One column of the input contract (DESIGN section 1), by its Salesforce API name. */
public record CrmColumn(String name, ColumnType type) {
    public static CrmColumn string(String name) {
        return new CrmColumn(name, ColumnType.STRING);
    }

    public static CrmColumn timestamp(String name) {
        return new CrmColumn(name, ColumnType.TIMESTAMP);
    }

    public static CrmColumn date(String name) {
        return new CrmColumn(name, ColumnType.DATE);
    }

    public static CrmColumn bool(String name) {
        return new CrmColumn(name, ColumnType.BOOLEAN);
    }

    public static CrmColumn integer(String name) {
        return new CrmColumn(name, ColumnType.INTEGER);
    }

    public static CrmColumn dbl(String name) {
        return new CrmColumn(name, ColumnType.DOUBLE);
    }

    public static CrmColumn decimal(String name) {
        return new CrmColumn(name, ColumnType.DECIMAL);
    }
}
